"""Every published file sanitised: nothing in it runs, nothing in it fetches.

The checks of stages 1 and 2 refuse what is active at its file and line;
this package is the last step before a file is written, whatever made its
content.  The web edition's page and each XHTML document of the EPUB go
through nh3 (Ammonia) with folio's allow list (:mod:`.allow`), URLs are
judged by where they lead (:mod:`.policy`), stylesheets and ``style=`` by a
CSS parser (:mod:`.css`), SVG pictures as drawings (:mod:`.files`), and the
web edition carries a Content-Security-Policy (:mod:`.editions`).  A report's
own templates are read for what their markup writes (:mod:`.templates`)
before they run.
"""
