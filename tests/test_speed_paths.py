"""Issue 16, the faster paths: each must give exactly what the plain (slow) way gives.

PDF table cells: PDFium's characters read with fewer, cheaper calls, and each cell's characters
found through an index instead of testing every character against every row. (Timings live in
bench/, never in tests.)
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from tendercheck.documents import pdf_reader, pdf_tables
from tendercheck.documents.limits import DEFAULT_LIMITS

from .helpers import CORPUS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# ---------------------------------------------------------------------------------------------
# PDF table characters and cells
# ---------------------------------------------------------------------------------------------


def mixed_tables_pdf() -> bytes:
    """Ruled tables whose cells mix fonts and sizes (so text objects differ in size and
    descent), with hyphenated words, long cells that wrap and empty cells."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["BodyText"], fontSize=7, leading=8)
    big = ParagraphStyle("big", parent=styles["BodyText"], fontName="Times-Bold", fontSize=14)
    story = []
    for page in range(3):
        rows = [[Paragraph("Question", big), Paragraph("Answer", big), "Weight"]]
        for k in range(1, 8):
            rows.append(
                [
                    Paragraph(f"Q{page}.{k} Describe your self-assessment of item {k} " * 2, small),
                    Paragraph("<b>Pass</b>/<i>fail</i> with evi-dence", styles["BodyText"]),
                    "" if k % 3 == 0 else f"{k * 5}%",
                ]
            )
        table = Table(rows, colWidths=[250, 150, 60])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


def plain_page_chars(raw, page) -> list[dict]:
    """The characters as read a call at a time through pypdfium2's public bindings: every
    character's code, whether PDFium generated it, its size and its font's descent."""
    rect = pdfium_c.FS_RECTF()
    ox, oy, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    chars: list[dict] = []
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0, 10, 13):
            continue
        if pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            if code == 32 and chars and not chars[-1]["text"].isspace():
                chars.append({**chars[-1], "text": " ", "x1": chars[-1]["x0"]})
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, ctypes.byref(rect)):
            continue
        if not pdfium_c.FPDFText_GetCharOrigin(raw, index, ctypes.byref(ox), ctypes.byref(oy)):
            continue
        size = pdfium_c.FPDFText_GetFontSize(raw, index) or (rect.top - rect.bottom)
        obj = pdfium_c.FPDFText_GetTextObject(raw, index)
        font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
        below = 0.0
        if font and pdfium_c.FPDFFont_GetDescent(font, size, ctypes.byref(descent)):
            below = descent.value
        bottom = page.top - (oy.value + below)
        chars.append(
            {
                "text": "-" if code == 2 else chr(code),
                "x0": rect.left - page.left,
                "x1": rect.right - page.left,
                "top": bottom - size,
                "bottom": bottom,
                "doctop": bottom - size,
                "upright": True,
                "size": size,
            }
        )
    return chars


def as_tuples(chars: list[dict]) -> list[tuple]:
    """pdfplumber's character dicts as the table reader's (text, x0, x1, top, bottom)."""
    return [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in chars]


def as_dicts(chars: list[tuple]) -> list[dict]:
    """The table reader's characters as pdfplumber's dicts (for its own text extraction)."""
    return [
        {"text": t, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
         "upright": True, "size": bottom - top}
        for t, x0, x1, top, bottom in chars
    ]  # fmt: skip


def ruled_pages(data: bytes):
    """The pages read_pdf flags for tables (their Page records), from a real read."""
    seen = {}
    original = pdf_reader.extract_tables

    def keep(data_, name, pages, *args):
        seen["pages"] = [p for p in pages if p.ruled]
        return original(data_, name, pages, *args)

    pdf_reader.extract_tables = keep
    try:
        pdf_reader.read_pdf(data, "t.pdf", DEFAULT_LIMITS)
    finally:
        pdf_reader.extract_tables = original
    return seen.get("pages", [])


PDFS = {
    "mixed fonts": mixed_tables_pdf,
    "homecare fixture": lambda: (FIXTURES / "county-council-homecare-itt.pdf").read_bytes(),
}


@pytest.mark.parametrize("which", list(PDFS))
def test_table_characters_are_those_of_the_plain_calls(which):
    data = PDFS[which]()
    pages = ruled_pages(data)
    assert pages, "the PDF must have ruled tables for this test to mean anything"
    pdf = pdfium.PdfDocument(data)
    try:
        for page in pages:
            textpage = pdf[page.number - 1].get_textpage()
            expected = plain_page_chars(textpage.raw, page)
            assert len(expected) > 100
            assert pdf_tables.page_chars(textpage, page) == as_tuples(expected), (
                f"page {page.number}"
            )
    finally:
        pdf.close()


def pdfplumber_cells(chars, table) -> list:
    """pdfplumber's own Table.extract over these characters."""
    table.page.chars = chars
    return table.extract()


@pytest.mark.parametrize("which", list(PDFS))
def test_cells_get_the_characters_pdfplumbers_extract_gives_them(which):
    from pdfplumber.table import TableFinder

    data = PDFS[which]()
    pdf = pdfium.PdfDocument(data)
    compared = 0
    try:
        for page in ruled_pages(data):
            h_edges, v_edges = pdf_tables.table_edges(page)
            settings = {
                "vertical_strategy": "explicit",
                "horizontal_strategy": "explicit",
                "explicit_vertical_lines": v_edges,
                "explicit_horizontal_lines": h_edges,
            }
            tables = TableFinder(pdf_tables._Grid(page), settings).tables
            chars = pdf_tables.page_chars(pdf[page.number - 1].get_textpage(), page)
            placed = pdf_tables._Placed(chars)
            for table in tables:
                assert placed.extract(table.rows) == pdfplumber_cells(as_dicts(chars), table)
                compared += 1
    finally:
        pdf.close()
    assert compared


def test_a_character_on_a_cell_edge_goes_where_pdfplumber_puts_it():
    """Middles exactly on a row or column boundary belong to the cell below / to the right
    (pdfplumber's half-open boxes)."""
    from pdfplumber.table import Table

    class Grid:
        def __init__(self) -> None:
            self.chars: list[dict] = []

    cells = [(0.0, 0.0, 50.0, 20.0), (50.0, 0.0, 100.0, 20.0)]
    cells += [(0.0, 20.0, 50.0, 40.0), (50.0, 20.0, 100.0, 40.0)]
    table = Table(Grid(), cells)

    def char(text, mid_x, mid_y):
        return {
            "text": text,
            "x0": mid_x - 2,
            "x1": mid_x + 2,
            "top": mid_y - 4,
            "bottom": mid_y + 4,
            "doctop": mid_y - 4,
            "upright": True,
            "size": 8.0,
        }

    chars = [
        char("b", 14, 10),
        char("a", 10, 10),
        char("c", 50, 10),  # on the column boundary: the right cell
        char("d", 10, 20),  # on the row boundary: the lower row
        char("e", 100, 30),  # on the table's right edge: outside
        char("f", 60, 40),  # on its bottom edge: outside
        char("g", 70, 39.999),
    ]
    expected = pdfplumber_cells(chars, table)
    assert expected == [["ab", "c"], ["d", "g"]]
    assert pdf_tables._Placed(as_tuples(chars)).extract(table.rows) == expected


def test_cell_text_is_pdfplumbers_text_of_the_same_characters():
    """Random upright characters (words, spaces, ligatures, lines whose tops drift within and
    beyond the tolerance, overlaps, characters out of order): the same text as
    pdfplumber.utils.extract_text with its default settings."""
    import random

    from pdfplumber.utils import extract_text

    rng = random.Random(16)
    alphabet = "abcdefghij  \ufb01\ufb02-|."
    compared = 0
    for _ in range(400):
        chars = []
        x, top = 0.0, 0.0
        for _ in range(rng.randint(1, 60)):
            if rng.random() < 0.15:  # a new line, near or far
                top += rng.choice([0.5, 2.9, 3.0, 3.1, 6.0, 12.0, -4.0])
                x = rng.uniform(0, 20)
            width = rng.choice([2.0, 4.5, 5.0])
            x += rng.choice([0.0, 0.0, 1.0, 2.9, 3.0, 3.5, 8.0, -3.0])
            size = rng.choice([8.0, 10.0])
            drift = rng.choice([0.0, 0.0, 0.4, -1.5])
            chars.append(
                {"text": rng.choice(alphabet), "x0": x, "x1": x + width, "top": top + drift,
                 "bottom": top + drift + size, "doctop": top + drift, "upright": True,
                 "size": size}
            )  # fmt: skip
            x += width
        if rng.random() < 0.3:
            rng.shuffle(chars)
        assert pdf_tables._cell_text(as_tuples(chars)) == extract_text(chars), chars
        compared += 1
    assert compared == 400


def drawn_pdf() -> bytes:
    """Page 1: filled and stroked boxes (some under a scaled and shifted matrix), lines, a box
    drawn as four sides back to its start, a clipping path; page 2: the same plus a circle (a curve); page 3:
    boxes inside a form XObject."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(600, 800), invariant=1)

    def boxes():
        clip = c.beginPath()
        clip.rect(5, 5, 590, 790)
        c.clipPath(clip, stroke=0, fill=0)  # "re W n": a path painted with nothing
        for row in range(4):
            for col in range(3):
                c.rect(50 + 150 * col, 600 - 14 * row, 148, 12, fill=1, stroke=0)
        c.rect(40, 400, 300, 100, fill=0, stroke=1)
        c.line(40, 380, 340, 380)
        c.line(40, 300, 40, 370)
        c.line(40, 290, 140, 250)  # a sloping line
        path = c.beginPath()
        path.moveTo(400, 100)
        for x, y in ((500, 100), (500, 150), (400, 150), (400, 100)):
            path.lineTo(x, y)
        c.drawPath(path, fill=1, stroke=0)
        c.saveState()
        c.translate(30.5, 20.25)
        c.scale(0.75, 0.75)
        c.rect(100, 100, 80, 40, fill=1, stroke=0)
        c.restoreState()

    boxes()
    c.showPage()
    boxes()
    c.circle(300, 200, 30, fill=1)
    c.showPage()
    c.beginForm("boxes")
    boxes()
    c.endForm()
    c.doForm("boxes")
    c.showPage()
    c.save()
    return out.getvalue()


def test_page_edges_are_the_edges_pdfplumber_reads():
    import pdfplumber

    from tendercheck.documents.pdf_page import Page
    from tendercheck.documents.pdf_rules import page_edges

    data = drawn_pdf()

    def key(edge):
        return (edge["orientation"], *(round(edge[k], 3) for k in ("x0", "x1", "top", "bottom")))

    pdf = pdfium.PdfDocument(data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as plumb:
            page = pdf[0]
            edges = page_edges(page.raw, Page(1, 0, 0, 600, 800, 0))
            assert edges is not None
            expected = plumb.pages[0].edges
            assert len(expected) >= 50
            assert sorted(map(key, edges)) == sorted(map(key, expected))
            page.close()
        for number in (2, 3):  # a curve; a form XObject: pdfplumber must read these pages
            page = pdf[number - 1]
            assert page_edges(page.raw, Page(number, 0, 0, 600, 800, 0)) is None
            page.close()
    finally:
        pdf.close()


@pytest.mark.corpus
def test_grids_of_filled_boxes_read_from_pdfium_as_pdfplumber_reads_them(monkeypatch):
    """Corpus 08's tables drawn with the edges of filled boxes (pages 35, 45, 51, 61, 62): the
    same blocks from PDFium's paths as from pdfplumber's own page parse."""
    path = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    path = path / "08_build-uk_common-assessment-standard-v5.pdf"
    if not path.exists():
        pytest.skip(f"the real tender corpus is not at {path.parent}")
    data = path.read_bytes()
    used = []
    original = pdf_tables.page_edges

    def spied(raw, page):
        edges = original(raw, page)
        used.append((page.number, edges is not None))
        return edges

    monkeypatch.setattr(pdf_tables, "page_edges", spied)
    fast = pdf_reader.read_pdf(data, path.name, DEFAULT_LIMITS)
    assert [n for n, ok in used if ok] == [35, 45, 51, 61, 62]
    monkeypatch.setattr(pdf_tables, "page_edges", lambda raw, page: None)  # pdfplumber's way
    slow = pdf_reader.read_pdf(data, path.name, DEFAULT_LIMITS)
    assert fast.notes == slow.notes
    assert [b for b in fast.blocks if b.page in (45, 61) and b.kind == "table"]
    assert fast.blocks == slow.blocks


# ---------------------------------------------------------------------------------------------
# The literal pre-filter of the patterns run over every sentence
# ---------------------------------------------------------------------------------------------

PACKS = [
    FIXTURES / "traps",
    FIXTURES / "council-cleaning-itt.docx",
    FIXTURES / "county-council-homecare-itt.pdf",
    FIXTURES / "central-gov-digital-rfq.pdf",
    FIXTURES / "mental-health-advocacy-spec.docx",
    FIXTURES / "parish-grounds-maintenance-rfq.docx",
]


def _report(path: Path) -> tuple:
    """Every fact and every rule outcome of one pack, as plain data."""
    from tendercheck.documents import read_pack
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.nlp import analyse

    analysis = analyse(read_pack([path]))
    result = evaluate(analysis, load_rules())
    facts = {name: fact.to_dict() for name, fact in analysis.facts.items()}
    placeholders = [e.to_dict() for e in analysis.placeholders]
    rules = [
        (r.rule.id, r.status, r.severity, r.message, [e.to_dict() for e in r.evidence])
        for r in result.results
    ]
    return facts, placeholders, rules


def test_the_prefilter_is_in_use():
    from tendercheck.engine.named_checks.patterns import compile_any
    from tendercheck.lazyre import LazyPattern
    from tendercheck.nlp.extractors import (
        authority_and_regime,
        candidates,
        evaluation_patterns,
        load_extractors,
    )
    from tendercheck.nlp.prefilter import Prefiltered, Remembered

    def built(pattern):  # module-level patterns are compiled on first use (tendercheck.lazyre)
        return pattern.compiled() if isinstance(pattern, LazyPattern) else pattern

    load_extractors()
    assert isinstance(built(authority_and_regime._WORKS), Prefiltered)
    # the shared filters: pre-filtered, and their answer remembered per sentence text
    for shared in (candidates.GUIDANCE_RE, candidates.EXAMPLE_RE):
        assert isinstance(shared, Remembered)
        assert isinstance(built(shared.pattern), Prefiltered)
    assert isinstance(compile_any(["social value", r"community benefits?"]), Prefiltered)
    # word and page limits: every pattern names "word" (or its own words), run on ~1,100
    # question texts of the G-Cloud pack, most holding none
    assert all(isinstance(built(rx), Prefiltered) for rx in evaluation_patterns.WORD_LIMIT_RES)
    assert isinstance(built(evaluation_patterns.PAGE_LIMIT_RE), Prefiltered)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_same_facts_and_findings_with_and_without_the_prefilter(path, monkeypatch):
    from tendercheck.nlp.prefilter import Prefiltered, TextIndex, forget_answers

    forget_answers()  # remembered answers would hide the pre-filter of the shared filters
    calls = []
    original = Prefiltered.may_match

    def counted(self, text):
        calls.append(original(self, text))
        return calls[-1]

    monkeypatch.setattr(Prefiltered, "may_match", counted)
    with_filter = _report(path)
    assert calls and not all(calls), "the pre-filter must have skipped some sentences"
    monkeypatch.setattr(Prefiltered, "may_match", lambda self, text: True)
    monkeypatch.setattr(TextIndex, "holding", lambda self, words: range(len(self.texts)))
    forget_answers()
    assert _report(path) == with_filter
    forget_answers()


@functools.cache
def _literals_tool():
    """bench/tools/required_literals.py as a module (the bench folder is not a package)."""
    tool = Path(__file__).resolve().parents[1] / "bench" / "tools" / "required_literals.py"
    spec = importlib.util.spec_from_file_location("bench_tools_required_literals", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _phrase_lists(value) -> list[list[str]]:
    """Every list of phrase patterns in a rule's parameters: the tool's own walk."""
    return _literals_tool()._phrase_lists(value)


def test_an_index_of_many_texts_finds_what_each_search_finds():
    """TextIndex (the rule checks' one scan over the pack's sentences) gives exactly the texts
    the pattern's own search finds, in order, for every phrase list of the rule packs over the
    fixture packs' text, and at the edges: the first and last text, a word at a text's start
    and end, a word twice, a non-ASCII letter that folds to an ASCII one."""
    from tendercheck.documents import read_pack
    from tendercheck.engine import load_rules
    from tendercheck.engine.named_checks.patterns import compile_any
    from tendercheck.nlp.prefilter import Prefiltered, TextIndex

    texts = [b.text for p in PACKS for d in read_pack([p]).documents for b in d.blocks]
    texts += [
        "Social value",
        "no",
        "",
        "DBS checks and DBS checks",
        "a social valu",
        "soc\u0131al value",
    ]
    texts += ["ends with social value", "Social value"]
    index = TextIndex(texts)
    lists = [p for rule in load_rules() for p in _phrase_lists(rule.params)]
    lists.append(["social value", "dbs"])
    checked = found_some = 0
    for phrases in lists:
        try:
            pattern = compile_any(phrases)
        except re.error:
            continue  # not a pattern list
        if not isinstance(pattern, Prefiltered):
            continue
        want = [i for i, text in enumerate(texts) if pattern.search(text)]
        assert index.matching(pattern) == want, phrases
        checked += 1
        found_some += bool(want)
    assert checked >= 10 and found_some >= 5
    edge = compile_any(["social value"])
    hits = index.matching(edge)
    assert hits[-1] == len(texts) - 1 and len(texts) - 2 in hits and len(texts) - 3 in hits
    assert len(texts) - 8 in hits and len(texts) - 4 not in hits  # "a social valu" is not a match
    assert index.matching(compile_any(["dbs"]))[-1] == len(texts) - 5


def test_remembered_answers_are_the_patterns_own_and_asked_once_per_text():
    from tendercheck.nlp.extractors.candidates import EXAMPLE_RE, GUIDANCE_RE
    from tendercheck.nlp.prefilter import Remembered

    texts = [
        "Buyers should allow 10 working days.",
        "For example, a turnover of £1m.",
        "The Supplier must hold cover.",
        "You may ask for accounts; e.g. two years.",
        "Nothing of either.",
    ]
    for shared in (EXAMPLE_RE, GUIDANCE_RE):
        inner = shared.pattern
        for text in texts * 2:
            got, want = shared.search(text), inner.search(text)
            assert (got and (got.span(), got.group())) == (want and (want.span(), want.group()))

    class Counting:
        def __init__(self):
            self.asked = []

        def search(self, text, *args):
            self.asked.append((text, args))
            return re.compile("must").search(text, *args)

    counting = Counting()
    remembered = Remembered(counting)
    assert remembered.search("You must.").group() == "must"
    assert remembered.search("You must.").group() == "must"
    assert remembered.search("You may.") is None
    assert remembered.search("You may.") is None
    assert counting.asked == [("You must.", ()), ("You may.", ())]  # once per text
    assert remembered.search("You must.", 5) is None  # a position: the pattern itself runs
    assert counting.asked[-1] == ("You must.", (5,))
    remembered.forget()
    remembered.search("You must.")
    assert len(counting.asked) == 4


def test_required_words_are_required():
    """Each derived word set: a text without any of the words never matches; and where no
    words can be required, none are claimed."""

    from tendercheck.nlp.prefilter import Prefiltered, required_literals

    cases = {
        r"Procurement\s+Act\s+2023|\bPA\s?23\b": {"procurement", "pa"},
        r"(?:light[- ]touch|social and other specific) services": {" services"},
        r"colou?r": {"colo"},
        r"(?:the )?threshold": {"threshold"},
        r"[Ss]ubcontract(?:or)?s?": {"subcontract"},
        r"£|GBP|pounds": {"£", "gbp", "pounds"},
        r"(?:works?)+ contract": {" contract"},
        r"bs|bs |iso": {"bs", "iso"},  # "bs " adds nothing to "bs"
        r"(?:tender)?\s*fee": {"fee"},
        r"\b\d{1,3}(?:\.\d+)?\s?%": {"%"},  # one sign is worth a check
        r"(?:cat|\w+dog)": {"cat", "dog"},
    }
    for source, words in cases.items():
        assert required_literals(re.compile(source, re.I)) == words, source
    for source in (r"\d+\s", r"(?:works)?\s", r"a|b", r"x(?=yz)", r"(?:cat|\w+)", r"(a)\1", " "):
        assert required_literals(re.compile(source, re.I)) is None, source
    # re's case-insensitive matches that lower-casing alone would miss: dotted and dotless i,
    # long s, the Kelvin sign
    for source, text in (
        ("british", "BR\u0130T\u0130SH"),
        ("british", "br\u0131t\u0131sh"),
        ("business", "bu\u017fine\u017f\u017f"),
        ("kpi", "\u212aPI"),
    ):
        pattern = re.compile(source, re.I)
        assert pattern.search(text)
        assert Prefiltered(pattern).search(text), (source, text)
    assert Prefiltered(re.compile("threshold", re.I)).search("below the THRESHOLD.")
    assert Prefiltered(re.compile("threshold", re.I)).search("no such word") is None
    assert list(Prefiltered(re.compile("a(b)c", re.I)).finditer("xx ABC abc")) != []


def _fixture_sentences():
    from tendercheck.documents import read_pack
    from tendercheck.nlp.text import build_sentences

    return build_sentences(read_pack([FIXTURES / "council-cleaning-itt.docx"]))


def test_reads_answers_as_the_vocabulary_says_for_every_reader_and_clause():
    from tendercheck.nlp.clauses import _reads, reads, vocabulary

    clauses = {s.clause for s in _fixture_sentences()}
    assert len(clauses) > 5
    readers = list(vocabulary()["readers"])
    answers = {(r, c): reads(r, c) for r in readers for c in clauses}
    assert any(answers.values()) and not all(answers.values())
    for (reader, clause), answer in answers.items():
        assert reads(reader, clause) == answer == _reads(reader, clause)


def test_shouting_counts_capitals_among_letters_only():
    from tendercheck.engine.named_checks.spec_language import _shouting

    def plain(text):
        letters = [c for c in text if c.isalpha()]
        return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.6

    texts = [
        "THE SUPPLIER SHALL",
        "The Supplier shall",
        "ⅧⅧⅧⅧⅧ abcdefgh",  # Roman numerals: upper case, not letters
        "ⒶⒷⒸⒹⒺⒻ abcdefgh",  # circled letters: upper case, not letters
        "ǅǅǅǅǅǅǅǅǅ",  # title case
        "ÉCOLE ÉTÉ DÉJÀ vu",
        "SHORT",
        "",
        "1234567890 !!!",
    ]
    assert [_shouting(t) for t in texts] == [plain(t) for t in texts]
    assert _shouting("ⅧⅧⅧⅧⅧ abcdefgh") is False


# ---------------------------------------------------------------------------------------------
# Sentences: a text the pack repeats goes through spaCy once
# ---------------------------------------------------------------------------------------------

REPEATING_PACK = [
    "council-cleaning-itt.docx",
    "county-council-homecare-itt.pdf",
    "university-catering-itt.pdf",
    "housing-association-repairs-tender.docx",
]


@pytest.mark.parametrize("jobs", [1, 2])
def test_repeated_texts_give_the_sentences_a_doc_of_their_own_gives(jobs, monkeypatch):
    """Four fixture tenders (1,424 units, 119 texts met more than once): the sentences -- text,
    place, lemmas, entities, clause -- are those of one pipeline run a unit, and the shared
    docs are in use (fewer texts piped than units)."""
    from tendercheck.documents import read_pack
    from tendercheck.nlp import text
    from tendercheck.nlp.pipeline import get_nlp

    pack = read_pack([FIXTURES / name for name in REPEATING_PACK])
    nlp = get_nlp()
    piped: list[str] = []
    real_pipe = nlp.pipe

    def counted(texts, **kwargs):
        texts = list(texts)
        piped.extend(texts)
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counted)
    shared = text.build_sentences(pack, jobs, second_opinion={})
    units = sum(map(len, text.SharedDocs(pack).texts))
    if jobs == 1:
        assert len(piped) == len(set(piped)) < units  # each text once, repeats not again

    def plain(self, nlp, texts):  # the slow path: every unit through the pipeline
        return real_pipe(texts, batch_size=512)

    monkeypatch.setattr(text.SharedDocs, "docs", plain)
    alone = text.build_sentences(pack, jobs, second_opinion={})
    assert len(shared) == len(alone) > 1000
    assert [s.lemmas for s in shared] == [s.lemmas for s in alone]
    assert [s.ents for s in shared] == [s.ents for s in alone]
    assert [s.clause for s in shared] == [s.clause for s in alone]
    assert shared == alone


# ---------------------------------------------------------------------------------------------
# SPEC-06: an acronym's definition found without compiling patterns for it
# ---------------------------------------------------------------------------------------------


def _defined_here_plain(text: str, acronym: str) -> bool:
    """SPEC-06's three forms of definition, as three patterns compiled for the acronym."""
    a = re.escape(acronym)
    return bool(
        re.search(rf"\(\s*(?:the\s+)?[\"'‘“]?{a}s?[\"'’”]?\s*\)", text)
        or re.search(rf"\b{a}s?\s*\(\s*[A-Za-z][a-z]+", text)
        or re.search(
            rf"\b{a}s?\b[\"'’”]?\s*(?:means|stands for|refers to|is short for|[:–—-]\s*[A-Z][a-z])",
            text,
        )
    )


DEFINITIONS = [
    ("Key Performance Indicator (KPI) reports", "KPI"),
    ("Key Performance Indicators ( the “KPIs” ) apply", "KPI"),
    ("the KPIs (key performance indicators)", "KPI"),
    ("KPI means a key performance indicator", "KPI"),
    ("KPIs” stands for it", "KPI"),
    ("SLA: Service level agreement", "SLA"),
    ("SLA – Service level", "SLA"),
    ("SLA - service level", "SLA"),
    ("SLAB (slab)", "SLA"),  # inside a longer word: no boundary after
    ("XSLA (service)", "SLA"),  # no boundary before
    ("(XSLA)", "SLA"),
    ("(theSLA)", "SLA"),
    ("(the SLA)", "SLA"),
    ("SLA SLA (Service)", "SLA"),  # the second place defines it
    ("AAA (Aa)", "AA"),  # overlapping places
    ("AAAA: Ab", "AAA"),
    ("_SLA (Service)", "SLA"),
    ("éSLA (Service)", "SLA"),
    ("SLA", "SLA"),
    ("(SLA", "SLA"),
    ("SLAs)", "SLA"),
    ("SLA:Service", "SLA"),
    ("SLA:service", "SLA"),
    ("SLAs refers to", "SLA"),
    ("SLAsmeans", "SLA"),
]


def test_an_acronyms_definition_is_found_as_its_three_patterns_find_it():
    """_defined_here against the three patterns compiled for each acronym: every acronym of
    every sentence of the fixture tenders and the corpus (where present), and edge cases (a
    place inside a longer word, overlapping places, a later place that defines it)."""
    from tendercheck.documents import read_pack
    from tendercheck.engine.named_checks.spec_language import _ACRONYM, _defined_here
    from tendercheck.nlp.text import build_sentences

    corpus = sorted(CORPUS.glob("0[4-7]_*"))
    paths = [FIXTURES / name for name in REPEATING_PACK] + corpus
    pairs = list(DEFINITIONS)
    for path in paths:
        for s in build_sentences(read_pack([path]), second_opinion={}):
            pairs += [(s.text, m.group(1)) for m in _ACRONYM.finditer(s.text)]
    # the fixtures alone give 168 pairs; corpus 04-07, where present, add many more
    assert len(pairs) > (200 if corpus else 150)
    found = [_defined_here(text, acronym) for text, acronym in pairs]
    assert found == [_defined_here_plain(text, acronym) for text, acronym in pairs]
    assert sum(found) >= 20 and not all(found)
