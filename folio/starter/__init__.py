"""``folio new``: a starter report folder that builds at once."""
