"""A report's pictures as they come in: PNG and JPEG headers and pixels, SVG drawings and their size."""
