"""How much work one render of a template may do.

A report's own template is code someone else wrote; a loop without end, a
macro that calls itself, or text doubled a hundred times would otherwise hang
the build or fill the memory.  So every render has a budget, counted the same
way on every machine (never by the clock, so a build does not fail only when
the machine is busy):

* :data:`STEPS` steps: one per turn of a ``{% for %}`` loop and one per call
  (a macro, a method, a global);
* :data:`TEXT` characters for any one value a template makes (a string or a
  list), checked on the arguments and results of calls and filters, and on
  ``*`` and ``**`` before they run;
* :data:`OUTPUT` characters of output.

folio's own templates use a small part of each (about a hundred steps a
part or a profile).
Past a limit the render stops with :class:`BudgetError`, which the build
reports at the template's line (:func:`folio.sandbox.template_problem`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import Template
from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace

STEPS = 5_000_000
"""Loop turns and calls in one render: folio's own templates take about 600 for this repository's report."""
TEXT = 50_000_000
"""Characters (or items) in one value a template makes."""
OUTPUT = 256_000_000
"""Characters one render may write."""
COUNTED = "folio_counted"
"""The filter :class:`folio.sandbox.ReportSandbox` wraps around every loop's iterable."""


class BudgetError(SecurityError):
    """A render went past one of its limits."""


class _Spent(threading.local):
    steps = 0
    depth = 0


_spent = _Spent()


@contextmanager
def render_scope() -> Iterator[None]:
    """One render's budget: the outermost render starts from nothing; nested ones share it."""
    if _spent.depth == 0:
        _spent.steps = 0
    _spent.depth += 1
    try:
        yield
    finally:
        _spent.depth -= 1


def step() -> None:
    _spent.steps += 1
    if _spent.steps > STEPS:
        raise BudgetError(f"the template ran past {STEPS:,} steps (loop turns and calls) in one render: a loop or a recursion without end?")


def counted(iterable: Iterable) -> Iterator:
    """The items of a loop's iterable, each turn a step."""
    for item in iterable:
        step()
        yield item


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) else 0


def _too_big(what: str) -> BudgetError:
    return BudgetError(f"the template made {what} longer than {TEXT:,} characters or items")


def check_result(value: Any) -> Any:
    if _size(value) > TEXT:
        raise _too_big("a value")
    return value


SIZED = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate", "batch", "slice"})
"""Filters and string methods whose number arguments are sizes of what they make."""
WIDE_FORMAT = re.compile(r"[%:][^a-zA-Z%{}]*?\d{9,}|%[^a-zA-Z%]*\*")
"""A printf or format field asking for a width of a billion characters, or a printf width given as an argument."""
NESTED_FIELD = re.compile(r"\{[^{}]*\{")


def check_arguments(name: str, args: tuple, kwargs: dict) -> None:
    """No argument may be too large already, and none may ask for a value too large (``center(10**10)``)."""
    values = (*args, *kwargs.values())
    # "{:>{}}".format(1, n): a width given as an argument is a size too
    sized = name in SIZED or (name == "format" and any(isinstance(value, str) and NESTED_FIELD.search(value) for value in values))
    for value in values:
        if _size(value) > TEXT:
            raise _too_big("a value")
        if sized and isinstance(value, int) and not isinstance(value, bool) and abs(value) > TEXT:
            raise BudgetError(f"the template asked {name} for a size of {value:,}, more than {TEXT:,}")
        if name == "format" and isinstance(value, str) and WIDE_FORMAT.search(value):
            raise BudgetError(f"the template asked format for a width of more than {TEXT:,} characters, or a width from an argument")


def check_operation(operator: str, left: Any, right: Any) -> None:
    """``"x" * n`` and ``[…] * n`` stay within :data:`TEXT`, and so does ``"%9999999999d" % n``; ``a ** b`` stays a reasonable number."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if _size(sequence) and isinstance(times, int) and _size(sequence) * times > TEXT:
                raise _too_big("a repeated value")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 10_000:
        raise BudgetError(f"the template raised a number to the power {right:,}; numbers that large are not what a report needs")
    elif operator == "%" and isinstance(left, str):
        check_arguments("format", (left,), {})


def bounded(function: Callable) -> Callable:
    """A filter whose arguments and result are checked against :data:`TEXT`, each call a step."""

    name = getattr(function, "__name__", "").removeprefix("do_")

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        step()
        check_arguments(name, args, kwargs)
        return check_result(function(*args, **kwargs))

    return wrapper


class BoundedNamespace(Namespace):
    """``namespace()``, whose attributes (``{% set ns.text = ns.text ~ ns.text %}``) are checked against :data:`TEXT`."""

    def __setitem__(self, name: str, value: Any) -> None:
        step()
        check_result(value)
        super().__setitem__(name, value)


class BudgetedTemplate(Template):
    """A template whose renders keep to the budget, output included."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with render_scope():
            context = self.new_context(dict(*args, **kwargs))
            try:
                return self.environment.concat(_bounded_output(self.root_render_func(context)))  # type: ignore[attr-defined]
            except Exception:
                self.environment.handle_exception()
        raise AssertionError("unreachable: handle_exception always raises")

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        with render_scope():
            yield from _bounded_output(super().generate(*args, **kwargs))

    def make_module(self, vars=None, shared=False, locals=None):  # noqa: A002 (Jinja's own signature)
        with render_scope():
            return super().make_module(vars, shared, locals)


def _bounded_output(chunks: Iterable[str]) -> Iterator[str]:
    written = 0
    for chunk in chunks:
        written += len(chunk)
        if written > OUTPUT:
            raise BudgetError(f"the template wrote more than {OUTPUT:,} characters")
        yield chunk
