"""The Word styles a callout is set in: *Callout* (its text, ruled and tinted) and *Callout Title*.

pandoc writes a div with ``custom-style`` in the style of that name and
makes the style up, unstyled, when the reference document lacks it; these
give it the editions' look: a rule down the left in the accent colour, a
light tint, the title in bold sans (:mod:`folio.markdown.quarto.editions`).
"""

from __future__ import annotations

from lxml import etree

from folio.word.package import NS, PARSER

STYLES = """<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Callout">
  <w:name w:val="Callout"/><w:basedOn w:val="BodyText"/><w:qFormat/>
  <w:pPr>
    <w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{accent}"/></w:pBdr>
    <w:shd w:val="clear" w:color="auto" w:fill="F3F5F7"/>
    <w:ind w:left="284" w:right="284"/>
  </w:pPr>
</w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="CalloutTitle">
  <w:name w:val="Callout Title"/><w:basedOn w:val="Callout"/><w:next w:val="Callout"/><w:qFormat/>
  <w:pPr><w:keepNext/></w:pPr>
  <w:rPr><w:rFonts w:ascii="{sans}" w:hAnsi="{sans}" w:cs="{sans}"/><w:b/><w:bCs/></w:rPr>
</w:style>
</w:styles>"""


def add_callout_styles(root, accent: str, sans: str) -> None:
    """Add the two styles to ``word/styles.xml`` (parsed as ``root``), unless it has them."""
    have = {style.get(f"{{{NS['w']}}}styleId") for style in root.findall("w:style", NS)}
    for style in etree.fromstring(STYLES.format(accent=accent, sans=sans).encode("utf-8"), PARSER):
        if style.get(f"{{{NS['w']}}}styleId") not in have:
            root.append(style)
