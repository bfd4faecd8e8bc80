"""Classroom mode without Streamlit: a lesson's setup as a link (:mod:`core.classroom.setups`) and a class an
instructor leads (:mod:`core.classroom.room`)."""
