"""Raw markup in a chapter: HTML blocks and inline tags, comments, and what pandoc would drop without a word."""
