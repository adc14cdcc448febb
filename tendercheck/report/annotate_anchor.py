"""Find where a quote sits in a .docx body and anchor a Word comment there.

The reader (``documents/docx_reader.py``) numbers blocks its own way (a table is one block, a
text box paragraph is a block of its own), so block indexes cannot be used to find paragraphs.
Instead every body paragraph is read in document order into one "loose" string (letters and
digits only, case-folded), quotes are normalised the same way and searched for, and a match is
kept only when it lies in one paragraph or one table row. Among several matches the one nearest
where the evidence's block is found in that string wins (or, when the block's own text cannot
be found, nearest its relative position in the document by amount of text before it).
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from tendercheck import lazyre
from tendercheck.documents.model import Block

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _T, _TR, _TXBX, _PPR = W + "p", W + "t", W + "tr", W + "txbxContent", W + "pPr"
# Subtrees whose text is not shown where the paragraph is (deleted text, another paragraph's
# text box, the fallback copy of a drawing).
_SKIP = frozenset((W + "del", W + "moveFrom", _TXBX, _FALLBACK, W + "instrText"))
_NOT_LOOSE = lazyre.compile(r"[\W_]+")
_CLIP_MARKS = "…. \u00a0"
_BLOCK_PREFIX = 120  # loose characters of a block's text used to find it
# Where a quote may be cut into pieces: table cell joins and list labels ("1.", "(a)", "iv)").
_PIECE_BREAK = lazyre.compile(
    r" \| |(?:^|(?<=\s))(?:\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-z]{1,2}\)|\(?[ivx]{1,5}\)|\(\d{1,3}\)"
    r"|[•▪●◦])(?=\s)"
)
MIN_QUOTE = 4  # loose characters: shorter quotes match too much to place a comment

Spot = tuple[int, int]  # first and last paragraph (indexes into BodyIndex.anchors)
Window = tuple[float, float]  # a stretch of BodyIndex.flow


def loose(text: str) -> str:
    """Letters and digits only, case-folded: spacing, punctuation, quote styles, the " | "
    the reader puts between table cells and list labels it strips all stop mattering."""
    return _NOT_LOOSE.sub("", unicodedata.normalize("NFKC", text).casefold())


def own_text(p: etree._Element) -> str:
    """The text a paragraph shows itself (not its text boxes, deletions or field codes)."""
    parts: list[str] = []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            parts.append(el.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        stack.extend(reversed(el))
    return "".join(parts)


@dataclass
class BodyIndex:
    """The body's paragraphs in order, with the loose text of each joined into ``flow``."""

    anchors: list[etree._Element] = field(default_factory=list)  # paragraph a comment goes on
    # A match must stay in one container: its paragraph, or the outermost table row. (The
    # elements themselves, not id()s: lxml makes new proxies for elements nobody holds.)
    containers: list[etree._Element] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # offset of each paragraph in ``flow``
    texts: list[str] = field(default_factory=list)
    flow: str = ""

    @classmethod
    def build(cls, body: etree._Element) -> BodyIndex:
        index = cls()
        chunks: list[str] = []
        offset = 0
        for p in body.iter(_P):
            host, row, skip = p, None, False
            for ancestor in p.iterancestors():
                tag = ancestor.tag
                if tag == _FALLBACK:
                    skip = True
                    break
                if tag == _P:
                    host = ancestor  # a text box paragraph: comment on the paragraph holding it
                elif tag == _TR:
                    row = ancestor  # the outermost row wins: nested tables read as one cell
            if skip:
                continue
            text = own_text(p)
            index.anchors.append(host)
            index.containers.append(row if row is not None else p)
            index.starts.append(offset)
            index.texts.append(text)
            norm = loose(text)
            chunks.append(norm)
            offset += len(norm)
        index.flow = "".join(chunks)
        return index

    def occurrences(self, needle: str):
        at = self.flow.find(needle)
        while at >= 0:
            yield at
            at = self.flow.find(needle, at + 1)

    def nearest(self, text: str, target: float | None) -> int | None:
        """Offset in ``flow`` of the occurrence of ``text`` nearest ``target`` (an offset)."""
        needle = loose(text)
        if len(needle) < MIN_QUOTE:
            return None
        hits = self.occurrences(needle)
        if target is None:
            return next(hits, None)
        return min(hits, key=lambda at: abs(at - target), default=None)

    def find(self, quote: str, target: float | None, window: Window | None = None) -> Spot | None:
        """(first, last) paragraph indexes of the match of ``quote`` nearest ``target`` (an
        offset in ``flow``) that stays in one paragraph or table row, or None. A quote clipped
        with "…" matches as a prefix. Inside a ``window`` (the stretch of ``flow`` known to hold
        the evidence's block) short quotes are searched for too."""
        needle = loose(quote.strip(_CLIP_MARKS))
        if not needle or (window is None and len(needle) < MIN_QUOTE):
            return None
        best: tuple[float, int, int] | None = None
        for at in self.occurrences(needle):
            if window is not None and not window[0] <= at <= window[1] - len(needle):
                continue
            first = bisect.bisect_right(self.starts, at) - 1
            last = bisect.bisect_right(self.starts, at + len(needle) - 1) - 1
            if self.containers[first] is not self.containers[last]:
                continue
            distance = abs(at - target) if target is not None else at
            if best is None or distance < best[0]:
                best = (distance, first, last)
        return None if best is None else (best[1], best[2])

    def first_text_paragraph(self) -> int | None:
        """The first paragraph with text outside tables (else any), for pack-level comments."""
        fallback = None
        for i, text in enumerate(self.texts):
            if not text.strip():
                continue
            if not any(a.tag == _TR for a in self.anchors[i].iterancestors()):
                return i
            if fallback is None:
                fallback = i
        if fallback is None and self.anchors:
            return 0
        return fallback


class Placer:
    """Finds, in one copy's body, the paragraphs behind evidence read from that document.

    ``blocks`` are the reader's blocks of the same document. Evidence is looked for near where
    its block's text is found in ``body.flow`` (nearest the block's relative position, by
    loose characters before it), plus the quote's offset in the block; only near the relative
    position when the block's text is not found (the reader strips typed clause numbers and
    adds list labels, so long stretches drift).
    """

    def __init__(self, body: BodyIndex, blocks: list[Block]):
        self.body = body
        self.blocks = blocks
        self._starts: list[int] = []
        self._total = 0

    def target(self, block: int, start: int = -1) -> tuple[float | None, Window | None]:
        """(offset in flow where the evidence should be, the block's stretch of flow or None)."""
        if not 0 <= block < len(self.blocks):
            return None, None
        if not self._starts:
            for b in self.blocks:
                self._starts.append(self._total)
                self._total += len(loose(b.text))
        text = loose(self.blocks[block].text)
        within = len(loose(self.blocks[block].text[:start])) if start > 0 else 0
        approx = self._starts[block] / max(self._total, 1) * len(self.body.flow)
        found = self.body.nearest(text[:_BLOCK_PREFIX], approx)
        if found is None:
            return approx + within, None
        return found + within, (found, found + len(text) * 1.1 + 50)

    def locate(self, quote: str, block: int, start: int = -1) -> Spot | None:
        """The paragraphs holding the evidence: its quote; else (the reader adds list labels
        the XML lacks, and joins table cells) the longest pieces of it between cells and
        labels, spanned when several are found; else the text of its block."""
        body = self.body
        target, window = self.target(block, start)
        spot = body.find(quote, target) or (window and body.find(quote, target, window))
        if spot:
            return spot
        shortest = 3 if window else 12
        pieces = [p for p in _PIECE_BREAK.split(quote) if p and len(loose(p)) >= shortest]
        pieces.sort(key=len, reverse=True)
        found = [s for s in (body.find(p, target, window) for p in pieces[:3]) if s is not None]
        if found and (len(pieces) > 1 or window):
            same = [s for s in found if body.containers[s[0]] is body.containers[found[0][0]]]
            return min(s[0] for s in same), max(s[1] for s in same)
        if 0 <= block < len(self.blocks) and self.blocks[block].kind != "table":
            return body.find(self.blocks[block].text[:300], target)
        return None

    def heading(self) -> Spot | None:
        """The first heading's paragraph, else the first paragraph with text."""
        headings = [b for b in self.blocks if b.kind == "heading"]
        if headings:
            spot = self.body.find(headings[0].text, self.target(headings[0].index)[0])
            if spot is not None:
                return spot[0], spot[0]
        first = self.body.first_text_paragraph()
        return None if first is None else (first, first)


def mark_range(first: etree._Element, last: etree._Element, comment_id: int) -> None:
    """Put a comment's range round whole paragraphs, from the start of ``first`` to the end of
    ``last``, the way python-docx's ``Run.mark_comment_range`` does round runs.

    Paragraph boundaries rather than runs because the text is often inside hyperlinks,
    content controls or tracked insertions, where a paragraph has no run of its own to use.
    """
    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)})
    at = 1 if len(first) and first[0].tag == _PPR else 0
    first.insert(at, start)
    end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)})
    last.append(end)
    reference = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    reference.append(rpr)
    reference.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    last.append(reference)
