"""The Jinja sandbox templates run in, closed to the file system and bounded.

A report may bring its own ``templates/``, so a template is treated as
untrusted code.  Jinja's sandbox already refuses private attributes and
unsafe callables; this one also refuses every attribute and method of a path
object (``report.root.read_text()`` would otherwise read any file), bounds
the work of a render (:mod:`folio.budget`: every loop turn and call is a step,
so a loop or a recursion without end stops at a located error instead of
running on), and turns a template's own mistakes into located report errors.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from types import TracebackType
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from folio import budget
from folio.errors import Problem, quote
from folio.paths import TEMPLATES


class ReportSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox in which paths are opaque values and work is bounded."""

    template_class = budget.BudgetedTemplate
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # no constant folding: it would run a template's filters while it compiles, outside any budget
        kwargs.setdefault("optimized", False)
        super().__init__(*args, **kwargs)
        self.filters = {name: budget.bounded(function) for name, function in self.filters.items()}
        self.filters[budget.COUNTED] = budget.counted
        self.globals["namespace"] = budget.BoundedNamespace
        del self.globals["lipsum"]  # lipsum(n=10**9) would be one call too long for any budget; a report has no use for it

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Every ``{% for %}`` counts its turns (:func:`folio.budget.counted`)."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, budget.COUNTED, [], [], None, None, lineno=loop.iter.lineno)
        return tree

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's own signature)
        budget.step()
        owner = getattr(__obj, "__self__", None) or getattr(getattr(__obj, "__wrapped__", None), "__self__", None)
        if isinstance(owner, str):  # "{:>9999999999}".format(…): the string's own method
            budget.check_arguments(__obj.__name__, (owner, *args), kwargs)
        else:
            budget.check_arguments("", args, kwargs)
        return budget.check_result(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget.step()
        budget.check_operation(operator, left, right)
        return budget.check_result(super().call_binop(context, operator, left, right))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, (PurePath, os.PathLike)) or isinstance(value, (PurePath, os.PathLike)):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, (PurePath, os.PathLike)) or any(obj is banned for banned in _FILE_CALLABLES):
            return False
        return super().is_safe_callable(obj)


_FILE_CALLABLES = (open, Path, os.open, __import__, eval, exec, compile)


def template_problem(error: BaseException, roots: tuple[Path, ...]) -> Problem | None:
    """A template error raised in one of a report's own template folders, located; else ``None``.

    Only templates the report brings are the author's to fix: an error in
    folio's own templates stays a bug with its traceback.
    """
    if not isinstance(error, (TemplateError, RecursionError, MemoryError)):
        return None
    where = _template_frame(error, error.__traceback__, roots)
    if where is None:
        return None
    path, line, root = where
    shown = path.relative_to(root.parent).as_posix()
    if isinstance(error, budget.BudgetError):
        return Problem(shown, line, f"{error}; fix the template, or delete it to use folio's own")
    if isinstance(error, RecursionError):
        endless = "a macro, loop or template calls, includes or extends itself without end"
        return Problem(shown, line, f"{endless}; fix the template, or delete it to use folio's own")
    if isinstance(error, MemoryError):
        return Problem(shown, line, "the template made more text than fits in memory; fix the template, or delete it to use folio's own")
    message = error.message if isinstance(error, TemplateSyntaxError) else str(error)
    message = (message or type(error).__name__).splitlines()[0]
    return Problem(shown, line, f"template error: {quote(message)}; fix the template, or delete it to use folio's own")


def _template_frame(error: BaseException, trace: TracebackType | None, roots: tuple[Path, ...]) -> tuple[Path, int, Path] | None:
    candidates: list[tuple[str | None, int | None]] = []
    if isinstance(error, TemplateSyntaxError):
        candidates.append((error.filename, error.lineno))
    # Jinja rewrites tracebacks so template lines appear as frames of the template file
    while trace is not None:
        candidates.append((trace.tb_frame.f_code.co_filename, trace.tb_lineno))
        trace = trace.tb_next
    for filename, line in reversed(candidates):
        if not filename:
            continue
        path = Path(filename).resolve()
        for root in roots:
            if path.is_relative_to(root):
                return path, line or 1, root
    return None


def own_templates(source: Path) -> tuple[Path, ...]:
    """The report's own template folder, when it has one apart from folio's."""
    folder = (source / "templates").resolve()
    builtin = TEMPLATES
    return (folder,) if folder.is_dir() and folder != builtin else ()
