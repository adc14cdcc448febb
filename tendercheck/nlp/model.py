"""The analysis model: facts with evidence, and the sentences they were read from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tendercheck.documents.model import TenderPack
from tendercheck.nlp.clauses import Clause

SOURCES = ("document", "option", "sidecar", "notice", "derived")


@dataclass(frozen=True)
class Evidence:
    """Where a fact (or a finding) was read: document, page, section and the quoted words."""

    document: str
    page: int
    section: str
    quote: str
    doc_index: int = -1  # position of the document in the pack
    block: int = -1  # block index within the document
    start: int = -1  # character span of the quote within the block text
    end: int = -1
    clause: Clause | None = None  # what the quoted sentence is and does

    def to_dict(self) -> dict:
        out = {
            "document": self.document,
            "page": self.page,
            "section": self.section,
            "quote": self.quote,
        }
        if self.clause is not None:
            out["clause"] = self.clause.to_dict()
        return out


@dataclass
class Fact:
    """A typed value with where it came from and how sure we are of it.

    ``placeholder`` marks a value the document leaves unfilled ("£xxx", "[insert date]"):
    such a fact has ``value`` None and must never be used as the tender's own figure.
    """

    name: str
    value: Any
    source: str = "document"
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.8
    placeholder: bool = False
    note: str = ""

    def to_dict(self) -> dict:
        out: dict = {
            "value": self.value,
            "source": self.source,
            "evidence": [e.to_dict() for e in self.evidence],
            "confidence": round(self.confidence, 2),
        }
        if self.placeholder:
            out["placeholder"] = True
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a table row) of a block, the unit most extractors and rules read."""

    text: str
    doc_index: int
    block: int
    start: int  # span within the block text
    end: int
    page: int
    section: tuple[str, ...]
    kind: str  # the block kind: heading, paragraph, list_item, table, caption
    document: str
    lemmas: tuple[str, ...] = ()
    row: int = -1  # table row index, for sentences made from table rows
    # The entity ruler's matches: (label, id, start, end), offsets within ``text``.
    ents: tuple[tuple[str, str, int, int], ...] = ()
    clause: Clause | None = None  # what the unit is and does (tendercheck.nlp.clauses)

    def evidence(self, quote: str | None = None, start: int | None = None) -> Evidence:
        q = quote if quote is not None else self.text
        s = self.start + (start if start is not None else 0)
        return Evidence(
            document=self.document,
            page=self.page,
            section=" > ".join(self.section),
            quote=_clip(q),
            doc_index=self.doc_index,
            block=self.block,
            start=s,
            end=s + len(q),
            clause=self.clause,
        )


def _clip(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Analysis:
    """Everything the rules read: the pack, its sentences, and the facts found or supplied.

    ``candidates`` keeps every value found for a fact, so conflicts (two different submission
    deadlines) are kept rather than hidden; ``facts`` holds the chosen one.
    """

    pack: TenderPack
    sentences: list[Sentence] = field(default_factory=list)
    facts: dict[str, Fact] = field(default_factory=dict)
    candidates: dict[str, list[Fact]] = field(default_factory=dict)
    placeholders: list[Evidence] = field(default_factory=list)
    word_count: int = 0

    def value(self, name: str, default: Any = None) -> Any:
        fact = self.facts.get(name)
        return default if fact is None or fact.value is None else fact.value

    def conflicts(self, name: str) -> list[Fact]:
        """Distinct values the documents give for one fact (empty when they all agree)."""
        seen: dict[str, Fact] = {}
        for fact in self.candidates.get(name, []):
            if fact.value is None or fact.source != "document":
                continue
            seen.setdefault(repr(fact.value), fact)
        return list(seen.values()) if len(seen) > 1 else []

    def facts_dict(self) -> dict:
        out = {}
        for name in sorted(self.facts):
            entry = self.facts[name].to_dict()
            others = self.conflicts(name)
            if others:
                entry["conflicts"] = [
                    {"value": f.value, "evidence": [e.to_dict() for e in f.evidence]}
                    for f in others
                ]
            out[name] = entry
        return out
