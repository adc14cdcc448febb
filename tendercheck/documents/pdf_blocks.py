"""Grouping of PDF lines and tables into headings, paragraphs, list items and tables."""

from __future__ import annotations

from tendercheck import lazyre
from tendercheck.documents.model import Block
from tendercheck.documents.pdf_headings import DocumentTypography
from tendercheck.documents.pdf_page import Item, Line, Page
from tendercheck.documents.pdf_text import (
    BULLET_ITEM,
    ENDS_SENTENCE,
    NAMED_HEADING,
    NUMBER_LABEL,
    clause_depth,
    clean_line,
    join_line,
    join_lines,
    last_word,
    line_label,
    strip_bullet,
    without_number_label,
)

_LETTER_ITEM = lazyre.compile(
    r"^(\(?(?:[a-z]|[ivx]{1,5})\))\s+(?=\S)|^((?:[a-z]|[ivx]{1,5})\.)\s+(?=\S)"
)
_FOOTNOTE = lazyre.compile(r"^\d{1,3}\s+\S")
_LEADS_INTO_NAME = frozenset(
    {"see", "in", "of", "under", "and", "or", "to", "at", "the", "with", "per", "within"}
    | {"this", "that", "by", "from", "for"}
)


class BlockBuilder(DocumentTypography):
    """Groups the lines of all pages into headings, paragraphs, list items and tables."""

    def _items(self) -> list[Item]:
        items: list[Item] = []
        for page in self.pages:
            lines = page.lines
            if page.tables:
                lines = self._place_tables(page, items)
            for ln in lines:
                if isinstance(ln, Item):
                    items.append(ln)
                    continue
                text = clean_line(ln.text)
                if not text:
                    continue
                items.append(Item("line", text, ln, page=page.number))
        return items

    def _place_tables(self, page: Page, items: list[Item]) -> list:
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
    def _table_item(page: Page, table) -> Item:
        rows = table[4]
        text = "\n".join(" | ".join(row) for row in rows)
        return Item("table", text, None, rows=rows, page=page.number)

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
                text = without_number_label(text, cur["label"])
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
                parts = [strip_bullet(text)]
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
                heading = join_lines(parts, self)
                cur = self._open("heading", heading, last, item.page)
                cur["label"] = line_label(heading)
                cur["style"] = (round(ln.size / self.body, 2), ln.bold)
                cur["depth"] = clause_depth(heading)
                close()
                i = j
                continue

            if continues:
                cur["text"] = join_line(cur["text"], text, self)
                cur["line"] = ln
                cur["lines"] += 1
                cur["right"] = max(cur["right"], ln.x1)
                i += 1
                continue

            close()
            bullet = BULLET_ITEM.match(text)
            letter = _LETTER_ITEM.match(text)
            if bullet:
                cur = self._open("list_item", text[bullet.end() :], ln, item.page)
            elif letter:
                cur = self._open("list_item", text, ln, item.page)
                cur["label"] = (letter.group(1) or letter.group(2)).strip()
            else:
                cur = self._open("paragraph", text, ln, item.page)
                cur["label"] = line_label(text)
            i += 1
        close()
        self._assign_levels(heading_meta)
        return blocks

    @staticmethod
    def _open(kind: str, text: str, ln: Line, page: int) -> dict:
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

    def _continues(self, cur: dict, prev: Line, ln: Line, text: str) -> bool:
        """Whether line ln continues the open paragraph or list item."""
        if cur["kind"] == "heading":
            return False
        if BULLET_ITEM.match(text) or _LETTER_ITEM.match(text):
            return False
        if prev.page != ln.page:
            # across a page break: an unfinished sentence carried on in lower case
            if ENDS_SENTENCE.search(cur["text"]) or abs(ln.size - prev.size) > 0.1 * prev.size:
                return False
            if NUMBER_LABEL.match(text) and text.split()[0][-1:] in ".)":
                return False
            return text[:1].islower() or abs(ln.x0 - prev.x0) <= 3.0
        label = NUMBER_LABEL.match(text)
        if label and "." in label.group(1) and len(text.split()) > 1:
            return False  # "4. The ...", "4.2 The ...": a new clause ("10 days" runs on)
        if NAMED_HEADING.match(text) and last_word(prev.text) not in _LEADS_INTO_NAME:
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
            text[:1].islower() and not ENDS_SENTENCE.search(prev.text)
        ):
            return False  # starts well left of the block
        if ln.bold != prev.bold and ENDS_SENTENCE.search(prev.text):
            return False
        if ENDS_SENTENCE.search(prev.text) and text[:1].isupper():
            if ln.x0 > cur["x0"] + 18:
                return False  # an indented first line
            right = cur["right"]
            if cur["lines"] > 1 and prev.x1 < right - 0.2 * (right - cur["x0"]):
                return False  # the previous line stopped short: the paragraph ended there
        return True
