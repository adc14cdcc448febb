"""Issue 16, the G-Cloud pack's faster paths: each remembered or rewritten answer must be what
the plain way gives (.docx numbers and spacing, sentence offsets, clause readers)."""

from __future__ import annotations

import itertools
import random
import zipfile
from dataclasses import replace

import pytest
from lxml import etree

from .helpers import CORPUS, FIXTURES


def _docx_files() -> list:
    found = sorted(FIXTURES.rglob("*.docx"))
    if CORPUS.is_dir():
        found += sorted(CORPUS.glob("0[1-5]_*.docx"))
    return found


# ---------------------------------------------------------------------------------------------
# .docx numbers: each attribute text's number remembered, the default applied per call
# ---------------------------------------------------------------------------------------------


def test_a_remembered_xml_number_keeps_each_callers_default(monkeypatch):
    from tendercheck.documents import office_text
    from tendercheck.documents.office_text import _parse_xml_int, xml_int

    monkeypatch.setattr(office_text, "_XML_INTS", {})
    values = ["12", " 12 ", "12.0", "-3", "x", "", "inf", "1e999", "²", "2147483648", "7"]
    for value in values * 2:  # the second round reads the remembered answers
        for default in (5, None, 0):
            parsed = _parse_xml_int(value)
            assert xml_int(value, default) == (default if parsed is None else parsed)
    assert xml_int("x", 5) == 5 and xml_int("x") is None
    assert xml_int("12", 5) == 12 and xml_int(None, 4) == 4


# ---------------------------------------------------------------------------------------------
# .docx spacing: read once per combination of a w:spacing's attributes
# ---------------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _spacings_of_the_fixtures():
    for path in _docx_files():
        with zipfile.ZipFile(path) as zf:
            root = etree.fromstring(zf.read("word/document.xml"))
        yield from root.iter(f"{{{_W}}}spacing")


def _made_spacings():
    """The same attributes in different orders and with different values or rules."""
    rng = random.Random(16)
    names = ["before", "after", "line", "lineRule", "beforeAutospacing", "afterAutospacing"]
    values = {
        "before": ["0", "120", "240"],
        "after": ["0", "120", "2400"],
        "line": ["240", "360", "480"],
        "lineRule": ["auto", "exact", "atLeast"],
        "beforeAutospacing": ["0", "1"],
        "afterAutospacing": ["1", "off"],
    }
    for _ in range(300):
        chosen = rng.sample(names, rng.randint(1, len(names)))
        el = etree.Element(f"{{{_W}}}spacing")
        for name in chosen:
            el.set(f"{{{_W}}}{name}", rng.choice(values[name]))
        yield el


def test_each_paragraph_gets_the_spacing_its_own_element_gives():
    from tendercheck.documents.docx_body import BodyWalker
    from tendercheck.documents.docx_numbering import Numbering
    from tendercheck.documents.docx_styles import Styles, paragraph_spacing
    from tendercheck.documents.limits import DEFAULT_LIMITS, Budget
    from tendercheck.documents.office_pages import PageTracker

    styles = Styles(None)
    walker = BodyWalker(
        styles,
        Numbering(None, styles),
        PageTracker(rendered=False),
        [],
        Budget("t", DEFAULT_LIMITS),
    )
    base = styles.para(None)
    other = replace(base, style_id="Other", before=3.0, after=4.0, line=1.5)
    spacings = list(itertools.chain(_spacings_of_the_fixtures(), _made_spacings()))
    assert len(spacings) > 300
    distinct = set()
    for style in (base, other):
        for sp in spacings:
            before, after, line = paragraph_spacing(sp)
            got = walker.spaced(style, sp)
            assert (got.before, got.after, got.line) == (
                style.before if before is None else before,
                style.after if after is None else after,
                style.line if line is None else line,
            ), etree.tostring(sp)
            assert got.style_id == style.style_id
            distinct.add((before, after, line))
    assert len(distinct) > 20


# ---------------------------------------------------------------------------------------------
# Sentence offsets: a span of the whitespace-collapsed text mapped back onto the block text
# ---------------------------------------------------------------------------------------------


def _map_span_plainly(raw: str, start: int, end: int) -> tuple[int, int]:
    """The character-by-character mapping."""
    mapping = []
    prev_space = False
    for i, ch in enumerate(raw):
        if ch.isspace():
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        mapping.append(i)
    mapping.append(len(raw))
    return mapping[min(start, len(mapping) - 1)], mapping[min(end, len(mapping) - 1)]


def test_a_span_maps_back_onto_the_block_text_as_character_by_character():
    from tendercheck.nlp.text import _WS, _map_span

    rng = random.Random(24)
    alphabet = "ab.  \n\t\r\x0b\x1c\u00a0\u2003"
    checked = 0
    for _ in range(20_000):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        size = len(_WS.sub(" ", raw))
        start = rng.randint(0, size)  # spaCy's spans lie within the collapsed text
        end = rng.randint(start, size)
        assert _map_span(raw, start, end) == _map_span_plainly(raw, start, end), (raw, start, end)
        checked += raw != " ".join(raw.split())
    assert checked > 10_000
    text = "Bidders  must\n\n  submit\tthe form"
    seen = _WS.sub(" ", text)
    at = seen.index("submit")
    assert _map_span(text, at, at + len("submit the")) == (
        text.index("submit"),
        text.index("submit") + len("submit\tthe"),
    )


# ---------------------------------------------------------------------------------------------
# Clause readers: answers kept per clause object
# ---------------------------------------------------------------------------------------------


def test_reads_answers_each_clause_object_as_its_values_say(monkeypatch):
    from tendercheck.nlp import clauses
    from tendercheck.nlp.clauses import Clause, reads, vocabulary

    monkeypatch.setattr(clauses, "_BY_OBJECT_KEEP", 7)  # cleared often: ids of freed clauses recur
    clauses._BY_OBJECT.clear()
    readers = list(vocabulary()["readers"])
    parts = ["instructions", "guidance", "definitions", "terms", "specification", "selection"]
    forces = ["none", "must", "may", "conditional", "example"]
    rng = random.Random(11)
    answers = set()
    for _ in range(3_000):
        clause = Clause(
            part=rng.choice(parts),
            force=rng.choice(forces),
            later_call_off=rng.random() < 0.3,
            procedure=rng.choice(["unknown", "call_off", "framework"]),
        )
        reader = rng.choice(readers)
        expected = clauses._reads.__wrapped__(reader, clause)
        assert reads(reader, clause) is expected, (reader, clause)
        answers.add(expected)
    assert answers == {True, False}
    assert reads("statements", None) is True


@pytest.mark.parametrize("marked", [False, True])
def test_call_off_clauses_are_marked_once_each_and_equal_to_a_fresh_mark(marked):
    from tendercheck.nlp.clauses import Clause, mark_later_call_offs
    from tendercheck.nlp.model import Sentence

    def unit(i, clause):
        return Sentence(
            text=f"unit {i}", doc_index=0, block=i, start=0, end=6, page=1, section=(),
            kind="paragraph", document="d", clause=clause,
        )  # fmt: skip

    call_off = Clause(part="terms", force="must", procedure="call_off")
    other = Clause(part="specification", force="may", procedure="call_off", lots=("2",))
    joining = Clause(part="selection", force="must", procedure="framework")
    kinds = [joining, call_off, replace(call_off), None, other]
    units = [unit(i, c) for i, c in enumerate(kinds * 3)]
    if marked:  # a framework pack: the call-off documents' clauses bind later call-offs
        out = mark_later_call_offs(units)
        assert [s.clause.later_call_off for s in out if s.clause] == [False, True, True, True] * 3
        for before, after in zip(units, out, strict=True):
            if before.clause is None or before.clause.procedure != "call_off":
                assert after is before
            else:
                assert after.clause == replace(before.clause, later_call_off=True)
                assert replace(after, clause=before.clause) == before
    else:
        framework_free = [s for s in units if s.clause is not joining]
        assert mark_later_call_offs(framework_free) == framework_free
