"""Stage 3: the Jinja templates filled for one edition (screen or print PDF, web page)."""
