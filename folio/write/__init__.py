"""The writers: what writes each edition into the staging folder, the recipe calling each in phases.

Every edition (:mod:`folio.editions`) names its writer as ``module:attribute``;
the recipe imports it only when it builds that edition, makes one per
edition, and calls their hooks in turn (:class:`folio.write.writer.Writer`):
all ``prepare`` before the report is read, then all ``start``, all
``write`` and all ``finish``.  What they share (the report, the staging
folder, the PDF processes, one PDF edition's layout that another edition's
page list follows) is the build, :class:`folio.write.build.Build`.

This folder drives the writing stages below it (:mod:`folio.pdf`,
:mod:`folio.epub`, :mod:`folio.word`, :mod:`folio.sanitise` for the web
page); it holds no writing of its own.
"""
