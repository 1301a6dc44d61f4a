"""The floor for bench/bench_coldstart.py: the smallest Streamlit page, one line of text, served
with the project's own .streamlit/config.toml. What it costs is Streamlit's, before any of our code."""
import streamlit as st

st.write("Streamlit floor")
