"""A content-addressed cache for slow, pure work, so an edit re-runs only what changed.

pandoc's parses and HTML, the screen layout's page map and the EPUB's font
subsets are kept here.  Keys are hashed from everything that decides the
result (the pandoc version, the arguments, the input text; for folio's own
work, the content of its code and of the files it reads), so a stale entry
can never be returned: a changed input is simply a different key.  Values are
JSON, stored one file per key under the cache folder, written atomically.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from folio import __version__
from folio.run.files import DISK_ERRORS, write_whole


def cache_folder() -> Path:
    """folio's cache: ``$FOLIO_CACHE``, else ``$XDG_CACHE_HOME/folio`` or ``~/.cache/folio``."""
    base = os.environ.get("FOLIO_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "folio")
    return Path(base)


class Cache:
    """Values by key, in memory and (with a folder) on disk."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    @staticmethod
    def digest(key: Any) -> str:
        blob = json.dumps([__version__, key], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def path(self, digest: str) -> Path | None:
        return None if self.folder is None else self.folder / digest[:2] / f"{digest}.json"

    def get(self, key: Any) -> Any:
        digest = self.digest(key)
        if digest in self.memory:
            self.hits += 1
            return self.memory[digest]
        path = self.path(digest)
        if path is not None and path.is_file():
            try:
                value = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                value = None
            if value is not None:
                self.hits += 1
                self.memory[digest] = value
                return value
        self.misses += 1
        return None

    def put(self, key: Any, value: Any) -> Any:
        """Keep ``value`` under ``key``; returns it in the form a later :meth:`get` gives, to use in its place (one copy in memory)."""
        digest = self.digest(key)
        text = json.dumps(value, ensure_ascii=False)
        value = json.loads(text)  # the form a later get() returns
        self.memory[digest] = value
        path = self.path(digest)
        if path is None:
            return value
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_whole(path, text.encode("utf-8"))
        except OSError as error:
            if error.errno not in DISK_ERRORS:
                raise
            # a full or read-only cache folder costs the next build time, never this build its editions
        return value


def remembered_bytes(key: Any, make: Callable[[], bytes]) -> bytes:
    """``make()``, kept in folio's cache folder under ``key``: the key must name everything ``make`` depends on."""
    store = Cache(cache_folder())
    if (hit := store.get(["bytes", key])) is not None:
        return base64.b64decode(hit)
    data = make()
    store.put(["bytes", key], base64.b64encode(data).decode("ascii"))
    return data
