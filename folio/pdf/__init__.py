"""Stage 4a: the PDF, laid out and painted by WeasyPrint, read back, checked and finished."""
