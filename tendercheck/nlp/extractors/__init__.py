"""Fact extractors: small functions registered with @extractor, each yielding Facts.

An extractor reads the shared Context (sentences, pack) and never parses documents or loads
spaCy itself. Modules are imported here so registering stays in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tendercheck.documents.model import TenderPack
from tendercheck.nlp.model import Fact, Sentence

ExtractorFunc = Callable[["Context"], Iterable[Fact]]
EXTRACTORS: list[ExtractorFunc] = []


def extractor(func: ExtractorFunc) -> ExtractorFunc:
    EXTRACTORS.append(func)
    return func


@dataclass
class Context:
    pack: TenderPack
    sentences: list[Sentence]
    _by_doc: dict[int, list[Sentence]] = field(default_factory=dict)

    def search(
        self, pattern: re.Pattern[str], kinds: tuple[str, ...] | None = None
    ) -> Iterator[tuple[Sentence, re.Match[str]]]:
        """Every match of ``pattern`` in every sentence (optionally of some block kinds)."""
        for sentence in self.sentences:
            if kinds and sentence.kind not in kinds:
                continue
            for match in pattern.finditer(sentence.text):
                yield sentence, match

    def block_sentences(self, doc_index: int, block: int) -> list[Sentence]:
        if not self._by_doc:
            for s in self.sentences:
                self._by_doc.setdefault(s.doc_index, []).append(s)
        return [s for s in self._by_doc.get(doc_index, []) if s.block == block]


def load_extractors() -> list[ExtractorFunc]:
    # Imported for their @extractor side effect, in a fixed order.
    from tendercheck.nlp.extractors import (  # noqa: F401
        evaluation,
        policy_demands,
        record_tables,
        spec,
        supplier,
        terms,
        timeline,
        value,
    )

    return EXTRACTORS
