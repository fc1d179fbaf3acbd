"""The CSS that sets a report's own faces (``styles/fonts/fonts.yaml``) for the languages and scripts they serve.

folio's faces are chosen by ``scripts.css``; a team's faces by the rules
made here, one per family: text tagged with one of its languages, or with a
language of a script it names, is set in that family after the Latin face,
serif in running text and sans in headings, the symbol and emoji faces
after it.  The PDF finds the files through its font configuration
(:mod:`folio.pdf.layout.fontconfig`); the EPUB and the web edition embed them as
folio's own faces.
"""

from __future__ import annotations

from folio.model import Report
from folio.source.fonts.faces import manifest
from folio.source.fonts.scripts import SCRIPT_OF_LANGUAGE

HEADINGS = ":is(h1, h2, h3, h4, h5, h6, .kicker, th, .facts, .toc, .numeral, .figure-label, figcaption, .colophon, .cover)"
FALLBACKS = '"Folio Math", "Folio Symbols", "Folio Symbols 2", "Folio Emoji"'


def team_css(report: Report) -> str:
    """One rule per team family, for running text and for headings; empty when the report adds no face."""
    faces = [face for face in manifest(report) if face.team]
    rules = []
    for family in dict.fromkeys(face.family for face in faces):
        own = [face for face in faces if face.family == family]
        languages = list(dict.fromkeys(language for face in own for language in face.languages))
        scripts = {face.script for face in own}
        languages += [language for language, script in SCRIPT_OF_LANGUAGE.items() if script in scripts and language not in languages]
        if not languages:
            continue
        name = family.replace('"', "")
        selector = ", ".join(f'[lang|="{language}"]' for language in languages)
        rules.append(f'{selector} {{ font-family: "Folio Serif", "{name}", {FALLBACKS}, serif; }}')
        rules.append(f'{HEADINGS} :is({selector}) {{ font-family: "Folio Sans", "{name}", {FALLBACKS}, sans-serif; }}')
    return "\n".join(rules)


def with_team_css(report: Report, page: str) -> str:
    """An edition's HTML page with the team's rules in a style element at the end of its head."""
    css = team_css(report)
    return page.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1) if css else page
