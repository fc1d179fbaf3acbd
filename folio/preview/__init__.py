"""The author's loop around a build: the live preview and the contact-sheet proof."""
