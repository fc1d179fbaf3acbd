"""Stage 2: every Markdown source through pandoc, checked, with its notes and citations."""
