"""The web edition: one HTML file that carries its styles, faces and pictures."""

from folio.editions.edition import Edition

EDITION = Edition(
    name="html",
    target="html",
    file_name="{stem}.html",
    stylesheets=("report.css", "code.css", "scripts.css", "maths.css", "quarto.css", "web.css"),
    checksummed=True,
    writer="folio.write.web:WebWriter",
    help="single-file web edition",
    pictures="screen",
    template="web.html.j2",
    self_contained=True,
    quarto_formats=frozenset({"html", "html4", "html5"}),
)
