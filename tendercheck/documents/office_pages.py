"""Page counting and the rough layout estimate shared by the .docx and .odt readers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Block
from tendercheck.errors import InputError


class PageTracker:
    """Page breaks and the space content takes, while a document is walked; then page numbers.

    Counted breaks split the document into segments. Each block records (segment, space used in
    the segment before it), space in pages. A segment fuller than a page is split by estimate
    (when the document carries rendered breaks, only one that is clearly more than a page).
    """

    def __init__(self, rendered: bool):
        self.rendered = rendered  # the document carries layout-rendered page breaks
        self.segment = 0
        self.used = 0.0  # pages used so far in the current segment
        self.content = False  # something visible since the last counted break
        self.seg_used: list[float] = []
        self.breaks = 0

    def page_break(self) -> None:
        """A hard or rendered break. Breaks with nothing visible between them are one break."""
        if not self.content:
            return
        self.seg_used.append(self.used)
        self.segment += 1
        self.breaks += 1
        self.used = 0.0
        self.content = False

    def position(self) -> tuple[int, float]:
        return self.segment, self.used

    def add(self, pages: float, since: int | None = None) -> None:
        """Count space used; content that began in segment ``since`` (and ran over breaks
        since) is spread evenly over the segments it spans."""
        if since is None or since >= self.segment:
            self.used += pages
            return
        since = max(since, 0)
        share = pages / (self.segment - since + 1)
        for i in range(since, self.segment):
            self.seg_used[i] += share
        self.used += share

    def snapshot(self) -> tuple:
        return self.segment, self.used, self.content, self.breaks, len(self.seg_used)

    def restore(self, snap: tuple, tail: list[float] | None = None) -> None:
        self.segment, self.used, self.content, self.breaks, n = snap
        del self.seg_used[n:]
        if tail:
            self.seg_used.extend(tail)

    def resolve(
        self, positions: list[tuple[int, float]], scale: float = 1.0
    ) -> tuple[list[int], int, int]:
        """Page per position, the total, and how many of those pages were estimated.

        Without rendered breaks a segment over a page takes as many pages as its content fills.
        With them, only a segment well over a page is split (Word writes no rendered break
        where a page starts without a run of text, as in a table of empty rows), into about as
        many pages as it fills. ``scale`` stretches the estimate (to match a known total).
        """
        segments = [*self.seg_used, self.used]
        starts: list[int] = []
        sizes: list[int] = []
        page = 1
        added = 0
        for used in segments:
            used *= scale
            if self.rendered:
                size = max(2, round(used)) if used > 1.75 else 1
            elif self.breaks == 0 or used > 1.05:
                size = max(1, math.ceil(used - 0.05))
            else:
                size = 1
            starts.append(page)
            sizes.append(size)
            added += size - 1
            page += size
        total = max(1, page - 1)
        pages = []
        for seg, before in positions:
            offset = min(int(before * scale), sizes[seg] - 1) if sizes[seg] > 1 else 0
            pages.append(starts[seg] + offset)
        if self.breaks == 0:
            added = total
        return pages, total, added

    def fit(
        self, positions: list[tuple[int, float]], known_total: int | None
    ) -> tuple[list[int], int, bool]:
        """Page per position, total pages and whether they are estimated, calibrated to the
        page count the authoring application saved (``known_total``) when there is one."""
        pages, total, added = self.resolve(positions)
        stretch = known_total and (added or self.breaks == 0 or known_total > total)
        if known_total and known_total != total and stretch:
            lo, hi = 0.3, 3.0
            best = (abs(total - known_total), pages, total, added)
            for _ in range(30):  # totals grow with the scale: bisect towards the known one
                mid = (lo + hi) / 2
                p, t, a = self.resolve(positions, mid)
                if abs(t - known_total) < best[0]:
                    best = (abs(t - known_total), p, t, a)
                if t == known_total:
                    break
                lo, hi = (mid, hi) if t < known_total else (lo, mid)
            _, pages, total, added = best
        estimated = self.breaks == 0 or added > 0.1 * total
        return pages, total, estimated


# Layout estimate: an average character is CHAR_WIDTH of the font size wide, a line is
# LINE_HEIGHT of it tall (before the paragraph's own line spacing).
CHAR_WIDTH = 0.5
LINE_HEIGHT = 1.15
CELL_PADDING_PT = 5.0


def text_height(text: str, width_pt: float, size_pt: float, line: float = 1.0) -> float:
    """Points of height a text takes set in a column ``width_pt`` wide."""
    per_line = max(4.0, width_pt / (size_pt * CHAR_WIDTH))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return lines * size_pt * LINE_HEIGHT * line


@dataclass(frozen=True)
class Geometry:
    """The text area of a page, in points."""

    width: float = 451.0  # A4 with 1 inch margins
    height: float = 698.0


def saved_page_count(
    saved_pages: int | None,
    saved_words: int | None,
    words: int,
    pages: PageTracker,
    positions: list[tuple[int, float]],
) -> int | None:
    """The page count the authoring application saved, when it can be believed: its saved
    word count must match what was read (templates carry stale statistics, python-docx files
    claim one page) and the count must be near the estimate."""
    if not saved_pages or not saved_words or words < 50:
        return None
    if abs(saved_words - words) > 0.2 * max(words, saved_words):
        return None
    _, total, _ = pages.resolve(positions)
    if not 0.5 <= saved_pages / total <= 2.0:
        return None
    return saved_pages


class RowPages:
    """Page tracking across one table row. A row split over pages has a rendered break in each
    cell that runs on: each cell starts where the row does, and the row moves on as far as its
    longest cell, not by the sum of them."""

    def __init__(self, pages: PageTracker):
        self.pages = pages
        self.start = pages.snapshot()
        self.best: tuple[tuple, list[float]] | None = None

    def begin_cell(self) -> None:
        self.pages.restore(self.start)

    def end_cell(self) -> None:
        end = self.pages.snapshot()
        if self.best is None or end[0] > self.best[0][0]:
            self.best = (end, self.pages.seg_used[self.start[4] :])

    def end_row(self) -> bool:
        """Move on to where the longest cell ended; whether the row ran over a page break."""
        if self.best is None:
            return False
        snap, tail = self.best
        self.pages.restore((*snap[:4], self.start[4]), tail)
        return snap[0] > self.start[0]


def place_blocks(
    items: list[tuple[Block, tuple[int, float]]],
    pages: PageTracker,
    saved_pages: int | None,
    saved_words: int | None,
    name: str,
    limits: Limits,
) -> tuple[list[Block], int, bool]:
    """The blocks with their pages set, the page total and whether it is estimated, from each
    block's position in the walk; calibrated to the saved page count when it can be believed."""
    positions = [pos for _, pos in items]
    words = sum(len(block.text.split()) for block, _ in items)
    known = saved_page_count(saved_pages, saved_words, words, pages, positions)
    page_of, total, estimated = pages.fit(positions, known)
    if total > limits.max_pages:
        raise InputError(
            name, f"the document runs to about {total} pages, over the {limits.max_pages} limit"
        )
    blocks = []
    for (block, _), page in zip(items, page_of, strict=True):
        block.page = page
        blocks.append(block)
    return blocks, total, estimated
