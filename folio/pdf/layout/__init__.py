"""One layout by WeasyPrint: how folio runs it (fetcher, fonts, log) and what it reads back from it.

What reached the pages and what the sources hold (:mod:`.checks`, :mod:`.notes`), the page labels and
map, cross-references' spreads, runs of hyphenated lines, and the page map kept in folio's cache.
"""
