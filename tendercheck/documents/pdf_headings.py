"""Headings among PDF lines: the document's typography (body size, leading, how common each
style is) and the tests that make a line a heading, and heading levels."""

from __future__ import annotations

import re
from collections import Counter

from tendercheck import lazyre
from tendercheck.documents.model import Block
from tendercheck.documents.pdf_page import Item, Line, Page
from tendercheck.documents.pdf_text import (
    BULLET_ITEM,
    ENDS_SENTENCE,
    NAMED_HEADING,
    NAMED_LABEL,
    NUMBER_LABEL,
)

_LETTER = lazyre.compile(r"[^\W\d_]")
_ASKS = frozenset(
    {"please", "do", "does", "did", "is", "are", "was", "have", "has", "can", "will", "would"}
    | {"confirm", "provide", "describe", "explain", "give", "list", "state", "upload", "select"}
    | {"what", "how", "why", "when", "where", "which", "who", "if", "enter", "tell"}
)


class DocumentTypography:
    """What the lines of a whole document say about its type: body size, usual leading, how
    common each style is, words for hyphenation; and the tests for headings that use them."""

    def __init__(self, pages: list[Page], body: float):
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

    def _heading_style(self, ln: Line, text: str) -> bool:
        """Whether a line looks like a heading on its own (context is checked later)."""
        if len(text) > 160 or len(text.split()) > 22 or not _LETTER.search(text):
            return False
        first = _LETTER.search(text)
        if first and text[first.start()].islower() and not NUMBER_LABEL.match(text):
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
            bool(NAMED_HEADING.match(text))
            and len(text.split()) <= 12
            and (ln.bold or ratio >= 1.05)
        )

    def _numbered_heading(self, items: list[Item], i: int) -> bool:
        """A short numbered line standing on its own ("4.2 Insurance"), even in body type."""
        item = items[i]
        ln, text = item.line, item.text
        label = NUMBER_LABEL.match(text) or NAMED_LABEL.match(text)
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

    def _same_run(self, last: Line, nxt: Item) -> bool:
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
            and not BULLET_ITEM.match(nxt.text)
            and not NUMBER_LABEL.match(nxt.text)
        )

    def _leading_for(self, ln: Line) -> float:
        size = round(ln.size * 2) / 2
        leading = self.leading.get(size)
        if leading is None:
            body = self.leading[round(self.body * 2) / 2]
            leading = body * max(ln.size / self.body, 0.5)
        return leading

    def _heading_context(self, cur, prev: Line | None, ln: Line) -> bool:
        """A body-size bold line inside a running paragraph is emphasis, not a heading."""
        if ln.size >= 1.12 * self.body:
            return True
        if cur is None or prev is None or prev.page != ln.page:
            return True
        if cur["kind"] == "heading":
            return True
        gap = prev.end - ln.base
        tight = 0 < gap <= 1.15 * self._leading_for(prev)
        return not (tight and not ENDS_SENTENCE.search(prev.text))

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
