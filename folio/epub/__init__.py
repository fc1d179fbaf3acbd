"""Stage 4b: the EPUB 3, written by pandoc and finished: fonts, metadata, page list."""
