"""Pages and lines of a PDF as the reader works on them, and the items blocks are built from."""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


class Line:
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
            f"Line(p{self.page} {self.x0:.0f}-{self.x1:.0f} {self.bottom:.0f}-{self.top:.0f} "
            f"size={self.size:.1f}{' bold' if self.bold else ''} {self.text!r})"
        )


@dataclass
class Page:
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
    # the characters of a page with table rules, as pdf_tables reads cells from them, read in
    # PDFium's pass over the pages (pdf_tables.packed_chars; None: not read then)
    chars: tuple | None = None

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def page_list(numbers: list[int], most: int = 12) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


@dataclass
class Item:
    """A line (cleaned text) or a table, in document order, ready to be grouped into blocks."""

    kind: str  # line | table
    text: str
    line: Line | None = None
    rows: list | None = None
    page: int = 1
