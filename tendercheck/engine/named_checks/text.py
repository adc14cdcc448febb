"""Text helpers for named checks: normalised text, sentence splitting, and the stemmed content
words behind the lexical-overlap kinds spec_overlap and item_match (SPEC-09, SOCIAL-05, OUTCOME-03/06).
"""

from __future__ import annotations

from collections.abc import Iterable

from tendercheck import lazyre
from tendercheck.nlp.model import Sentence

_WS = lazyre.compile(r"\s+")
WORD = lazyre.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_SPLIT = lazyre.compile(r"(?<=[.?!])\s+(?=[A-Z(\"'‘“])")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def split_sentences(text: str) -> list[str]:
    return [p for p in _SENTENCE_SPLIT.split(" ".join(text.split())) if p.strip()]


# --- lexical overlap --------------------------------------------------------------------------

_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "e")


def stem(word: str) -> str:
    w = word.lower().strip("'’-")
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def content_terms(words: Iterable[str], generic: Iterable[str] = ()) -> set[str]:
    """Stemmed content words: stop words, short words, numbers and generic bid words removed."""
    stop = stop_words()
    skip = {stem(g) for g in generic}
    out = set()
    for word in words:
        w = word.lower().strip("'’-.,;:()[]")
        if len(w) < 3 or not w.isalpha() or w in stop:
            continue
        s = stem(w)
        if s not in skip:
            out.add(s)
    return out


def text_terms(text: str, generic: Iterable[str] = ()) -> set[str]:
    return content_terms(WORD.findall(text), generic)


def sentence_terms(sentences: Iterable[Sentence], generic: Iterable[str] = ()) -> set[str]:
    words: list[str] = []
    for s in sentences:
        words.extend(s.lemmas or WORD.findall(s.text))
        words.extend(WORD.findall(s.text))  # lemmas and surface forms both count as present
    return content_terms(words, generic)


def overlap(terms: set[str], reference: set[str]) -> float:
    """Share of ``terms`` that also appear in ``reference``."""
    return len(terms & reference) / len(terms) if terms else 0.0
