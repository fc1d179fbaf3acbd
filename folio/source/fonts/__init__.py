"""Which faces set which text: languages and their scripts and directions, and a report's own fonts."""
