"""The document model every reader produces: TenderPack -> Document -> Block.

Plain data, no parsing here, so the analysis and rules can be tested on hand-built packs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tendercheck import lazyre

BlockKind = Literal["heading", "paragraph", "list_item", "table", "caption", "contents"]


@dataclass
class Block:
    """One unit of text in reading order.

    ``page`` is 1-based. ``section`` is the chain of heading texts above the block (for a
    heading, the chain *including* itself). A table keeps its cells in ``rows``; its ``text``
    is the cells joined by " | " per row and newlines between rows, so phrase search works.
    """

    kind: BlockKind
    text: str
    page: int = 1
    level: int | None = None  # heading level, 1 = top
    section: tuple[str, ...] = ()
    label: str | None = None  # list or clause number recovered from numbering ("4.2", "a)")
    rows: list[list[str]] | None = None
    index: int = 0  # position within the document, assigned by Document.finish()

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind, "text": self.text, "page": self.page}
        if self.level is not None:
            out["level"] = self.level
        if self.label:
            out["label"] = self.label
        if self.section:
            out["section"] = list(self.section)
        if self.rows is not None:
            out["rows"] = self.rows
        return out


@dataclass
class Document:
    """One file of the pack: its blocks in reading order and its page count."""

    name: str  # display name: the path relative to the pack root, or the file name
    format: str  # docx | pdf | md | txt | odt | doc
    blocks: list[Block] = field(default_factory=list)
    pages: int = 1
    pages_estimated: bool = False
    notes: list[str] = field(default_factory=list)  # non-fatal reading remarks
    path: str = ""  # where it was read from (for messages), may be "pack.zip!member"

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def word_count(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)

    def finish(self) -> Document:
        """Number the blocks and fill in section paths from the headings, in one pass."""
        demote_typed_contents(self.blocks)
        stack: list[tuple[int, str]] = []
        for i, block in enumerate(self.blocks):
            block.index = i
            if block.kind == "heading":
                level = block.level or 1
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, block.text))
            block.section = tuple(t for _, t in stack)
        if self.blocks:
            self.pages = max(self.pages, max(b.page for b in self.blocks))
        return self

    def to_dict(self, with_blocks: bool = True) -> dict:
        out: dict = {
            "name": self.name,
            "format": self.format,
            "pages": self.pages,
            "pages_estimated": self.pages_estimated,
        }
        if self.notes:
            out["notes"] = list(self.notes)
        if with_blocks:
            out["blocks"] = [b.to_dict() for b in self.blocks]
        return out


_CONTENTS_ENTRY = lazyre.compile(r"\S(?:\s+|\.{2,}\s*|…+\s*)\d{1,3}$")


def demote_typed_contents(blocks: list[Block]) -> None:
    """A typed contents page ("5. SPECIFICATION 35") looks like a run of headings ending in
    page numbers: three or more in a row are contents entries, not headings (kind "contents",
    which the analysis skips: a contents line states nothing about the tender)."""
    run: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and block.kind == "heading" and _CONTENTS_ENTRY.search(block.text):
            run.append(block)
            continue
        if len(run) >= 3:
            for entry in run:
                entry.kind, entry.level = "contents", None
        run = []


@dataclass
class Skipped:
    """A file in a folder or zip that was not read, and why (not a tender format, bad file...)."""

    name: str
    reason: str
    error: bool = False  # True when the file looked like a tender document but could not be read

    def to_dict(self) -> dict:
        return {"name": self.name, "reason": self.reason, "error": self.error}


@dataclass
class TenderPack:
    """What was read from the paths the user gave: documents in pack order, and what was skipped."""

    inputs: list[dict] = field(default_factory=list)  # {"path", "format"} per path given
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(d.pages for d in self.documents)

    def to_dict(self, with_blocks: bool = True) -> dict:
        return {
            "inputs": list(self.inputs),
            "documents": [d.to_dict(with_blocks) for d in self.documents],
            "skipped": [s.to_dict() for s in self.skipped],
        }
