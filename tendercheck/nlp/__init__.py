"""analyse: read the facts of a tender, with evidence, from a TenderPack.

One public entry point, :func:`analyse`. Facts the user supplies (CLI options, a tender.toml
sidecar, an OCDS notice) win over the documents; every fact records its source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from tendercheck.documents.model import TenderPack
from tendercheck.nlp.model import Analysis, Evidence, Fact, Sentence

__all__ = ["Analysis", "Evidence", "Fact", "Sentence", "analyse", "choose"]

# Higher wins when the same fact comes from several places.
SOURCE_PRIORITY = {"option": 4, "sidecar": 3, "notice": 2, "document": 1, "derived": 0}


def analyse(
    pack: TenderPack,
    supplied: Iterable[Fact] = (),
    today: date | None = None,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    memo=None,
) -> Analysis:
    """Sentences, then every extractor, then the chosen and derived facts. ``jobs`` > 1 splits
    the sentence building by document and the extractors across forked processes.
    ``progress`` is told of each document as its sentences are built, then of the facts.
    ``memo``, the run's per-document cache or None, answers the sentences of a document it
    has kept (see build_sentences)."""
    from tendercheck.nlp.derive import derive_facts
    from tendercheck.nlp.extractors import Context, load_extractors
    from tendercheck.nlp.text import build_sentences
    from tendercheck.parallel import fork_map

    sentences = build_sentences(pack, jobs, progress, memo=memo)
    if progress is not None:
        progress(f"reading facts from {len(sentences)} sentences")
    analysis = Analysis(pack=pack, sentences=sentences)
    analysis.word_count = sum(len(s.text.split()) for s in sentences)
    context = Context(pack=pack, sentences=sentences)
    extractors = load_extractors()
    found = fork_map(_run_extractor, list(range(len(extractors))), jobs, context)
    for facts in found:
        for fact in facts:
            if fact.name == "placeholder":
                analysis.placeholders.extend(fact.evidence)
                continue
            analysis.candidates.setdefault(fact.name, []).append(fact)
    for fact in supplied:
        analysis.candidates.setdefault(fact.name, []).append(fact)
    for name, candidates in analysis.candidates.items():
        chosen = choose(candidates)
        if chosen is not None:
            analysis.facts[name] = chosen
    derive_facts(analysis, today=today)
    return analysis


def _run_extractor(context, index: int) -> list[Fact]:
    from tendercheck.nlp.extractors import load_extractors

    return list(load_extractors()[index](context))


def choose(candidates: list[Fact]) -> Fact | None:
    """The value to use: the highest-priority source, then the most confident, then the first.

    A placeholder is chosen only when nothing real was found, so rules can say "placeholder".
    """
    if not candidates:
        return None
    real = [f for f in candidates if not f.placeholder and f.value is not None]
    pool = real or candidates
    best = pool[0]
    for fact in pool[1:]:
        key = (SOURCE_PRIORITY.get(fact.source, 0), fact.confidence)
        if key > (SOURCE_PRIORITY.get(best.source, 0), best.confidence):
            best = fact
    return best
