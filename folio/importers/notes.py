"""What an import could not carry over, each at its file and line, said once."""

from __future__ import annotations


class Notes:
    """Lines for the author: ``file:line: what, and what to do``; many of one kind in a file are one line."""

    def __init__(self) -> None:
        self.items: list[tuple[str, int | None, str]] = []
        self.groups: dict[tuple[str, str], tuple[list[int], str]] = {}
        self.order: list[tuple[str, object]] = []
        self.plurals: dict[tuple[str, str], str] = {}

    def add(self, path: str, line: int | None, message: str) -> None:
        item = (path, line, message)
        if item not in self.items:
            self.items.append(item)
            self.order.append(("item", item))

    def count(self, path: str, line: int, kind: str, message: str, many: str | None = None) -> None:
        """One more of ``kind`` in ``path``: said as one line, ``path: N kinds (lines …): message`` (``many``: the plural)."""
        key = (path, kind)
        if key not in self.groups:
            self.groups[key] = ([], message)
            self.plurals[key] = many or plural(kind)
            self.order.append(("group", key))
        if line not in self.groups[key][0]:
            self.groups[key][0].append(line)

    def __bool__(self) -> bool:
        return bool(self.items or self.groups)

    def lines(self, order: list[str] | tuple[str, ...] = ()) -> list[str]:
        """Every note, file by file in ``order`` (the settings, then the pages in reading order), then by line."""
        rank = {path: n for n, path in enumerate(order)}
        said = []
        for number, (what, value) in enumerate(self.order):
            if what == "item":
                path, line, message = value
                text = f"{path}:{line}: {message}" if line else f"{path}: {message}"
            else:
                path, kind = value
                lines, message = self.groups[value]
                line = lines[0]
                where = ", ".join(str(n) for n in lines)
                text = (
                    f"{path}:{line}: {kind}: {message}"
                    if len(lines) == 1
                    else f"{path}: {len(lines)} {self.plurals[value]} (lines {where}): {message}"
                )
            said.append(((rank.get(path, len(rank)), path if path not in rank else "", line or 0, number), text))
        return [text for _, text in sorted(said)]


def plural(kind: str) -> str:
    return kind if kind.endswith("s") else f"{kind}s"
