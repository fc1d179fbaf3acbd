"""After WeasyPrint: the PDF rewritten with pikepdf (tags, labels, bookmarks, the press edition's colour, landscape pages)."""
