"""TeX maths in every edition.

An author writes maths as pandoc reads it (``$…$``, ``$$…$$``, environments
such as ``aligned``, ``cases``, ``bmatrix``), and numbers a display as Quarto
does (``$$ … $$ {#eq-name}``, cited ``@eq-name``).  In stage 2:

* :mod:`folio.maths.equations` prepares a source's formulas: macros defined
  in maths applied (:mod:`folio.maths.macros`), bare line breaks gathered,
  a labelled display made an equation that :mod:`folio.markdown.links.numbers`
  numbers like a figure;
* :mod:`folio.maths.tex` has pandoc (its TeX reader, texmath) turn every
  formula into MathML, and says where and why one cannot be read;
* :mod:`folio.maths.draw` sets each formula's MathML as vector outlines with
  ziamath in STIX Two Math, for the PDF, and refuses what it cannot draw;
  :mod:`folio.maths.speech` reads it aloud;
* :mod:`folio.maths.check` runs all of it over the report and locates each
  problem.  (Before that, in stage 1, :mod:`folio.maths.spans` keeps the
  glyph check off the characters of formulas.)

The editions then carry the maths as each reads it best
(:mod:`folio.maths.html`): the PDF the outlines, tagged ``Formula`` with the
formula read aloud as ``/Alt`` (:mod:`folio.maths.tags`); the EPUB and the
web edition MathML with the TeX as ``alttext``, in a subset of the same font
(:mod:`folio.assemble.mathsfont`); the Word copy Word's own equations, which pandoc
writes from the same AST.
"""
