"""Running headers, footers and page numbers of a PDF, found across pages and removed."""

from __future__ import annotations

import math
import re
from collections import Counter

from tendercheck import lazyre
from tendercheck.documents.pdf_page import Line, Page
from tendercheck.documents.pdf_text import SPACES

_DIGITS = lazyre.compile(r"\d+")
_PAGE_REF = lazyre.compile(
    r"\b(?:page|p\.|pg\.?)\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+", re.I
)

_BOLD_NAME = lazyre.compile(r"bold|black|heavy|demi|semibold|extrabold|ultrabold|medium\b", re.I)

_PAGE_NUMBER = lazyre.compile(
    r"""^(?:
        (?:page|p\.|pg\.?)?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
      | [-–—]\s*\d{1,4}\s*[-–—]
      | [ivxlc]{1,7}
    )$""",
    re.I | re.X,
)

_BARE_NUMBER = lazyre.compile(r"\d{1,4}|[ivxlc]{1,7}", re.I)


def body_size(pages: list[Page]) -> float:
    weights: Counter[float] = Counter()
    for page in pages:
        for ln in page.lines:
            weights[round(ln.size, 1)] += len(ln.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _furniture_key(text: str) -> str:
    """Text with page numbers and other digits taken out, to match a line across pages."""
    key = _PAGE_REF.sub(" ", text.lower())
    return SPACES.sub(" ", _DIGITS.sub(" ", key)).strip()


def remove_furniture(pages: list[Page], body: float) -> None:
    """Drop running headers/footers and page numbers from the page margins.

    Candidates are the first and last three lines of a page when they lie in the top fifth or
    the bottom eighth of it. A candidate is furniture when the same text (digits aside: page
    numbers, "You are 5% through") is in the same band on many pages, or when it is a lone page
    number at the very top or bottom. Heading-styled lines must repeat exactly, so numbered
    headings that happen to start pages ("2. Scope", "3. Scope") are not taken for furniture.
    """
    candidates: list[tuple[Page, Line, str, bool]] = []
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
        exact_on.setdefault((band, SPACES.sub(" ", ln.text.lower())), set()).add(page.number)
        fuzzy_on.setdefault((band, _furniture_key(ln.text)), set()).add(page.number)

    in_bands = Counter(page.number for page, _ln, _band, _edge in candidates)

    def repeats(page: Page, ln: Line, band: str) -> set[int] | None:
        """The pages a running header or footer recurs on, or None if ln is not one."""
        seen = exact_on[(band, SPACES.sub(" ", ln.text.lower()))]
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
# 4. Tables (pdf_tables: flagged pages only, within limits that count pages and cells)
# ---------------------------------------------------------------------------------------------
