"""Read a PDF into a Document: text, headings, lists and tables, without page furniture.

Text, positions and fonts come from PDFium (pypdfium2), about a millisecond a page. Table
structure comes from pdfplumber, which is 50-500 times slower, so it only runs on pages where a
PDFium pre-scan of the vector graphics finds a ruled grid, and only within
``limits.pdf_table_budget_s``.

The pipeline, per document:

1. per page: PDFium text, split into lines at PDFium's own line breaks; for each line a few
   character boxes and font sizes (not every character: the per-character calls are what makes
   a reader slow) and whether its font is bold; a scan of the page's path objects for a ruled
   grid;
2. per page: superscripts rejoined, reading order (top to bottom, a side column after the main
   one);
3. per document: running headers, footers and page numbers removed (lines in the top or bottom
   band of the page whose text, digits aside, repeats across pages);
4. tables from pdfplumber on the flagged pages, replacing the lines they cover;
5. blocks: headings from size, weight and numbering, paragraphs from vertical gaps, list items
   from their markers, hyphenation at line ends joined.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
import time
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Block, Document
from tendercheck.errors import InputError

CORRUPT = "the PDF is corrupt or truncated"
PASSWORD = (
    "the PDF is password-protected; remove the password (or save an unprotected copy) "
    "and run tendercheck again"
)
NO_TEXT = "the PDF has no text layer (scanned?): it needs OCR before tendercheck can read it"

# ---------------------------------------------------------------------------------------------
# Fast PDFium calls. pypdfium2's raw bindings type every handle as a pointer class, which costs
# an object per returned handle; for the object scan (one call per page object, and some PDFs
# have one object per character) plain void pointers are about a third cheaper. Fall back to
# the public bindings if the library handle is not where we expect it.
# ---------------------------------------------------------------------------------------------


def _fast_object_calls():
    try:
        from pypdfium2_raw.bindings import _libs  # type: ignore[attr-defined]

        lib = _libs["pdfium"]
        vp, ci = ctypes.c_void_p, ctypes.c_int
        proto = ctypes.CFUNCTYPE
        return (
            proto(ci, vp)(("FPDFPage_CountObjects", lib)),
            proto(vp, vp, ci)(("FPDFPage_GetObject", lib)),
            proto(ci, vp)(("FPDFFormObj_CountObjects", lib)),
            proto(vp, vp, ctypes.c_ulong)(("FPDFFormObj_GetObject", lib)),
            proto(ci, vp)(("FPDFPageObj_GetType", lib)),
            proto(ci, vp, *(ctypes.POINTER(ctypes.c_float),) * 4)(("FPDFPageObj_GetBounds", lib)),
            True,
        )
    except Exception:  # pragma: no cover - depends on pypdfium2 internals
        return (
            pdfium_c.FPDFPage_CountObjects,
            pdfium_c.FPDFPage_GetObject,
            pdfium_c.FPDFFormObj_CountObjects,
            pdfium_c.FPDFFormObj_GetObject,
            pdfium_c.FPDFPageObj_GetType,
            pdfium_c.FPDFPageObj_GetBounds,
            False,
        )


(
    _COUNT_OBJECTS,
    _GET_OBJECT,
    _FORM_COUNT_OBJECTS,
    _FORM_GET_OBJECT,
    _OBJECT_TYPE,
    _OBJECT_BOUNDS,
    _FAST_HANDLES,
) = _fast_object_calls()

_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_FORM = pdfium_c.FPDF_PAGEOBJ_FORM

# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------

_RUN = re.compile(r"\S[^\r\n]*\S|\S")  # a line's text without its leading/trailing spaces
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x01\x03-\x08\x0b-\x1f\x7f\ufeff\ufffd]")
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_ODD = re.compile(
    "[\x00-\x1f\x7f\u00a0\u00ad\u2000-\u200a\u202f\u205f\u3000\ufeff\ufffd\ufffe\ufb00-\ufb06]|  "
)
_DIGITS = re.compile(r"\d+")
_PAGE_REF = re.compile(
    r"\b(?:page|p\.|pg\.?)\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+", re.I
)

_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold|extrabold|ultrabold|medium\b", re.I)

_PAGE_NUMBER = re.compile(
    r"""^(?:
        (?:page|p\.|pg\.?)?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
      | [-–—]\s*\d{1,4}\s*[-–—]
      | [ivxlc]{1,7}
    )$""",
    re.I | re.X,
)

_BARE_NUMBER = re.compile(r"\d{1,4}|[ivxlc]{1,7}", re.I)
_BULLET = re.compile(r"^([●•▪■◦○❖►▶➢➤✓✔◆◇□▢–—*·∙-])\s+(?=\S)")
_LETTER_ITEM = re.compile(
    r"^(\(?(?:[a-z]|[ivx]{1,5})\))\s+(?=\S)|^((?:[a-z]|[ivx]{1,5})\.)\s+(?=\S)"
)
_NUMBER_LABEL = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,5}\.?(?:\([a-z0-9]{1,4}\))?)(?=\s|$)")
_NAMED_LABEL = re.compile(
    r"^((?:section|part|annex|appendix|schedule|chapter|article|clause|lot)\s+"
    r"(?:\d{1,3}(?:\.\d{1,3})*|[A-Z]{1,2}|[IVXL]{1,6})\b)",
    re.I,
)
_NAMED_HEADING = re.compile(
    r"^(?:section|part|annex|appendix|schedule|chapter|lot)\s+"
    r"(?:\d{1,3}(?:\.\d{1,3})*|[A-Z]{1,2}|[IVXL]{1,6})\b\s*(?:[:.–—-]|$|\s+[A-Z(])",
    re.I,
)
_ASKS = frozenset(
    {"please", "do", "does", "did", "is", "are", "was", "have", "has", "can", "will", "would"}
    | {"confirm", "provide", "describe", "explain", "give", "list", "state", "upload", "select"}
    | {"what", "how", "why", "when", "where", "which", "who", "if", "enter", "tell"}
)
_FOOTNOTE = re.compile(r"^\d{1,3}\s+\S")
_LEADS_INTO_NAME = frozenset(
    {"see", "in", "of", "under", "and", "or", "to", "at", "the", "with", "per", "within"}
    | {"this", "that", "by", "from", "for"}
)
_ENDS_SENTENCE = re.compile(r"[.:;!?…]['\"’”)\]]*$")

# Word fragments after a line-end hyphen that show the hyphen only split a word
# ("require-ment"), as against joining two words ("work-related").
_SUFFIXES = re.compile(
    r"(?:ment|ments|tion|tions|sion|sions|ing|ings|ness|ity|ities|ance|ances|ence|ences|ency"
    r"|able|ible|ably|ibly|ally|ure|ures|ated|ation|ations|ise|ize|ised|ized|ising|izing|ary"
    r"|ory|ous|ive|ives|ful|less|ship|ships|hood|ted|ting|ter|ters|tor|tors|ers|ed|es|ly|al"
    r"|ic|ical|ist|ists|ism|ant|ants|ent|ents|ial|ially|ual|ually|ing|ions|ion|cy|ty|age)",
)
_KEEP_HYPHEN_PREFIXES = frozenset(
    {"self", "non", "co", "sub", "pre", "post", "ex", "cross", "multi", "anti", "semi", "well"}
    | {"e", "mid", "pan"}
)


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


class _Line:
    """One line of text on a page, with just enough geometry and font to lay out blocks."""

    __slots__ = (
        "base",
        "bold",
        "bottom",
        "end",
        "page",
        "size",
        "text",
        "top",
        "x0",
        "x1",
    )

    def __init__(self, text, page, x0, x1, top, bottom, base, size, bold):
        self.text = text
        self.page = page
        self.x0 = x0
        self.x1 = x1
        self.top = top
        self.bottom = bottom
        self.base = base  # baseline of the first character
        self.end = base  # baseline of the last (lower when PDFium joined a hyphenated line)
        self.size = size
        self.bold = bold

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return (
            f"_Line(p{self.page} {self.x0:.0f}-{self.x1:.0f} {self.bottom:.0f}-{self.top:.0f} "
            f"size={self.size:.1f}{' bold' if self.bold else ''} {self.text!r})"
        )


@dataclass
class _Page:
    number: int  # 1-based
    left: float
    bottom: float
    right: float
    top: float
    rotation: int
    lines: list = field(default_factory=list)
    has_image: bool = False
    ruled: bool = False
    rules: tuple | None = None  # (horizontal, vertical) table rules in PDF space
    tables: list = field(default_factory=list)  # (x0, bottom, x1, top, rows) in PDF space

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def read_pdf(data: bytes, name: str, limits: Limits) -> Document:
    """Read a PDF held in memory. Bad input raises InputError with a reason a user can act on."""
    started = time.monotonic()
    deadline = started + limits.document_budget_s
    notes: list[str] = []

    pdf = _open(data, name)
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise InputError(
                name, f"the PDF has {count} pages, over the limit of {limits.max_pages}"
            )
        pages, unreadable = _extract(pdf, name, limits, deadline)
    finally:
        pdf.close()

    if not any(p.lines for p in pages):
        if unreadable and len(unreadable) == count:
            raise InputError(name, CORRUPT)
        raise InputError(name, NO_TEXT)
    if unreadable:
        notes.append(f"{len(unreadable)} page(s) could not be read: {_page_list(unreadable)}")
    scanned = [p.number for p in pages if not p.lines and p.has_image]
    if scanned:
        notes.append(
            f"{len(scanned)} of {count} pages are images without a text layer (scanned?) and "
            f"were not read; they need OCR: pages {_page_list(scanned)}"
        )
    if b"%%EOF" not in data[-2048:]:
        notes.append("the PDF has no end-of-file marker (truncated?): read what could be recovered")

    body = _body_size(pages)
    _remove_furniture(pages, body)
    if any(p.ruled for p in pages):
        _extract_tables(data, name, pages, limits, deadline, notes)
    blocks = _BlockBuilder(pages, body).build()
    doc = Document(name=name, format="pdf", blocks=blocks, pages=count, notes=notes, path=name)
    return doc.finish()


def _page_list(numbers: list[int], most: int = 12) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


def _open(data: bytes, name: str):
    if b"%PDF-" not in data[:1024]:
        raise InputError(name, "not a PDF file (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(name, PASSWORD) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(
                name, "the PDF uses an encryption scheme tendercheck cannot open"
            ) from None
        raise InputError(name, CORRUPT) from None


# ---------------------------------------------------------------------------------------------
# 1. Extraction: lines and the ruled-grid pre-scan, one pass over the pages
# ---------------------------------------------------------------------------------------------


def _extract(pdf, name: str, limits: Limits, deadline: float) -> tuple[list[_Page], list[int]]:
    d_left, d_right, d_bottom, d_top = (ctypes.c_double() for _ in range(4))
    r_left, r_right, r_bottom, r_top = (ctypes.byref(v) for v in (d_left, d_right, d_bottom, d_top))
    d_ox, d_oy = ctypes.c_double(), ctypes.c_double()
    r_ox, r_oy = ctypes.byref(d_ox), ctypes.byref(d_oy)
    name_buf = ctypes.create_string_buffer(160)
    flags = ctypes.c_int()
    r_flags = ctypes.byref(flags)
    get_box = pdfium_c.FPDFText_GetCharBox
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    get_size = pdfium_c.FPDFText_GetFontSize
    get_info = pdfium_c.FPDFText_GetFontInfo
    bold_cache: dict[bytes, bool] = {}

    def is_bold(raw, index: int) -> bool:
        get_info(raw, index, name_buf, 160, r_flags)
        font = name_buf.value
        bold = bold_cache.get(font)
        if bold is None:
            bold = bool(_BOLD_NAME.search(font.decode("latin-1"))) or bool(flags.value & 0x40000)
            bold_cache[font] = bold
        return bold

    pages: list[_Page] = []
    unreadable: list[int] = []
    for index in range(len(pdf)):
        if time.monotonic() > deadline:
            raise InputError(name, _over_budget(limits))
        number = index + 1
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            unreadable.append(number)
            pages.append(_Page(number, 0, 0, 612, 792, 0))
            continue
        try:
            left, bottom, right, top = page.get_mediabox()
            info = _Page(number, left, bottom, right, top, page.get_rotation())
            textpage = page.get_textpage()
            try:
                raw = textpage.raw
                text = textpage.get_text_range()
                if len(text) != textpage.count_chars():
                    text = _text_by_char(raw, textpage.count_chars())
                lines = info.lines
                for m in _RUN.finditer(text):
                    s = m.start()
                    e = m.end() - 1
                    get_box(raw, s, r_left, r_right, r_bottom, r_top)
                    x0, t0, b0 = d_left.value, d_top.value, d_bottom.value
                    get_origin(raw, s, r_ox, r_oy)
                    base = d_oy.value
                    if e > s:
                        get_box(raw, e, r_left, r_right, r_bottom, r_top)
                        x1 = d_right.value
                        t1, b1 = d_top.value, d_bottom.value
                        top_ = t0 if t0 > t1 else t1
                        bot_ = b0 if b0 < b1 else b1
                        a = get_size(raw, s)
                        c = get_size(raw, e)
                        if a != c:  # a bigger initial or a smaller footnote mark: ask the middle
                            b = get_size(raw, (s + e) // 2)
                            a = max(min(a, b), min(max(a, b), c))  # median of three
                        size = a
                        bold = is_bold(raw, s) and is_bold(raw, e)
                    else:
                        x1, top_, bot_ = d_right.value, t0, b0
                        size = get_size(raw, s)
                        bold = is_bold(raw, s)
                    if top_ - bot_ < 0.5:  # zero-size boxes (generated chars): use the font size
                        top_, bot_ = base + 0.7 * size, base - 0.2 * size
                    line = _Line(m.group(), number, x0, x1, top_, bot_, base, size, bold)
                    if e > s and t1 < b0:  # PDFium joined the next visual line (a hyphenation)
                        get_origin(raw, e, r_ox, r_oy)
                        line.end = d_oy.value
                    lines.append(line)
            finally:
                textpage.close()
            horizontal, vertical, in_form, info.has_image = _scan_graphics(page.raw)
            grid = _ruled_grid(horizontal, vertical)
            if grid is not None:
                info.ruled = True
                info.rules = None if in_form else grid
            info.lines = _reading_order(_merge_fragments(info.lines), info)
            pages.append(info)
        except pdfium.PdfiumError:
            unreadable.append(number)
            pages.append(_Page(number, 0, 0, 612, 792, 0))
        finally:
            page.close()
    return pages, unreadable


def _over_budget(limits: Limits) -> str:
    return (
        f"reading the PDF took longer than the {limits.document_budget_s:g} s time limit "
        "for one document"
    )


def _text_by_char(raw, count: int) -> str:
    """The page text one character at a time, aligned with PDFium's character indices."""
    get = pdfium_c.FPDFText_GetUnicode
    codes = [get(raw, i) for i in range(count)]
    return "".join(chr(c) if 0 < c < 0x110000 else " " for c in codes)


def _scan_graphics(page_raw) -> tuple[list, list, bool, bool]:
    """The page's thin rules, and whether it holds images, from its page objects.

    Rules are thin filled rectangles or stroked lines (path objects, also inside form XObjects),
    as (y, x0, x1) horizontal and (x, y0, y1) vertical, in PDF space. Returns (horizontal,
    vertical, in_form, has_image); in_form is True when some rules came from a form XObject,
    whose coordinates may not be the page's.
    """
    if _FAST_HANDLES:
        page_raw = ctypes.cast(page_raw, ctypes.c_void_p).value
    fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))
    rl, rb, rr, rt = (ctypes.byref(v) for v in (fl, fb, fr, ft))
    get_type = _OBJECT_TYPE
    get_bounds = _OBJECT_BOUNDS
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    in_form = has_image = False
    stack = [(page_raw, _COUNT_OBJECTS(page_raw), _GET_OBJECT, 0)]
    while stack:
        parent, count, get, depth = stack.pop()
        # map() over the C functions: this loop runs once per object, and some PDFs have an
        # object per character
        objects = list(map(get, repeat(parent, count), range(count)))
        kinds = list(map(get_type, objects))
        has_image = has_image or _IMAGE in kinds
        if _PATH not in kinds and _FORM not in kinds:
            continue
        for obj, kind in zip(objects, kinds, strict=True):
            if kind == _PATH:
                get_bounds(obj, rl, rb, rr, rt)
                w = fr.value - fl.value
                h = ft.value - fb.value
                if h <= 3.0 and w >= 8.0:
                    horizontal.append(((fb.value + ft.value) / 2, fl.value, fr.value))
                    in_form = in_form or depth > 0
                elif w <= 3.0 and h >= 8.0:
                    vertical.append(((fl.value + fr.value) / 2, fb.value, ft.value))
                    in_form = in_form or depth > 0
            elif kind == _FORM and depth < 4:
                stack.append((obj, _FORM_COUNT_OBJECTS(obj), _FORM_GET_OBJECT, depth + 1))
    return horizontal, vertical, in_form, has_image


def _ruled_grid(horizontal: list, vertical: list) -> tuple[list, list] | None:
    """The merged rules if they make a ruled grid of table cells, else None.

    A row is the band between a horizontal rule and the next rule below that spans most of it;
    its cells are marked by vertical rules crossing the band within both rules' extent. Two
    rows of two or more cells, or one of three or more, make a grid; single boxes (form
    fields), frames and underlines don't.
    """
    if len(horizontal) < 2 or len(vertical) < 3:
        return None
    rules = _merge_rules(horizontal, 15.0)
    posts = _merge_rules(vertical, 8.0)
    if len(rules) < 2 or len(posts) < 3:
        return None
    posts.sort()
    post_x = [p[0] for p in posts]
    rules.sort(key=lambda r: -r[0])
    rows = 0
    for i, (y_top, a0, a1) in enumerate(rules):
        # the nearest rule below that shares most of this one's extent
        for y_low, b0, b1 in rules[i + 1 :]:
            if y_top - y_low < 4.0:
                continue
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo < 0.5 * (a1 - a0):
                continue  # shorter rules in between (underlined links, cell-local rules)
            xs = []
            for k in range(bisect_left(post_x, lo - 3.0), len(posts)):
                x, p0, p1 = posts[k]
                if x > hi + 3.0:
                    break
                if p0 <= y_low + 3.0 and p1 >= y_top - 3.0 and (not xs or x - xs[-1] > 3.0):
                    xs.append(x)
            if len(xs) >= 3:
                rows += 1
                if rows >= 2 or len(xs) >= 4:  # two rows of 2+ cells, or one of 3+ cells
                    return rules, posts
            break
    return None


def _table_edges(page: _Page) -> tuple[list[dict], list[dict]]:
    """The page's rules as pdfplumber edges, leaving out rules that touch no other rule.

    Only thin rules count, not the edges of filled boxes: Word shades table cells a text line
    at a time, and pdfplumber's default edges would split every line of a cell into a row.
    Underlined links touch no rule at either end and are left out too.
    """
    horizontal, vertical = page.rules
    tol = 3.0

    def h_touches(y, x0, x1):
        return any(
            (abs(x - x0) <= tol or abs(x - x1) <= tol) and y0 - tol <= y <= y1 + tol
            for x, y0, y1 in vertical
        )

    def v_touches(x, y0, y1):
        return any(
            (abs(y - y0) <= tol or abs(y - y1) <= tol) and x0 - tol <= x <= x1 + tol
            for y, x0, x1 in horizontal
        )

    top, left = page.top, page.left
    h_edges = [
        {
            "object_type": "rect_edge",
            "orientation": "h",
            "x0": x0 - left,
            "x1": x1 - left,
            "width": x1 - x0,
            "top": top - y,
            "bottom": top - y,
            "height": 0.0,
        }
        for y, x0, x1 in horizontal
        if h_touches(y, x0, x1)
    ]
    v_edges = [
        {
            "object_type": "rect_edge",
            "orientation": "v",
            "x0": x - left,
            "x1": x - left,
            "width": 0.0,
            "top": top - y1,
            "bottom": top - y0,
            "height": y1 - y0,
        }
        for x, y0, y1 in vertical
        if v_touches(x, y0, y1)
    ]
    return h_edges, v_edges


def _merge_rules(segments, min_length: float) -> list[tuple[float, float, float]]:
    """Join collinear touching segments (pos, a, b) and keep those at least min_length long."""
    segments.sort()
    out: list[list[float]] = []
    for pos, a, b in segments:
        # runs at (about) the same position are at the end of out: extend one this segment
        # overlaps or touches, else start a new run
        for run in reversed(out):
            if abs(pos - run[0]) > 1.5:
                out.append([pos, a, b])
                break
            if a <= run[2] + 3.0 and b >= run[1] - 3.0:
                run[1] = min(run[1], a)
                run[2] = max(run[2], b)
                break
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out if b - a >= min_length]


# ---------------------------------------------------------------------------------------------
# 2. Per page: superscripts and split lines, reading order
# ---------------------------------------------------------------------------------------------


def _merge_fragments(lines: list[_Line]) -> list[_Line]:
    """Rejoin pieces PDFium split off a visual line (a raised footnote mark splits a heading).

    Consecutive pieces that overlap vertically and follow each other closely left to right are
    one line; a raised footnote number in a smaller font is dropped.
    """
    if len(lines) < 2:
        return lines
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        overlap = min(prev.top, line.top) - max(prev.bottom, line.bottom)
        gap = line.x0 - prev.x1
        ref = max(prev.height, line.height)
        if (
            overlap > 0.3 * min(prev.height, line.height)
            and -1.0 <= gap < 2.5 * ref
            and abs(line.base - prev.base) < 0.6 * ref
        ):
            small = line.size < 0.85 * prev.size and line.base > prev.base + 0.15 * prev.height
            if small and line.text.isdigit() and len(line.text) <= 3:
                continue  # footnote mark
            joiner = "" if gap < 0.15 * ref or line.text[0] in ",.;:)" else " "
            merged = _Line(
                prev.text + joiner + line.text,
                prev.page,
                prev.x0,
                max(prev.x1, line.x1),
                max(prev.top, line.top),
                min(prev.bottom, line.bottom),
                prev.base if prev.size >= line.size else line.base,
                max(prev.size, line.size),
                prev.bold and line.bold,
            )
            merged.end = min(prev.end, line.end)
            out[-1] = merged
            continue
        out.append(line)
    return out


def _reading_order(lines: list[_Line], page: _Page) -> list[_Line]:
    """Top to bottom; where a page has a side column, the main column first, then the side."""
    if len(lines) < 2:
        return lines
    lines.sort(key=lambda ln: -ln.top)
    width = page.width
    split = page.left + 0.4 * width
    right = [ln for ln in lines if ln.x0 > split]
    if len(right) >= 3:
        gutter = min(ln.x0 for ln in right) - 0.5
        left = [ln for ln in lines if ln.x1 <= gutter]
        if len(left) >= 3 and _side_by_side(left, right):
            return _by_columns(lines, gutter)
    return _rows(lines)


def _side_by_side(left: list[_Line], right: list[_Line]) -> bool:
    lo = min(ln.bottom for ln in left)
    hi = max(ln.top for ln in left)
    beside = sum(1 for ln in right if ln.top > lo and ln.bottom < hi)
    return beside >= 3


def _by_columns(lines: list[_Line], gutter: float) -> list[_Line]:
    out: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []
    for ln in lines:
        if ln.x0 < gutter < ln.x1:  # spans both columns: ends the two-column stretch
            out.extend(_rows(left))
            out.extend(_rows(right))
            left, right = [], []
            out.append(ln)
        elif ln.x1 <= gutter:
            left.append(ln)
        else:
            right.append(ln)
    out.extend(_rows(left))
    out.extend(_rows(right))
    return out


def _rows(lines: list[_Line]) -> list[_Line]:
    """Lines sorted top-down; lines on one row (overlapping vertically) left to right."""
    if len(lines) < 2:
        return lines
    out: list[_Line] = []
    row = [lines[0]]
    low = lines[0].bottom + 0.5 * lines[0].height
    for ln in lines[1:]:
        if ln.top > low and ln.base > row[0].base - 0.5 * row[0].height:
            row.append(ln)
        else:
            out.extend(sorted(row, key=lambda r: r.x0) if len(row) > 1 else row)
            row = [ln]
            low = ln.bottom + 0.5 * ln.height
    out.extend(sorted(row, key=lambda r: r.x0) if len(row) > 1 else row)
    return out


# ---------------------------------------------------------------------------------------------
# 3. Per document: body size, running headers and footers, page numbers
# ---------------------------------------------------------------------------------------------


def _body_size(pages: list[_Page]) -> float:
    weights: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            weights[round(ln.size, 1)] += len(ln.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _furniture_key(text: str) -> str:
    """Text with page numbers and other digits taken out, to match a line across pages."""
    key = _PAGE_REF.sub(" ", text.lower())
    return _SPACES.sub(" ", _DIGITS.sub(" ", key)).strip()


def _remove_furniture(pages: list[_Page], body: float) -> None:
    """Drop running headers/footers and page numbers from the page margins.

    Candidates are the first and last three lines of a page when they lie in the top fifth or
    the bottom eighth of it. A candidate is furniture when the same text (digits aside: page
    numbers, "You are 5% through") is in the same band on many pages, or when it is a lone page
    number at the very top or bottom. Heading-styled lines must repeat exactly, so numbered
    headings that happen to start pages ("2. Scope", "3. Scope") are not taken for furniture.
    """
    candidates: list[tuple[_Page, _Line, str, bool]] = []
    for page in pages:
        if not page.lines:
            continue
        ordered = sorted(page.lines, key=lambda ln: -ln.top)
        top_band = page.top - 0.2 * page.height
        bottom_band = page.bottom + 0.12 * page.height
        seen: set[int] = set()
        for k, ln in enumerate(ordered[:3]):
            if ln.bottom >= top_band:
                candidates.append((page, ln, "top", k == 0))
                seen.add(id(ln))
        last = len(ordered) - 1
        for k, ln in enumerate(ordered[-3:], start=max(0, len(ordered) - 3)):
            if ln.top <= bottom_band and id(ln) not in seen:
                candidates.append((page, ln, "bottom", k == last))
    if not candidates:
        return

    with_text = sum(1 for p in pages if p.lines)
    many = max(3, math.ceil(0.1 * with_text))  # "many pages"
    every = min(many, with_text) if with_text >= 2 else 2  # or every page of a short document

    exact_on: dict[tuple[str, str], set[int]] = {}
    fuzzy_on: dict[tuple[str, str], set[int]] = {}
    for page, ln, band, _edge in candidates:
        exact_on.setdefault((band, _SPACES.sub(" ", ln.text.lower())), set()).add(page.number)
        fuzzy_on.setdefault((band, _furniture_key(ln.text)), set()).add(page.number)

    in_bands = Counter(page.number for page, _ln, _band, _edge in candidates)

    def repeats(page: _Page, ln: _Line, band: str) -> set[int] | None:
        """The pages a running header or footer recurs on, or None if ln is not one."""
        seen = exact_on[(band, _SPACES.sub(" ", ln.text.lower()))]
        if len(seen) >= many or (len(seen) >= every and len(page.lines) > in_bands[page.number]):
            return seen  # on a short document, only if the page has a body besides
        if ln.bold or ln.size >= 1.12 * body:
            return None  # numbered headings differ only in digits: only exact repeats count
        seen = fuzzy_on[(band, _furniture_key(ln.text))]
        if len(seen) >= many:  # digits vary ("You are 5% through", "Page 3"): many pages
            return seen
        if (
            len(seen) >= every
            and len(page.lines) > in_bands[page.number]
            and _own_page_number(ln.text, page.number)
        ):
            return seen  # "Tender ref X - Page 2 of 4" on every page of a short document
        return None

    kept_title = False
    drop: set[int] = set()
    for page, ln, band, edge in candidates:
        text = ln.text.strip()
        if _PAGE_NUMBER.match(text) and (edge or not _BARE_NUMBER.fullmatch(text)):
            # "Page 3 of 57" anywhere in the bands; a bare "3" only as the outermost line
            drop.add(id(ln))
        elif (seen_on := repeats(page, ln, band)) is not None:
            # A document title repeated at the top of pages: keep its first appearance.
            if (
                band == "top"
                and not kept_title
                and ln.size >= 1.25 * body
                and page.number == min(seen_on)
            ):
                kept_title = True
                continue
            drop.add(id(ln))
    if drop:
        for page in pages:
            page.lines = [ln for ln in page.lines if id(ln) not in drop]


def _own_page_number(text: str, number: int) -> bool:
    return any(
        int(n) == number for m in _PAGE_REF.finditer(text) for n in _DIGITS.findall(m.group())
    )


# ---------------------------------------------------------------------------------------------
# 4. Tables (pdfplumber, flagged pages only, within the table budget)
# ---------------------------------------------------------------------------------------------


def _extract_tables(
    data: bytes, name: str, pages: list[_Page], limits: Limits, deadline: float, notes: list[str]
) -> None:
    flagged = [p for p in pages if p.ruled and p.lines]
    if not flagged:
        return
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency, but degrade rather than fail
        notes.append("pdfplumber is not installed: tables were read as text")
        return
    budget_end = min(time.monotonic() + limits.pdf_table_budget_s, deadline)
    done = 0
    failed: list[int] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:
        notes.append("table structure could not be read (pdfplumber failed): tables read as text")
        return
    try:
        for page in flagged:
            if time.monotonic() > budget_end:
                break
            if page.rotation % 360:
                continue  # pdfplumber and PDFium disagree on rotated page coordinates
            try:
                plumb = pdf.pages[page.number - 1]
            except Exception:
                failed.append(page.number)
                continue
            try:
                settings = None
                if page.rules is not None:
                    h_edges, v_edges = _table_edges(page)
                    if len(h_edges) >= 2 and len(v_edges) >= 2:
                        settings = {
                            "vertical_strategy": "explicit",
                            "horizontal_strategy": "explicit",
                            "explicit_vertical_lines": v_edges,
                            "explicit_horizontal_lines": h_edges,
                        }
                page.tables = _plumb_tables(plumb, page, settings)
                if not page.tables and settings is not None:
                    # pdfplumber's own edges (it has already parsed the page: this is cheap)
                    page.tables = _plumb_tables(plumb, page, None)
            except Exception:
                failed.append(page.number)
            finally:
                plumb.close()
            done += 1
    finally:
        pdf.close()
    if done < len(flagged):
        rest = [p.number for p in flagged[done:]]
        notes.append(
            f"the {limits.pdf_table_budget_s:g} s time budget for table structure ran out after "
            f"{done} of {len(flagged)} pages with ruled tables; tables on pages "
            f"{_page_list(rest)} were read as text"
        )
    if failed:
        notes.append(f"table structure could not be read on pages {_page_list(failed)}")


def _plumb_tables(plumb, page: _Page, settings: dict | None) -> list:
    out = []
    for table in plumb.find_tables(settings):
        rows = _clean_rows(table.extract())
        if rows is None:
            continue
        x0, top, x1, bottom = table.bbox
        out.append((page.left + x0, page.top - bottom, page.left + x1, page.top - top, rows))
    return out


def _clean_rows(raw_rows) -> list[list[str]] | None:
    """Normalised cell text; None for 'tables' that are really frames or boxes."""
    rows = []
    for raw in raw_rows:
        row = [_clean_cell(c) for c in raw]
        if any(row):
            rows.append(row)
    if not rows:
        return None
    width = max(len(r) for r in rows)
    used = [i for i in range(width) if any(i < len(r) and r[i] for r in rows)]
    filled = sum(1 for r in rows for c in r if c)
    # two rows of two columns, or one row of three (a table carried over from the last page)
    if len(used) < 2 or filled < 2 or (len(rows) < 2 and len(used) < 3):
        return None
    return [r + [""] * (width - len(r)) for r in rows]


def _clean_cell(cell) -> str:
    if not cell:
        return ""
    parts = [_clean_text(p) for p in str(cell).split("\n")]
    text = ""
    for part in parts:
        if not part:
            continue
        text = _join(text, part, None) if text else part
    return text


# ---------------------------------------------------------------------------------------------
# 5. Blocks
# ---------------------------------------------------------------------------------------------


@dataclass
class _Item:
    """A line (cleaned text) or a table, in document order, ready to be grouped into blocks."""

    kind: str  # line | table
    text: str
    line: _Line | None = None
    rows: list | None = None
    page: int = 1


class _BlockBuilder:
    """Groups the lines of all pages into headings, paragraphs, list items and tables."""

    def __init__(self, pages: list[_Page], body: float):
        self.pages = pages
        self.body = body
        self._words: set[str] | None = None
        self.leading = self._typical_leading()
        self.text_width = {
            p.number: max(ln.x1 for ln in p.lines) - min(ln.x0 for ln in p.lines)
            for p in pages
            if p.lines
        }
        self.style_share = self._style_share()

    # -- statistics ---------------------------------------------------------------------------

    def _typical_leading(self) -> dict[float, float]:
        """The usual baseline-to-baseline distance of consecutive lines, per font size."""
        gaps: dict[float, Counter[float]] = {}
        for page in self.pages:
            prev = None
            for ln in page.lines:
                if prev is not None and abs(ln.size - prev.size) < 0.05 * prev.size:
                    gap = prev.end - ln.base
                    if 0 < gap < 3 * prev.height + 12:
                        gaps.setdefault(round(prev.size * 2) / 2, Counter())[
                            round(gap * 2) / 2
                        ] += 1
                prev = ln
        out = {size: c.most_common(1)[0][0] for size, c in gaps.items() if c.total() >= 3}
        body = round(self.body * 2) / 2
        if body not in out:
            out[body] = 1.2 * self.body
        return out

    def _style_share(self) -> dict[tuple[float, bool], float]:
        counts: Counter[tuple[float, bool]] = Counter()
        total = 0
        for page in self.pages:
            for ln in page.lines:
                counts[(round(ln.size, 1), ln.bold)] += 1
                total += 1
        return {k: v / max(total, 1) for k, v in counts.items()}

    # -- classification -----------------------------------------------------------------------

    def _heading_style(self, ln: _Line, text: str) -> bool:
        """Whether a line looks like a heading on its own (context is checked later)."""
        if len(text) > 160 or len(text.split()) > 22 or not _LETTER.search(text):
            return False
        first = _LETTER.search(text)
        if first and text[first.start()].islower() and not _NUMBER_LABEL.match(text):
            return False
        if text.endswith((",", ";")):
            return False
        ratio = ln.size / self.body
        share = self.style_share.get((round(ln.size, 1), ln.bold), 0.0)
        if ratio >= 1.12 and (share <= 0.08 or (ln.bold and share <= 0.2)):
            return True
        if ln.bold and ratio >= 0.9:
            words = len(text.split())
            return words <= 14 and not (words > 9 and text.endswith("."))
        return (
            bool(_NAMED_HEADING.match(text))
            and len(text.split()) <= 12
            and (ln.bold or ratio >= 1.05)
        )

    def _numbered_heading(self, items: list[_Item], i: int) -> bool:
        """A short numbered line standing on its own ("4.2 Insurance"), even in body type."""
        item = items[i]
        ln, text = item.line, item.text
        label = _NUMBER_LABEL.match(text) or _NAMED_LABEL.match(text)
        if not label or ln.size < 0.95 * self.body:
            return False
        rest = text[label.end() :].strip(" .:–—-\t")
        words = len(rest.split())
        clause = "." in label.group(1).rstrip(".") or not label.group(1)[0].isdigit()
        if not rest or not rest[0].isupper() or words > (8 if clause else 4):
            return False  # "4.2 Insurance", "Part A Scope", "4. Insurance"
        if text[-1] in ".;:,?!-" or text[-1].isdigit():  # a sentence, or a contents entry
            return False
        if rest.split()[0].lower() in _ASKS:
            return False  # "4. Please provide ...": a question, not a heading
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt is None or nxt.kind != "line" or nxt.line.page != ln.page:
            return True
        return ln.end - nxt.line.base > 1.3 * self._leading_for(ln)

    def _items(self) -> list[_Item]:
        items: list[_Item] = []
        for page in self.pages:
            lines = page.lines
            if page.tables:
                lines = self._place_tables(page, items)
            for ln in lines:
                if isinstance(ln, _Item):
                    items.append(ln)
                    continue
                text = _clean_text(ln.text)
                if not text:
                    continue
                items.append(_Item("line", text, ln, page=page.number))
        return items

    def _place_tables(self, page: _Page, items: list[_Item]) -> list:
        """The page's lines with the lines inside each table replaced by one table item."""
        out: list = []
        placed: set[int] = set()
        for ln in page.lines:
            cx = (ln.x0 + ln.x1) / 2
            cy = (ln.top + ln.bottom) / 2
            hit = None
            for k, (x0, b, x1, t, _rows) in enumerate(page.tables):
                if x0 - 1 <= cx <= x1 + 1 and b - 1 <= cy <= t + 1:
                    hit = k
                    break
            if hit is None:
                out.append(ln)
            elif hit not in placed:
                placed.add(hit)
                out.append(self._table_item(page, page.tables[hit]))
        for k, table in enumerate(page.tables):
            if k not in placed:  # no PDFium line inside it: place it by position
                pos = next(
                    (i for i, ln in enumerate(out) if getattr(ln, "top", 0) < table[3]), len(out)
                )
                out.insert(pos, self._table_item(page, table))
        return out

    @staticmethod
    def _table_item(page: _Page, table) -> _Item:
        rows = table[4]
        text = "\n".join(" | ".join(row) for row in rows)
        return _Item("table", text, None, rows=rows, page=page.number)

    # -- grouping -----------------------------------------------------------------------------

    def build(self) -> list[Block]:
        items = self._items()
        blocks: list[Block] = []
        heading_meta: list[tuple[Block, tuple[float, bool], int]] = []
        cur: dict | None = None  # the open text block: kind, parts, page, last line, label
        table_end: dict[int, int] = {}  # id(table block) -> the last page it runs onto

        def close():
            nonlocal cur
            if cur is None:
                return
            text = cur["text"].replace("\x02", "").strip()
            if cur["label"]:
                text = _without_number_label(text, cur["label"])
            if text:
                block = Block(cur["kind"], text, page=cur["page"], label=cur["label"])
                blocks.append(block)
                if cur["kind"] == "heading":
                    heading_meta.append((block, cur["style"], cur["depth"]))
            cur = None

        i = 0
        n = len(items)
        while i < n:
            item = items[i]
            if item.kind == "table":
                close()
                prev = blocks[-1] if blocks else None
                if (
                    prev is not None
                    and prev.kind == "table"
                    and table_end.get(id(prev)) == item.page - 1
                    and prev.rows
                    and len(prev.rows[0]) == len(item.rows[0])
                ):  # a table continued on the next page
                    rows = [list(r) for r in item.rows]
                    if rows[0] == prev.rows[0]:
                        rows = rows[1:]  # the header row, repeated
                    elif rows and not rows[0][0] and prev.rows[-1][0]:
                        # the last row carried over: its first cell (the row label) is empty
                        last = prev.rows[-1]
                        for k, cell in enumerate(rows.pop(0)):
                            if cell:
                                last[k] = f"{last[k]} {cell}".strip()
                    prev.rows.extend(rows)
                    prev.text = "\n".join(" | ".join(r) for r in prev.rows)
                    table_end[id(prev)] = item.page
                else:
                    table = Block(
                        "table", item.text, page=item.page, rows=[list(r) for r in item.rows]
                    )
                    blocks.append(table)
                    table_end[id(table)] = item.page
                i += 1
                continue

            ln = item.line
            text = item.text
            prev_line = cur["line"] if cur else None
            continues = cur is not None and self._continues(cur, prev_line, ln, text)

            if (
                self._heading_style(ln, text) or self._numbered_heading(items, i)
            ) and self._heading_context(cur, prev_line, ln):
                # gather following lines of the same style into one heading
                close()
                parts = [_strip_bullet(text)]
                last = ln
                big = ln.size >= 1.12 * self.body
                most = 3 if big else 2
                emphasis = False  # a run of bold lines is an emphasised paragraph
                j = i + 1
                while j < n:
                    nxt = items[j]
                    if not self._same_run(last, nxt):
                        break
                    if not big and last.x1 - last.x0 < 0.5 * self.text_width[last.page]:
                        # a short bold line, then another: two headings, unless the first
                        # is a sentence broken early (a narrow column)
                        emphasis = len(parts[-1].split()) > 6
                        break
                    if len(parts) == most:
                        emphasis = True
                        break
                    parts.append(nxt.text)
                    last = nxt.line
                    j += 1
                joined = " ".join(parts)
                if (
                    emphasis
                    or len(joined) > 200
                    or (not big and joined.endswith(".") and len(joined.split()) > 8)
                ):
                    # a run of bold lines is an emphasised paragraph, not a heading
                    cur = self._open("paragraph", text, ln, item.page)
                    i += 1
                    continue
                heading = _join_all(parts, self)
                cur = self._open("heading", heading, last, item.page)
                cur["label"] = _label(heading)
                cur["style"] = (round(ln.size / self.body, 2), ln.bold)
                cur["depth"] = _depth(heading)
                close()
                i = j
                continue

            if continues:
                cur["text"] = _join(cur["text"], text, self)
                cur["line"] = ln
                cur["lines"] += 1
                cur["right"] = max(cur["right"], ln.x1)
                i += 1
                continue

            close()
            bullet = _BULLET.match(text)
            letter = _LETTER_ITEM.match(text)
            if bullet:
                cur = self._open("list_item", text[bullet.end() :], ln, item.page)
            elif letter:
                cur = self._open("list_item", text, ln, item.page)
                cur["label"] = (letter.group(1) or letter.group(2)).strip()
            else:
                cur = self._open("paragraph", text, ln, item.page)
                cur["label"] = _label(text)
            i += 1
        close()
        self._assign_levels(heading_meta)
        return blocks

    def _same_run(self, last: _Line, nxt: _Item) -> bool:
        """Whether item nxt is the next line of a heading that ends with line last."""
        if nxt.kind != "line":
            return False
        nl = nxt.line
        gap = last.end - nl.base
        return (
            nl.page == last.page
            and abs(nl.size - last.size) <= 0.05 * last.size
            and nl.bold == last.bold
            and 0 < gap <= 1.6 * self._leading_for(last)
            and not _BULLET.match(nxt.text)
            and not _NUMBER_LABEL.match(nxt.text)
        )

    @staticmethod
    def _open(kind: str, text: str, ln: _Line, page: int) -> dict:
        return {
            "kind": kind,
            "text": text,
            "line": ln,
            "page": page,
            "label": None,
            "x0": ln.x0,
            "right": ln.x1,
            "lines": 1,
        }

    def _leading_for(self, ln: _Line) -> float:
        size = round(ln.size * 2) / 2
        leading = self.leading.get(size)
        if leading is None:
            body = self.leading[round(self.body * 2) / 2]
            leading = body * max(ln.size / self.body, 0.5)
        return leading

    def _continues(self, cur: dict, prev: _Line, ln: _Line, text: str) -> bool:
        """Whether line ln continues the open paragraph or list item."""
        if cur["kind"] == "heading":
            return False
        if _BULLET.match(text) or _LETTER_ITEM.match(text):
            return False
        if prev.page != ln.page:
            # across a page break: an unfinished sentence carried on in lower case
            if _ENDS_SENTENCE.search(cur["text"]) or abs(ln.size - prev.size) > 0.1 * prev.size:
                return False
            if _NUMBER_LABEL.match(text) and text.split()[0][-1:] in ".)":
                return False
            return text[:1].islower() or abs(ln.x0 - prev.x0) <= 3.0
        label = _NUMBER_LABEL.match(text)
        if label and "." in label.group(1) and len(text.split()) > 1:
            return False  # "4. The ...", "4.2 The ...": a new clause ("10 days" runs on)
        if _NAMED_HEADING.match(text) and _last_word(prev.text) not in _LEADS_INTO_NAME:
            return False  # "Part 2 - ..." starts an item, "... see Part 2 of" runs on
        if ln.size < 0.9 * self.body and _FOOTNOTE.match(text):
            return False
        if abs(ln.size - prev.size) > 0.12 * max(prev.size, ln.size):
            return False
        gap = prev.end - ln.base
        if gap <= 0 or gap > 1.3 * self._leading_for(prev):
            return False
        if ln.x0 > prev.x1:
            return False  # beside the block, not under it
        if ln.x0 < cur["x0"] - 2.5 * prev.height and not (
            text[:1].islower() and not _ENDS_SENTENCE.search(prev.text)
        ):
            return False  # starts well left of the block
        if ln.bold != prev.bold and _ENDS_SENTENCE.search(prev.text):
            return False
        if _ENDS_SENTENCE.search(prev.text) and text[:1].isupper():
            if ln.x0 > cur["x0"] + 18:
                return False  # an indented first line
            right = cur["right"]
            if cur["lines"] > 1 and prev.x1 < right - 0.2 * (right - cur["x0"]):
                return False  # the previous line stopped short: the paragraph ended there
        return True

    def _heading_context(self, cur, prev: _Line | None, ln: _Line) -> bool:
        """A body-size bold line inside a running paragraph is emphasis, not a heading."""
        if ln.size >= 1.12 * self.body:
            return True
        if cur is None or prev is None or prev.page != ln.page:
            return True
        if cur["kind"] == "heading":
            return True
        gap = prev.end - ln.base
        tight = 0 < gap <= 1.15 * self._leading_for(prev)
        return not (tight and not _ENDS_SENTENCE.search(prev.text))

    def _assign_levels(self, meta: list[tuple[Block, tuple[float, bool], int]]) -> None:
        if not meta:
            return
        # distinct styles, biggest first (bold before regular at one size); near sizes merged
        styles = sorted({style for _, style, _ in meta}, key=lambda s: (-s[0], not s[1]))
        rank: dict[tuple[float, bool], int] = {}
        level = 0
        prev_style = None
        for style in styles:
            if (
                prev_style is None
                or style[1] != prev_style[1]
                or prev_style[0] - style[0] > 0.06 * prev_style[0]
            ):
                level += 1
                prev_style = style
            rank[style] = level
        min_depth: dict[int, int] = {}
        for _, style, depth in meta:
            if depth:
                r = rank[style]
                min_depth[r] = min(min_depth.get(r, depth), depth)
        keys = []
        for _, style, depth in meta:
            r = rank[style]
            offset = depth - min_depth[r] if depth and r in min_depth else 0
            keys.append((r, offset))
        order = {k: n + 1 for n, k in enumerate(sorted(set(keys)))}
        for (block, _, _), key in zip(meta, keys, strict=True):
            block.level = min(order[key], 9)

    # -- hyphenation dictionary ---------------------------------------------------------------

    def words(self) -> set[str]:
        if self._words is None:
            text = "\n".join(ln.text for p in self.pages for ln in p.lines).lower()
            self._words = set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))
        return self._words


# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    """One line of PDFium text, normalised: hyphen markers, odd spaces, ligatures, controls."""
    if not _ODD.search(text):
        return text.strip()
    if "\ufffe" in text:
        text = re.sub(r"(\S*)\ufffe(\S*)", _resolve_marker, text)
    if "\x02" in text or "\u00ad" in text:
        text = re.sub(r"[\x02\u00ad](?=\S)", "", text)
        text = re.sub(r"[\x02\u00ad]$", "\x02", text)  # line-end soft hyphen, joined later
    text = _CONTROL.sub("", text)
    if _LIGATURES.search(text):
        text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return _SPACES.sub(" ", text).strip()


def _resolve_marker(m: re.Match) -> str:
    # PDFium marks a hyphen it found at the end of a visual line (and joined across) as U+FFFE.
    left, right = m.group(1), m.group(2)
    return left + _hyphen(left, right, None) + right


def _hyphen(left: str, right: str, builder: _BlockBuilder | None) -> str:
    """'-' to keep a line-end hyphen between left and right, '' to join the word back."""
    if not right or not right[0].islower() or not left or not left[-1].isalpha():
        return "-"
    word = left.split()[-1] if left.split() else left
    if any(c in word for c in "-/.@_:") or any(c.isdigit() for c in word):
        return "-"
    if word.lower() in _KEEP_HYPHEN_PREFIXES:
        return "-"
    tail = re.match(r"[^\W\d_]+", right)
    tail_word = tail.group() if tail else right
    joined = (word + tail_word).lower()
    hyphened = (word + "-" + tail_word).lower()
    if builder is not None:
        words = builder.words()
        if hyphened in words:
            return "-"
        if joined in words:
            return ""
    if _SUFFIXES.fullmatch(tail_word.lower()):
        return ""
    return "-"


def _join(text: str, nxt: str, builder: _BlockBuilder | None) -> str:
    """Append a line to a block's text, joining a word hyphenated across the line break."""
    if text.endswith("\x02"):
        return text[:-1] + nxt
    if text.endswith("-") and len(text) > 1 and text[-2].isalnum():
        head = text[:-1]
        if _hyphen(head, nxt, builder) == "":
            return head + nxt
        return text + nxt
    return text + " " + nxt


def _join_all(parts: list[str], builder: _BlockBuilder | None) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = _join(text, part, builder)
    return text.replace("\x02", "")


def _last_word(text: str) -> str:
    words = text.split()
    return words[-1].lower().strip(",;:") if words else ""


def _strip_bullet(text: str) -> str:
    m = _BULLET.match(text)
    return text[m.end() :] if m else text


def _without_number_label(text: str, label: str) -> str:
    """The text after a typed clause number ("4.2 Insurance" -> "Insurance"), as the .docx
    reader gives it: the number lives in Block.label. Named labels ("Section 4") stay."""
    m = _NUMBER_LABEL.match(text)
    if not m or m.group(1).rstrip(".") != label:
        return text
    rest = text[m.end() :].lstrip(" \t.:–—-")
    return rest or text


def _label(text: str) -> str | None:
    m = _NAMED_LABEL.match(text) or _NUMBER_LABEL.match(text)
    if not m:
        return None
    label = m.group(1).rstrip(".")
    return label or None


def _depth(text: str) -> int:
    m = _NUMBER_LABEL.match(text)
    if not m:
        return 0
    return m.group(1).rstrip(".").count(".") + 1
