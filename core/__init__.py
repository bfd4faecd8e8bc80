"""Plain Python and Keras behind the dashboard. Nothing in this package imports streamlit."""
