"""One declaration for each field of ``report.yaml``, a chapter's header and a profile.

Each field is declared once, with its type, whether it is required or its
default, its meaning and an example (:mod:`.report`, :mod:`.chapter`,
:mod:`.profile`; the kinds of field are in :mod:`.types`).  The loaders read
the fields through these declarations and take from them the words of a
message for a wrong value; the reference pages of the documentation and the
commented ``report.yaml`` that ``folio new`` writes are made from them too.
"""

from folio.source.schema.chapter import CHAPTER
from folio.source.schema.profile import PROFILE
from folio.source.schema.report import REPORT

SCHEMAS = {"report": REPORT, "chapter": CHAPTER, "profile": PROFILE}

__all__ = ["CHAPTER", "PROFILE", "REPORT", "SCHEMAS"]
