"""Streamlit-aware building blocks shared by the pages: navigation, language, sidebar, figures."""
