"""Word in and out: ``folio import`` (a .docx to a report folder) and ``folio build docx`` (a review copy)."""
