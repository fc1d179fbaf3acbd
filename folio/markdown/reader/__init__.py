"""How pandoc is asked to read: a source's Markdown dialect, and the report's references as citeproc metadata."""
