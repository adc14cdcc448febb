"""Small builders shared by tests: real .docx bytes made with python-docx."""

from __future__ import annotations

import functools
import io
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def make_docx_bytes(paragraphs: list[tuple[str | None, str]]) -> bytes:
    """A .docx with one paragraph per (style, text); style None means Normal."""
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def analysed(*paths: str | Path):
    """``analyse(read_pack(paths))`` of real files, once per test session: several modules read
    the same fixtures and corpus documents (facts accuracy, the report formats, corpus facts).
    The analysis is shared, so a test must only read it, never change it."""
    return _analysed(tuple(str(Path(p).resolve()) for p in paths))


@functools.cache
def _analysed(paths: tuple[str, ...]):
    from tendercheck.documents import read_pack
    from tendercheck.nlp import analyse

    return analyse(read_pack(list(paths)))


def rule_on_docx(tmp_path: Path, rule_id: str, lines: list[str]):
    """The shipped rule ``rule_id`` evaluated on a real .docx of ``lines`` (one Normal paragraph
    each, written as tmp_path/itt.docx and read, analysed and judged as the tool does)."""
    from tendercheck.documents import read_pack
    from tendercheck.engine import evaluate_rule, load_rules
    from tendercheck.nlp import analyse

    path = tmp_path / "itt.docx"
    path.write_bytes(make_docx_bytes([(None, t) for t in lines]))
    (rule,) = [r for r in load_rules() if r.id == rule_id]
    return evaluate_rule(analyse(read_pack([str(path)])), rule)


def kind_rule(kind: str, message: str, category: str = "EFFORT", **params):
    """A test rule on a generic check kind, its options validated and defaulted as the loader
    does (a mistyped option fails the test here, not inside the check)."""
    from tendercheck.engine.checks import CHECK_KINDS
    from tendercheck.engine.model import Rule
    from tendercheck.engine.options import with_defaults

    problem = CHECK_KINDS[kind].validate(params)
    assert problem is None, problem
    return Rule(
        id="TEST-01",
        title="t",
        category=category,
        severity="warning",
        check=kind,
        params=with_defaults(kind, params),
        message=message,
        why="",
        fix="",
        source="",
        examples={"fail": [], "pass": []},
    )
