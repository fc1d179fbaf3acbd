"""One gate for WeasyPrint: every change folio makes to it goes through ``folio.pdf.weasy.patches.apply``.

The gate refuses releases of WeasyPrint and pydyf its changes were not
written for, and each change refuses a function whose signature (or source
text) is not the one it was written for, with one message that says what to
install; outside ``folio/pdf/weasy/`` folio uses WeasyPrint's public API only.
"""

from __future__ import annotations

import ast
import importlib
import json
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from conftest import REPORTS, ROOT, run_build

from folio.errors import InstallError
from folio.pdf.weasy import patches

WEASY = ROOT / "folio" / "pdf" / "weasy"
PIP = f'pip install "weasyprint=={patches.WEASYPRINT}" "pydyf=={patches.PYDYF}"'
CHANGES = [name for name, _ in patches.ORDER]


# -- the releases ------------------------------------------------------------------------------


def test_the_releases_the_changes_were_written_for_are_the_pinned_and_installed_ones() -> None:
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert f"weasyprint=={patches.WEASYPRINT}" in pins and f"pydyf=={patches.PYDYF}" in pins
    assert (version("weasyprint"), version("pydyf")) == (patches.WEASYPRINT, patches.PYDYF)
    patches.check_versions()  # the installed releases pass
    patches.check_versions("70", patches.PYDYF)  # the same release, however it is written


@pytest.mark.parametrize(
    ("weasyprint", "pydyf", "said"),
    [
        ("99.0", None, "WeasyPrint 99.0 is installed"),
        ("69.1", None, "WeasyPrint 69.1 is installed"),
        (None, "0.14.0", "pydyf 0.14.0 is installed"),
        ("71.0", "0.12.1", "WeasyPrint 71.0 and pydyf 0.12.1 are installed"),
        ("not-a-version", None, "WeasyPrint not-a-version is installed"),
    ],
)
def test_another_release_stops_with_what_is_installed_what_folio_needs_and_the_pip_command(
    weasyprint: str | None, pydyf: str | None, said: str
) -> None:
    with pytest.raises(InstallError) as stopped:
        patches.check_versions(weasyprint, pydyf)
    message = str(stopped.value)
    assert said in message
    assert f"folio needs WeasyPrint {patches.WEASYPRINT} and pydyf {patches.PYDYF}" in message
    assert message.endswith(PIP), message


@pytest.mark.slow
def test_the_command_line_stops_on_another_weasyprint_without_a_traceback(tmp_path: Path) -> None:
    """The real command line, as a user runs it, with WeasyPrint 99.0 installed as far as Python's package metadata says.

    A folder on ``PYTHONPATH`` holds ``weasyprint-99.0.dist-info/METADATA`` and nothing else: it comes
    before site-packages, so ``importlib.metadata.version("weasyprint")`` (what pip, and the gate, read)
    answers 99.0, while the code imported is still the installed WeasyPrint.  Nothing of folio is
    replaced or faked: the build starts, the PDF process reaches the gate, and the message it raises
    there travels back to the command line, which prints it and exits 1.  Installing a real other
    release would test pip, not folio; the metadata is all the gate reads.
    """
    shadow = tmp_path / "shadow" / "weasyprint-99.0.dist-info"
    shadow.mkdir(parents=True)
    (shadow / "METADATA").write_text("Metadata-Version: 2.1\nName: weasyprint\nVersion: 99.0\n", "utf-8")
    report = tmp_path / "report"
    shutil.copytree(REPORTS / "minimal", report)
    out = tmp_path / "out"
    out.mkdir()
    (out / "minimal.pdf").write_bytes(b"the edition built before")

    run = run_build("pdf", "--source", report, "--out", out, env={"PYTHONPATH": str(shadow.parent)})

    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr and "bug in folio" not in run.stderr, run.stderr
    assert f"WeasyPrint 99.0 is installed, and folio needs WeasyPrint {patches.WEASYPRINT}" in run.stderr, run.stderr
    assert PIP in run.stderr and f"nothing was written to {out}" in run.stderr, run.stderr
    assert [path.name for path in out.iterdir()] == ["minimal.pdf"]
    assert (out / "minimal.pdf").read_bytes() == b"the edition built before"


# -- the signatures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def weasyprints_signatures() -> dict[str, dict[str, str]]:
    """Each change's functions' signatures in the installed WeasyPrint and pydyf, read in a fresh interpreter (nothing changed)."""
    script = """
import json
from folio.pdf.weasy import patches
found = {}
for module in patches.patch_modules():
    here = found[module.__name__] = {}
    for name in module.SIGNATURES:
        try:
            here[name] = patches.signature_of(name)
        except Exception as error:
            here[name] = f"not there ({type(error).__name__}: {error})"
print(json.dumps(found))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", CHANGES)
def test_each_change_was_written_for_the_signatures_weasyprint_has(name: str, weasyprints_signatures: dict) -> None:
    module = importlib.import_module(f"folio.pdf.weasy.{name}")
    found = weasyprints_signatures[module.__name__]
    assert module.SIGNATURES, f"{module.__name__} records no signature of what it changes"
    changed = {target: (written, found[target]) for target, written in module.SIGNATURES.items() if found[target] != written}
    assert not changed, f"{module.__name__}: (written for, WeasyPrint's now) differ: {changed}"


def test_a_function_that_changed_stops_the_change_before_it_is_made() -> None:
    with pytest.raises(InstallError) as stopped:
        patches.expect("folio.pdf.weasy.spaces", {"weasyprint.layout.inline:count_expandable_spaces": "(box, context)"})
    message = str(stopped.value)
    assert "weasyprint.layout.inline.count_expandable_spaces(box, context)" in message and "here it is (box)" in message
    assert message.endswith(f"pip install --force-reinstall {PIP.removeprefix('pip install ')}"), message
    with pytest.raises(InstallError, match="here it is not there"):
        patches.expect("folio.pdf.weasy.spaces", {"weasyprint.layout.inline:count_spaces_gone": "(box)"})
    with pytest.raises(InstallError, match="holding `return 0 if box`"):
        patches.expect_source("folio.pdf.weasy.spaces", "weasyprint.layout.inline:count_expandable_spaces", "return 0 if box")


def test_a_change_s_own_check_stops_the_gate_before_any_change_is_made() -> None:
    """A change whose WeasyPrint source is not the one it knows (here spaces', the fourth) stops the gate with the
    first three not made either: every check runs before the first change."""
    script = """
from folio.errors import InstallError
from folio.pdf.weasy import patches, spaces
spaces.RECURSIONS = {"weasyprint.layout.inline:count_expandable_spaces": "no such call(child)"}
try:
    patches.apply()
except InstallError as error:
    print(str(error))
print(sorted(module.__name__ for module in patches.patch_modules() if module._patched))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120, cwd=ROOT)
    said, made = done.stdout.strip().split("\n")
    assert said.startswith("folio.pdf.weasy.spaces was written for weasyprint.layout.inline.count_expandable_spaces holding")
    assert made == "[]"


def test_the_gate_makes_every_change_once_and_the_wrapped_functions_keep_their_signatures() -> None:
    from weasyprint.layout import block, inline

    patches.apply()
    made = (inline.split_first_line, block.block_container_layout, block.iter_line_boxes)
    patches.apply()
    assert (inline.split_first_line, block.block_container_layout, block.iter_line_boxes) == made
    for module in patches.patch_modules():
        assert module._patched, f"{module.__name__} was not applied"
        patches.expect(module.__name__, module.SIGNATURES)  # a wrap reports the signature of what it wraps
    hold = inline.split_first_line.__code__.co_filename
    assert hold.endswith("hyphens.py"), f"the hyphenation hold must wrap the other line splitters, not {hold}"


# -- what changes WeasyPrint, and where ---------------------------------------------------------

WEASY_ROOTS = ("weasyprint", "pydyf")


def bound_modules(tree: ast.AST) -> dict[str, str]:
    """Each name a module of ``weasyprint`` or ``pydyf`` is bound to in ``tree`` (``inline`` → ``weasyprint.layout.inline``)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in WEASY_ROOTS:
                    names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in WEASY_ROOTS:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def changes_weasyprint(tree: ast.AST) -> bool:
    """Whether the code assigns to an attribute of a WeasyPrint or pydyf module or class (``inline.split_first_line = …``)."""
    bound = bound_modules(tree)
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
        for target in targets:
            attributes = 0
            while isinstance(target, ast.Subscript | ast.Attribute):
                attributes += isinstance(target, ast.Attribute)
                target = target.value
            if attributes and isinstance(target, ast.Name) and target.id in bound:
                return True
    return False


def test_every_module_that_changes_weasyprint_is_applied_by_the_gate_and_says_when_it_can_go() -> None:
    changers = sorted(path.stem for path in WEASY.glob("*.py") if changes_weasyprint(ast.parse(path.read_text("utf-8"))))
    assert changers == sorted(CHANGES), "a module that changes WeasyPrint must be in patches.ORDER, and only those"
    status = yaml.safe_load((ROOT / "docs" / "contributing" / "upstream.yaml").read_text("utf-8"))
    for name in [*CHANGES, "patches"]:
        doc = ast.get_docstring(ast.parse((WEASY / f"{name}.py").read_text("utf-8"))) or ""
        assert name in status, f"docs/contributing/upstream.yaml has no entry for folio.pdf.weasy.{name}"
        assert "\n\nUnnecessary " in doc, f"folio.pdf.weasy.{name}'s docstring does not say what would make it unnecessary"


def test_the_change_detector_sees_a_change() -> None:
    assert changes_weasyprint(ast.parse("from weasyprint.layout import block\nblock.iter_line_boxes = print\n"))
    assert changes_weasyprint(ast.parse("import pydyf\npydyf.PDF.page_references = property(len)\n"))
    assert changes_weasyprint(ast.parse("from weasyprint.layout import block\nblock.__dict__['x'] = 1\n"))
    assert not changes_weasyprint(ast.parse("from weasyprint import HTML\nsource = HTML(string='')\nsource.base_url = 'x'\n"))


# -- WeasyPrint's public API outside the adapter ------------------------------------------------

PUBLIC = {
    # WeasyPrint's "API Reference" calls what it documents public: the rest may change in any release.
    "weasyprint",  # the package itself (imported early, for its start-up time)
    "weasyprint.HTML",  # documents in, laid out (render), written (write_pdf)
    "weasyprint.CSS",  # stylesheets, with their url_fetcher and font_config
    "weasyprint.text.fonts.FontConfiguration",  # @font-face faces shared by HTML and CSS (tutorial, "Fonts")
    "weasyprint.urls.URLFetcher",  # the URL fetcher a document's files come through ("URL fetchers")
    "weasyprint.urls.URLFetcherResponse",  # what a URL fetcher answers
    # pydyf: none; WeasyPrint writes the PDF, pikepdf reads and mends it.
}
"""What of WeasyPrint and pydyf folio may use outside ``folio/pdf/weasy/``; everything else goes through that adapter."""


def outside_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """Each line's use of a WeasyPrint or pydyf name outside :data:`PUBLIC`: imports, and attributes of what they bound."""
    found = []
    bound = bound_modules(tree)
    parts = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}  # read as part of the outer one
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                root = node.module if isinstance(node, ast.ImportFrom) else None
                name = f"{root}.{alias.name}" if root else alias.name
                if name.split(".")[0] in WEASY_ROOTS and not public(name):
                    found.append((node.lineno, name))
        elif isinstance(node, ast.Attribute) and id(node) not in parts:
            chain, inner = [node.attr], node.value
            while isinstance(inner, ast.Attribute):
                chain.insert(0, inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id in bound:
                name = ".".join([bound[inner.id], *chain])
                if not public(name):
                    found.append((node.lineno, name))
    return found


def public(name: str) -> bool:
    """Whether ``name`` is public API, a member of it (``weasyprint.HTML.render``) or a module on the way to it."""
    if name in PUBLIC:
        return True
    return any(name.startswith(api + ".") or api.startswith(name + ".") for api in PUBLIC if api != "weasyprint")


def test_outside_the_adapter_folio_uses_weasyprints_public_api_only() -> None:
    files = [path for path in (ROOT / "folio").rglob("*.py") if WEASY not in path.parents]
    files += [ROOT / "build.py", *(ROOT / "tools").rglob("*.py")]
    found = {
        f"{path.relative_to(ROOT).as_posix()}:{line}": name
        for path in files
        for line, name in outside_uses(ast.parse(path.read_text("utf-8")))
    }
    assert not found, f"WeasyPrint's internals outside folio/pdf/weasy/ (move them into the adapter): {found}"


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("from weasyprint.layout import block", ["weasyprint.layout.block"]),
        ("from weasyprint.formatting_structure.boxes import LineBox", ["weasyprint.formatting_structure.boxes.LineBox"]),
        ("import weasyprint\nweasyprint.layout.block.x = 1", ["weasyprint.layout.block.x"]),
        ("import pydyf", ["pydyf"]),
        ("import weasyprint.document as document\ndocument.Page", ["weasyprint.document", "weasyprint.document.Page"]),
        ("from weasyprint import HTML, CSS\nHTML.render", []),
        ("from weasyprint.text.fonts import FontConfiguration", []),
        ("import weasyprint\nweasyprint.HTML(string='')", []),
        ("from weasyprint.layout.inline import split_first_line", ["weasyprint.layout.inline.split_first_line"]),
    ],
)
def test_the_public_api_rule_sees_internals(code: str, flagged: list[str]) -> None:
    assert [name for _, name in outside_uses(ast.parse(code))] == flagged
