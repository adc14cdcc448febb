"""Table structure of a PDF on the pages with ruled grids, within limits that do not depend on
the machine's load (pages, cells, characters), so the same file always gives the same blocks.

Where the PDFium pre-scan found the page's rules (``Page.rules``), the cells are laid out from
those rules with pdfplumber's table geometry (no page parsing: that is pure arithmetic on a few
dozen edges) and each cell's text is read from PDFium's characters, bounded to
``max_table_cell_chars``. The characters of those pages are read in PDFium's one pass over the
pages (``pdf_lines``, while it has each page's text) and cross from its process packed
(``packed_chars``); a cell gets the characters whose middle it holds, grouped into lines and
words as pdfplumber groups them, so its text is what pdfplumber's ``Table.extract`` gives.
(PDFium's own text of a cell's box, ``FPDFText_GetBoundedText``, is twenty times cheaper but
takes any character whose glyph touches the box and keeps the file's drawing order, with
PDFium's own word gaps: on corpus 06 it read 54 of 567 cells worse, see
bench/results/speed-24-tables.txt.)

Where those thin rules give no table (a grid drawn with the edges of filled boxes: the pre-scan
keeps only thin rules), the edges pdfplumber itself would read (every rectangle's and line's,
``pdf_rules.page_edges``) are taken from PDFium's path objects, with pdfplumber's default table
settings. pdfplumber's full page parse, 50-500 times slower than PDFium, runs only where the
page draws what that does not cover (curves, paths of several parts, form XObjects, whose
coordinates may not be the page's), on at most ``max_pdfplumber_table_pages`` pages.
"""

from __future__ import annotations

import ctypes
import io
from array import array
from bisect import bisect_left
from itertools import repeat
from operator import itemgetter

import pypdfium2 as pdfium

from tendercheck.documents.limits import Limits
from tendercheck.documents.pdf_page import Page, page_list
from tendercheck.documents.pdf_rules import fast_call, fast_handles, page_edges, table_edges
from tendercheck.documents.pdf_text import clean_line, join_line


class _Grid:
    """What pdfplumber's TableFinder reads of a page: its size and its edges (when not given
    explicitly in the settings); the cells' text is read here, from PDFium's characters."""

    def __init__(self, page: Page, edges: list[dict] | None = None):
        self.bbox = (0.0, 0.0, page.width, page.height)
        self.edges = edges or []


class _Counts:
    def __init__(self) -> None:
        self.cells = 0
        self.over_cells: list[int] = []
        self.long_cells: list[int] = []
        self.crowded: list[int] = []
        self.plumbed = 0
        self.over_plumber: list[int] = []
        self.failed: list[int] = []


def extract_tables(
    data: bytes, name: str, pages: list[Page], limits: Limits, notes: list[str]
) -> None:
    """Set ``page.tables`` on the pages with ruled grids; note every limit reached."""
    flagged = [p for p in pages if p.ruled and p.lines and not p.rotation % 360]
    # (pdfplumber and PDFium disagree on rotated page coordinates: those pages keep their text)
    if not flagged:
        return
    counts = _Counts()
    over_pages = flagged[limits.max_table_pages :]
    flagged = flagged[: limits.max_table_pages]
    fallback: list[Page] = []
    try:
        from pdfplumber.table import TableFinder
    except ImportError:  # pragma: no cover - a dependency, but degrade rather than fail
        notes.append("pdfplumber is not installed: tables were read as text")
        return
    pdf = pdfium.PdfDocument(data)
    try:
        for page in flagged:
            if page.rules is None:
                fallback.append(page)
                continue
            h_edges, v_edges = table_edges(page)
            if len(h_edges) < 2 or len(v_edges) < 2:
                fallback.append(page)
                continue
            if len(h_edges) * len(v_edges) > limits.max_table_cells_per_page:
                counts.crowded.append(page.number)
                continue
            settings = {
                "vertical_strategy": "explicit",
                "horizontal_strategy": "explicit",
                "explicit_vertical_lines": v_edges,
                "explicit_horizontal_lines": h_edges,
            }
            try:
                found = TableFinder(_Grid(page), settings).tables
                page.tables = _pdfium_tables(pdf, page, found, limits, counts)
            except pdfium.PdfiumError:
                counts.failed.append(page.number)
                continue
            if not page.tables:
                fallback.append(page)  # pdfplumber's own edges may still find the table
        # pdfplumber's own reading of the page: its edges are those of every rectangle and line
        # drawn, which PDFium lists too; only pages drawing something else need pdfplumber
        plumb: list[Page] = []
        for page in sorted(fallback, key=lambda p: p.number):
            try:
                ppage = pdf[page.number - 1]
            except pdfium.PdfiumError:
                edges = None
            else:
                try:
                    edges = page_edges(ppage.raw, page)
                finally:
                    ppage.close()
            if edges is None:
                plumb.append(page)
                continue
            if _crossings(edges) > limits.max_table_cells_per_page:
                counts.crowded.append(page.number)
                continue
            try:
                found = TableFinder(_Grid(page, edges), {}).tables
                page.tables = _pdfium_tables(pdf, page, found, limits, counts)
            except pdfium.PdfiumError:
                counts.failed.append(page.number)
    finally:
        pdf.close()
    if plumb:
        _plumb_pages(data, plumb, limits, counts, notes)
    _note_limits(limits, counts, over_pages, notes)


def _crossings(edges: list[dict]) -> int:
    """Horizontal times vertical edges once pdfplumber has snapped and joined them (as its
    default table settings do), the bound on the table geometry's work."""
    from pdfplumber.table import TableSettings, merge_edges
    from pdfplumber.utils import filter_edges

    settings = TableSettings.resolve({})
    merged = merge_edges(
        filter_edges(edges, min_length=settings.edge_min_length_prefilter),
        settings.snap_x_tolerance,
        settings.snap_y_tolerance,
        settings.join_x_tolerance,
        settings.join_y_tolerance,
    )
    horizontal = sum(e["orientation"] == "h" for e in merged)
    return horizontal * (len(merged) - horizontal)


def _pdfium_tables(pdf, page: Page, found, limits: Limits, counts: _Counts) -> list:
    """The tables pdfplumber's geometry laid out, with each cell's text from PDFium's
    characters, grouped into lines and words as pdfplumber groups its own."""
    if not found:
        return []
    if page.chars is not None:
        return _kept_tables(found, unpacked_chars(page.chars), page, limits, counts)
    out = []
    ppage = pdf[page.number - 1]
    try:
        textpage = ppage.get_textpage()
        try:
            out = _kept_tables(found, page_chars(textpage, page), page, limits, counts)
        finally:
            textpage.close()
    finally:
        ppage.close()
    return out


_vp, _ci, _cd = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
_UNICODE = fast_call("FPDFText_GetUnicode", ctypes.c_uint, _vp, _ci)
_GENERATED = fast_call("FPDFText_IsGenerated", _ci, _vp, _ci)
_LOOSE_BOX = fast_call("FPDFText_GetLooseCharBox", _ci, _vp, _ci, _vp)
_ORIGIN = fast_call("FPDFText_GetCharOrigin", _ci, _vp, _ci, _vp, _vp)
_FONT_SIZE = fast_call("FPDFText_GetFontSize", _cd, _vp, _ci)
_TEXT_OBJECT = fast_call("FPDFText_GetTextObject", _vp, _vp, _ci)
_OBJECT_FONT = fast_call("FPDFTextObj_GetFont", _vp, _vp)
_FONT_DESCENT = fast_call(
    "FPDFFont_GetDescent", _ci, _vp, ctypes.c_float, ctypes.POINTER(ctypes.c_float)
)
_FAST = fast_handles()


# A character as the table reader keeps it: (text, x0, x1, top, bottom), in top-down page
# coordinates from the page's top-left corner (pdfplumber's "text", "x0", "x1", "top",
# "bottom"; every PDFium character is upright). Tuples, not pdfplumber's dicts: a table page
# has about 2,000 characters and each is made, sorted and grouped once.
_TEXT, _X0, _X1, _TOP, _BOTTOM = range(5)
_MARKS = frozenset("\x02\ufffe")  # PDFium's hyphen at a line end, in its code and in its text


def page_chars(textpage, page: Page) -> list[tuple]:
    """The page's characters as pdfplumber's text grouping reads them, each box measured as
    pdfminer measures it: across, the advance (PDFium's loose box); down, one font size up
    from the baseline plus the font's descent, so characters group into lines as pdfplumber
    groups them. The line breaks PDFium adds are left out; the word gaps it adds are kept, as
    spaces.

    PDFium is asked once a character for its box and its text object, each call made by
    ``map`` over the characters into one array (no Python step a call); the baseline once a
    text object where its characters share one (``_baselines``)."""
    raw = textpage.raw
    if _FAST:
        raw = ctypes.cast(raw, ctypes.c_void_p).value
    count = max(textpage.count_chars(), 0)
    # the page's text in one call (one unit a character, as PDFium's per-character code but
    # for its hyphen mark), else a call a character
    text = textpage.get_text_range()
    codes = list(map(ord, text)) if len(text) == count else [_UNICODE(raw, i) for i in range(count)]
    for index in [i for i, code in enumerate(codes) if code == 0xFFFE]:
        codes[index] = _UNICODE(raw, index)  # the text's mark for PDFium's hyphen (2)
    wanted = [i for i, code in enumerate(codes) if code not in (0, 10, 13)]
    # PDFium generates only spaces and line breaks: a word gap it saw is a space just after
    # the previous character (its own box can lie anywhere, and would join lines when lines
    # are grouped by their tops)
    spaces = [i for i in wanted if codes[i] == 32]
    generated = {i for i, g in zip(spaces, _calls(_GENERATED, raw, spaces), strict=True) if g == 1}
    real = [i for i in wanted if i not in generated] if generated else wanted
    n = len(real)
    boxes = (ctypes.c_float * (4 * n))()  # FS_RECTF: left, top, right, bottom
    boxed = _calls(_LOOSE_BOX, raw, real, (boxes, 16))
    objects_of = _calls(_TEXT_OBJECT, raw, real)
    box_values = memoryview(boxes).cast("B").cast("f").tolist()
    y_values = _baselines(raw, real, objects_of)
    # a text object has one font and one size (PDFium's font size is the object's): its size
    # and the font's descent at that size are asked once an object, not once a character, and
    # a character's top and bottom follow from its object and baseline
    objects: dict = {}
    descents: dict = {}
    descent = ctypes.c_float()
    r_descent = ctypes.byref(descent)
    left, top = page.left, page.top

    def below(font, size: float) -> float:
        found = descents.get((font, size))
        if found is None:
            found = descent.value if font and _FONT_DESCENT(font, size, r_descent) else 0.0
            descents[(font, size)] = found
        return found

    spans: dict = {}
    for k, key in enumerate(zip(objects_of, y_values, strict=True)):
        if key in spans:
            continue
        obj, y = key
        known = objects.get(obj)
        if known is None:
            font = _OBJECT_FONT(obj) if obj else None
            known = objects[obj] = (_FONT_SIZE(raw, real[k]), font)
        size, font = known
        if size:
            bottom = top - (y + below(font, size))
            spans[key] = (bottom - size, bottom)
        else:  # no size: each character's own box height
            spans[key] = None
    vertical = list(map(spans.__getitem__, zip(objects_of, y_values, strict=True)))
    for k, span in enumerate(vertical):
        if span is None:
            size = box_values[4 * k + 1] - box_values[4 * k + 3]
            bottom = top - (y_values[k] + below(objects[objects_of[k]][1], size))
            vertical[k] = (bottom - size, bottom)
    if len(text) == count:
        texts = [text[i] for i in real]
        for k in [k for k, t in enumerate(texts) if t in _MARKS]:
            code = codes[real[k]]
            texts[k] = "-" if code == 2 else chr(code)  # 2: PDFium's mark for a line-end hyphen
    else:
        texts = ["-" if codes[i] == 2 else chr(codes[i]) for i in real]
    chars = [
        (text, b_left - left, b_right - left, span[0], span[1])
        for text, b_left, b_right, span in zip(
            texts, box_values[0::4], box_values[2::4], vertical, strict=True
        )
    ]
    if not all(boxed):
        chars = [c if ok else None for c, ok in zip(chars, boxed, strict=True)]
    if generated:
        chars = _with_word_gaps(chars, real, sorted(generated))
    return [c for c in chars if c is not None] if None in chars else chars


def _with_word_gaps(chars: list, real: list[int], generated: list[int]) -> list:
    """The characters with a space after each word gap PDFium generated (at its index among
    the characters), where the character before is not a space already: a zero-width space
    at that character's left edge, on its line."""
    out: list = []
    done = 0
    for index in generated:
        upto = bisect_left(real, index)
        out.extend(chars[done:upto])
        done = upto
        prev = next((c for c in reversed(out) if c is not None), None)
        if prev is not None and not prev[_TEXT].isspace():
            out.append((" ", prev[_X0], prev[_X0], prev[_TOP], prev[_BOTTOM]))
    out.extend(chars[done:])
    return out


def packed_chars(textpage, page: Page) -> tuple[str, array]:
    """``page_chars`` as one string of their texts and one array of their x0, x1, top and
    bottom: what crosses from PDFium's process to the reader's (a twentieth of the pickled
    size of the tuples, and no object a character to pickle)."""
    chars = page_chars(textpage, page)
    values = array("d", [v for c in chars for v in c[1:]])
    return "".join(c[0] for c in chars), values


def unpacked_chars(packed: tuple[str, array]) -> list[tuple]:
    text, values = packed
    return list(zip(text, values[0::4], values[1::4], values[2::4], values[3::4], strict=True))


def _baselines(raw, real: list[int], objects_of: list) -> list[float]:
    """Each character's origin y (PDFium's ``FPDFText_GetCharOrigin``), asked twice a text
    object where that settles all its characters, else once a character.

    PDFium places a text object's characters along one line: its matrix applied to their
    offsets along the text (pdfium's CPDF_TextPage). If the object's first and last
    characters have different x and the same y, that line is horizontal and every character
    between has that y; otherwise (one character, sideways or vertical text) each is asked."""
    n = len(real)
    first: dict = {}
    last: dict = {}
    for k, obj in enumerate(objects_of):
        if obj not in first:
            first[obj] = k
        last[obj] = k
    ends = [k for obj in first for k in (first[obj], last[obj])]
    xs, ys = (ctypes.c_double * len(ends))(), (ctypes.c_double * len(ends))()
    ok = _calls(_ORIGIN, raw, [real[k] for k in ends], (xs, 8), (ys, 8))
    level: dict = {}
    for j, obj in enumerate(first):
        a, b = 2 * j, 2 * j + 1
        if obj and ok[a] and ok[b] and ys[a] == ys[b] and xs[a] != xs[b]:
            level[obj] = ys[a]
    if len(level) == len(first):
        return [level[obj] for obj in objects_of]
    asked = [k for k, obj in enumerate(objects_of) if obj not in level]
    xs, ys = (ctypes.c_double * len(asked))(), (ctypes.c_double * len(asked))()
    _calls(_ORIGIN, raw, [real[k] for k in asked], (xs, 8), (ys, 8))
    own = dict(zip(asked, ys, strict=True))
    return [level[obj] if obj in level else own[k] for k, obj in enumerate(objects_of)] if n else []


def _calls(func, raw, indices: list[int], *outputs) -> list:
    """``func(raw, index, *out)`` for each index, the i-th call writing into element i of each
    (array, element size) in ``outputs``; the results in a list."""
    n = len(indices)
    if _FAST:
        ranges = [
            range(ctypes.addressof(a), ctypes.addressof(a) + size * n, size) for a, size in outputs
        ]
        return list(map(func, repeat(raw, n), indices, *ranges))
    types = list(getattr(func, "argtypes", None) or [])[2:]  # pragma: no cover - below too
    results = []
    for k, index in enumerate(indices):  # the public bindings take typed pointers
        outs = [
            ctypes.cast(ctypes.addressof(a) + size * k, kind)
            for (a, size), kind in zip(outputs, types, strict=False)
        ]
        results.append(func(raw, index, *outs))
    return results


def _address(handle) -> int:
    if not handle:
        return 0
    return handle if isinstance(handle, int) else ctypes.cast(handle, ctypes.c_void_p).value


def _bounded(rows: list, page: Page, limits: Limits, counts: _Counts) -> list:
    """Cells cut to ``max_table_cell_chars``, noting the pages where that happened."""
    most = limits.max_table_cell_chars
    for row in rows:
        for i, cell in enumerate(row):
            if cell and len(cell) > most:
                row[i] = cell[:most]
                if page.number not in counts.long_cells:
                    counts.long_cells.append(page.number)
    return rows


def _plumb_pages(
    data: bytes, pages: list[Page], limits: Limits, counts: _Counts, notes: list[str]
) -> None:
    """pdfplumber's own reading of the page, where PDFium's rules gave no table."""
    import pdfplumber

    allowed = pages[: limits.max_pdfplumber_table_pages]
    counts.over_plumber = [p.number for p in pages[limits.max_pdfplumber_table_pages :]]
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:
        notes.append("table structure could not be read (pdfplumber failed): tables read as text")
        return
    try:
        for page in allowed:
            try:
                plumb = pdf.pages[page.number - 1]
            except Exception:
                counts.failed.append(page.number)
                continue
            try:
                tables = _plumb_tables(plumb, page, limits, counts)
                if tables:
                    page.tables = tables
            except Exception:
                counts.failed.append(page.number)
            finally:
                plumb.close()
            counts.plumbed += 1
    finally:
        pdf.close()


def _plumb_tables(plumb, page: Page, limits: Limits, counts: _Counts) -> list:
    tables = plumb.find_tables(None)
    chars = plumb.chars
    if all(c["upright"] for c in chars):
        chars = [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in chars]
        return _kept_tables(tables, chars, page, limits, counts)
    # sideways text: pdfplumber's own extraction, which reads it in its direction
    return _kept_tables(tables, None, page, limits, counts)


def _kept_tables(tables, chars: list[tuple] | None, page: Page, limits: Limits, counts: _Counts):
    """(x0, y0, x1, y1, rows) in page coordinates for each table within the cell limits, its
    cells cut to length; a table over the PDF's cell limit is counted, not read. ``chars``:
    the page's upright characters (None: pdfplumber's ``Table.extract`` reads the cells)."""
    out = []
    placed = _Placed(chars) if tables and chars is not None else None
    for table in tables:
        table_rows = table.rows
        size = sum(len(r.cells) for r in table_rows)
        if counts.cells + size > limits.max_pdf_table_cells:
            counts.over_cells.append(page.number)
            continue
        counts.cells += size
        raw_rows = placed.extract(table_rows) if placed else table.extract()
        rows = _clean_rows(_bounded(raw_rows, page, limits, counts))
        if rows is None:
            continue
        x0, top, x1, bottom = table.bbox
        out.append((page.left + x0, page.top - bottom, page.left + x1, page.top - top, rows))
    return out


class _Placed:
    """A page's characters by their vertical middle, to give each table cell its characters as
    pdfplumber's ``Table.extract`` does (a character belongs to the cell holding its middle,
    in page order), without testing every character against every row of every table."""

    def __init__(self, chars: list[tuple]):
        placed = sorted(
            ((c[_TOP] + c[_BOTTOM]) / 2, (c[_X0] + c[_X1]) / 2, i, c) for i, c in enumerate(chars)
        )
        self.v_mids = [p[0] for p in placed]
        self.placed = placed

    def extract(self, rows) -> list[list[str | None]]:
        out = []
        for row in rows:
            x0, top, x1, bottom = row.bbox
            start = bisect_left(self.v_mids, top)
            end = bisect_left(self.v_mids, bottom, start)
            in_row = sorted(
                (p for p in self.placed[start:end] if x0 <= p[1] < x1), key=itemgetter(2)
            )
            texts: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    texts.append(None)
                    continue
                c0, c_top, c1, c_bottom = cell
                chars = [p[3] for p in in_row if c0 <= p[1] < c1 and c_top <= p[0] < c_bottom]
                texts.append(_cell_text(chars) if chars else "")
            out.append(texts)
        return out


# pdfplumber's ligature expansion (pdfplumber.utils.text.LIGATURES)
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_TOLERANCE = 3  # pdfplumber's default x and y tolerances


def _cell_text(chars: list[tuple]) -> str:
    """What ``pdfplumber.utils.extract_text`` gives with its default settings for these
    upright characters, at a fraction of its cost: characters grouped into lines by their tops,
    each line read left to right and cut into words at spaces and at gaps over the tolerance,
    the words grouped into lines by their tops again."""
    words: list[tuple[str, float]] = []  # (text, top)
    for line in _clusters(chars, _BY_TOP):
        line.sort(key=_BY_X0)
        word: list[tuple] = []
        for char in line:
            text = char[_TEXT]
            if text.isspace():
                if word:
                    words.append(_word(word))
                word = []
            elif text == "":  # (pdfplumber's split_at_punctuation test, "" in "")
                if word:
                    words.append(_word(word))
                words.append(_word([char]))
                word = []
            elif word and (
                char[_X0] < word[-1][_X0]
                or char[_X0] > word[-1][_X1] + _TOLERANCE
                or abs(char[_TOP] - word[-1][_TOP]) > _TOLERANCE
            ):
                words.append(_word(word))
                word = [char]
            else:
                word.append(char)
        if word:
            words.append(_word(word))
    return "\n".join(" ".join(w[0] for w in line) for line in _clusters(words, itemgetter(1)))


_BY_TOP = itemgetter(_TOP)
_BY_X0 = itemgetter(_X0)


def _word(chars: list[tuple]) -> tuple[str, float]:
    return "".join(map(_TEXT_OF, chars)).translate(_EXPAND), min(map(_BY_TOP, chars))


_TEXT_OF = itemgetter(_TEXT)
_EXPAND = str.maketrans(_LIGATURES)


def _clusters(items: list, key) -> list[list]:
    """pdfplumber's cluster_objects: items grouped by key values that chain within the
    tolerance, groups in order of their values, items in their own order within a group."""
    group_of: dict = {}
    group, last = 0, None
    for value in sorted(set(map(key, items))):
        if last is not None and value > last + _TOLERANCE:
            group += 1
        group_of[value] = group
        last = value
    groups: list[list] = [[] for _ in range(group + 1)] if items else []
    for item in items:
        groups[group_of[key(item)]].append(item)
    return groups


def _note_limits(limits: Limits, counts: _Counts, over_pages: list[Page], notes: list[str]):
    if over_pages:
        notes.append(
            f"table structure is read on at most {limits.max_table_pages} pages of a PDF; "
            f"tables on pages {page_list([p.number for p in over_pages])} were read as text"
        )
    if counts.crowded:
        notes.append(
            f"pages {page_list(counts.crowded)} have too many ruled lines for table structure "
            f"(over {limits.max_table_cells_per_page} crossings); their tables were read as text"
        )
    if counts.over_cells:
        notes.append(
            f"table structure is read for at most {limits.max_pdf_table_cells} cells of a PDF; "
            f"tables on pages {page_list(sorted(set(counts.over_cells)))} were read as text"
        )
    if counts.over_plumber:
        notes.append(
            f"tables drawn without plain ruled lines are read on at most "
            f"{limits.max_pdfplumber_table_pages} pages of a PDF; tables on pages "
            f"{page_list(counts.over_plumber)} were read as text"
        )
    if counts.long_cells:
        notes.append(
            f"table cells longer than {limits.max_table_cell_chars} characters were cut short "
            f"on pages {page_list(sorted(counts.long_cells))}"
        )
    if counts.failed:
        notes.append(f"table structure could not be read on pages {page_list(counts.failed)}")


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
    parts = [clean_line(p) for p in str(cell).replace("\r", "").split("\n")]
    text = ""
    for part in parts:
        if not part:
            continue
        text = join_line(text, part, None) if text else part
    return text
