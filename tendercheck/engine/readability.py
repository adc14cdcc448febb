"""Readability figures computed here (textstat needs NLTK data it downloads at run time)."""

from __future__ import annotations

import re

from tendercheck import lazyre

_WORD = lazyre.compile(r"[A-Za-z][A-Za-z'’-]*")
_VOWELS = lazyre.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """An English syllable estimate: vowel groups, less a silent final e, at least one."""
    w = word.lower().strip("'’-")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(_VOWELS.findall(w)))


def measure(sentences: list[str], long_words: int = 25) -> dict[str, float]:
    counts = [len(_WORD.findall(s)) for s in sentences]
    counts = [c for c in counts if c]
    if not counts:
        return {
            "avg_sentence_words": 0.0,
            "long_sentence_share": 0.0,
            "flesch": 100.0,
            "sentences": 0,
            "words": 0,
        }
    words = [w for s in sentences for w in _WORD.findall(s)]
    total_words = len(words)
    total_syllables = sum(syllables(w) for w in words)
    avg = total_words / len(counts)
    flesch = 206.835 - 1.015 * avg - 84.6 * (total_syllables / total_words)
    return {
        "avg_sentence_words": round(avg, 1),
        "long_sentence_share": round(sum(c > long_words for c in counts) / len(counts), 3),
        "flesch": round(flesch, 1),
        "sentences": len(counts),
        "words": total_words,
    }
