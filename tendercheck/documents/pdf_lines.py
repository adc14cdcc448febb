"""Lines of text from PDFium, page by page: positions, font sizes, weight, reading order."""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from tendercheck import lazyre
from tendercheck.documents.limits import Limits
from tendercheck.documents.pdf_page import Line, Page
from tendercheck.documents.pdf_rules import ruled_grid, scan_graphics
from tendercheck.documents.pdf_tables import packed_chars

_RUN = lazyre.compile(r"\S[^\r\n]*\S|\S")  # a line's text without its leading/trailing spaces
_BOLD_NAME = lazyre.compile(r"bold|black|heavy|demi|semibold|extrabold|ultrabold|medium\b", re.I)


def extract_pages(pdf, limits: Limits) -> tuple[list[Page], list[int]]:
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

    pages: list[Page] = []
    unreadable: list[int] = []
    ruled = 0  # pages whose table characters were read (at most limits.max_table_pages)
    for index in range(len(pdf)):
        number = index + 1
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            unreadable.append(number)
            pages.append(Page(number, 0, 0, 612, 792, 0))
            continue
        try:
            left, bottom, right, top = page.get_mediabox()
            info = Page(number, left, bottom, right, top, page.get_rotation())
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
                    line = Line(m.group(), number, x0, x1, top_, bot_, base, size, bold)
                    if e > s and t1 < b0:  # PDFium joined the next visual line (a hyphenation)
                        get_origin(raw, e, r_ox, r_oy)
                        line.end = d_oy.value
                    lines.append(line)
                horizontal, vertical, in_form, info.has_image = scan_graphics(page.raw)
                grid = ruled_grid(horizontal, vertical)
                if grid is not None:
                    info.ruled = True
                    info.rules = None if in_form else grid
                    # the characters of a page whose rules give its table cells, read now
                    # while PDFium has the page's text (pdf_tables lays out the cells)
                    if info.rules and lines and not info.rotation % 360:
                        if ruled < limits.max_table_pages:
                            try:
                                info.chars = packed_chars(textpage, info)
                            except pdfium.PdfiumError:  # the table reader tries it again
                                info.chars = None
                        ruled += 1
            finally:
                textpage.close()
            info.lines = reading_order(merge_fragments(info.lines), info)
            pages.append(info)
        except pdfium.PdfiumError:
            unreadable.append(number)
            pages.append(Page(number, 0, 0, 612, 792, 0))
        finally:
            page.close()
    return pages, unreadable


def _text_by_char(raw, count: int) -> str:
    """The page text one character at a time, aligned with PDFium's character indices."""
    get = pdfium_c.FPDFText_GetUnicode
    codes = [get(raw, i) for i in range(count)]
    return "".join(chr(c) if 0 < c < 0x110000 else " " for c in codes)


def merge_fragments(lines: list[Line]) -> list[Line]:
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
            merged = Line(
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


def reading_order(lines: list[Line], page: Page) -> list[Line]:
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


def _side_by_side(left: list[Line], right: list[Line]) -> bool:
    lo = min(ln.bottom for ln in left)
    hi = max(ln.top for ln in left)
    beside = sum(1 for ln in right if ln.top > lo and ln.bottom < hi)
    return beside >= 3


def _by_columns(lines: list[Line], gutter: float) -> list[Line]:
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
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


def _rows(lines: list[Line]) -> list[Line]:
    """Lines sorted top-down; lines on one row (overlapping vertically) left to right."""
    if len(lines) < 2:
        return lines
    out: list[Line] = []
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
