"""Streamlit-only pieces of the page; the logic they show lives in geo/."""
