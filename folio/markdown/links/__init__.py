"""What links to what: heading ids, explicit ids, cross-references and their numbers, reference-style links; pictures' paths and sizes."""
