"""The PDF laid out by parts (``--jobs N``): split, laid out in a pool of forks, joined into one document.

:mod:`.parts` cuts the edition's HTML into its parts and lays one out;
:mod:`.pool` runs the pool and the hyphenation rounds over the whole book;
:mod:`.forks` is the pool of forked processes; :mod:`.store` keeps laid-out
parts in folio's cache; :mod:`.merge` combines the parts' checks and page
maps; :mod:`.join` makes one PDF of the parts' files.
"""
