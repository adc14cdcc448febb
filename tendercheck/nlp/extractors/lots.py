"""Lots: how many, read from "divided into three lots", "the four lots" or the lot numbers named,
and the reason given when a contract is not divided into lots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.numbers import NUMBER_WORDS

_LOT_IDS = lazyre.compile(
    r"\blots?\s+(?P<first>\d{1,2}\s?[a-z]?)(?![\w.])(?P<rest>(?:\s*(?:,|/|and/or|and|&|or|to|-|–)\s*(?:lots?\s*)?(?:\d{1,2}\s?[a-z]?|[a-z])(?![\w.]))*)",
    re.IGNORECASE,
)
_LOT_PART = lazyre.compile(r"(\d{1,2})?\s?([a-z])?(?![\w])", re.IGNORECASE)
_NOT_DIVIDED = lazyre.compile(
    r"(?:not|n[o']t)\s+(?:been\s+|be\s+)?(?:divided|split|broken\s+down|separated)\s+into\s+lots|"
    r"single\s+lot\b|no\s+lots\b|will\s+not\s+be\s+lotted|one\s+lot\s+only|not\s+be\s+let\s+in\s+lots",
    re.IGNORECASE,
)
_DIVIDED_N = lazyre.compile(
    r"(?:divided|split|broken\s+down)\s+into\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:separate\s+)?lots"
    r"|(?:comprises|consists\s+of|has)\s+(?P<n2>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+lots",
    re.IGNORECASE,
)
_REASON = lazyre.compile(
    r"\b(?:because|as|since|due\s+to|in\s+order\s+to|so\s+that|considers?\s+that|reason)\b", re.I
)


_TOC_NUMBER = lazyre.compile(r"(?<![\w.])\d{1,2}\.\d{1,2}(?![\w.])")
_LOTS_STATED = lazyre.compile(
    r"(?<!than\s)\b(?:the|all|into|of|for|across|in)\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d)\s+"
    r"(?:separate\s+|geographical\s+|distinct\s+)?lots\b",
    re.IGNORECASE,
)


def _lot_ids(text: str) -> list[str]:
    ids: list[str] = []
    if len(_TOC_NUMBER.findall(text)) >= 3:
        return ids  # a contents list: "2.4 Lots 8 2.5 Consortia 9"
    for m in _LOT_IDS.finditer(text):
        number = ""
        chunk = m.group("first") + m.group("rest")
        parts = re.split(r"\s*(?:,|/|and/or|and|&|or|to|-|–)\s*(?:lots?\s*)?", chunk, flags=re.I)
        if m.group(0)[:4].lower() == "lots" and len([p for p in parts if p.strip()]) < 2:
            continue  # "Lots 8": a heading and its page number, not a lot
        for part in parts:
            part = part.strip().replace(" ", "").lower()
            pm = re.fullmatch(r"(\d{1,2})?([a-z])?", part)
            if not pm or not part:
                continue
            if pm.group(1):
                number = pm.group(1)
            if not number:
                continue
            ids.append(number + (pm.group(2) or ""))
    return ids


def lot_facts(ctx: Context) -> Iterator[Fact]:
    ids: dict[str, Sentence] = {}
    stated: list[Fact] = []
    for s in ctx.sentences:
        text = s.text
        if "lot" not in text.lower():
            continue
        if not reads("tender_figures", s.clause) or (s.clause and s.clause.other):
            continue  # another framework's lots, a template row "Lot [number]"
        m = _NOT_DIVIDED.search(text)
        if m:
            yield Fact("lots", 1, evidence=[s.evidence()], confidence=0.85)
            reason = _REASON.search(text, m.end())
            if reason:
                yield Fact("lots_reason", text[reason.start() :].strip(), evidence=[s.evidence()],
                           confidence=0.7)  # fmt: skip
            else:
                nxt = _next_sentence(ctx, s)
                if nxt is not None and re.search(
                    r"\b(?:because|reason|considers|single (?:contractor|supplier|provider)|best value|"
                    r"economies|efficien|simplest|not practical|impractical)", nxt.text, re.I
                ):  # fmt: skip
                    yield Fact(
                        "lots_reason", nxt.text.strip(), evidence=[nxt.evidence()], confidence=0.6
                    )
            continue
        m = _DIVIDED_N.search(text)
        if m:
            n = m.group("n") or m.group("n2")
            count = NUMBER_WORDS.get(n.lower()) or int(n)
            yield Fact("lots", count, evidence=[s.evidence()], confidence=0.85)
            continue
        m = _LOTS_STATED.search(text)
        if m:
            n = m.group("n")
            count = NUMBER_WORDS.get(n.lower()) or int(n)
            if count >= 2:
                stated.append(
                    Fact(
                        "lots", count, evidence=[s.evidence(m.group(0), m.start())], confidence=0.8
                    )
                )
        for lot in _lot_ids(text):
            ids.setdefault(lot, s)
    if stated:
        # the count said most often (then first)
        best = max(stated, key=lambda f: sum(g.value == f.value for g in stated))
        yield best
        yield from (f for f in stated if f.value != best.value)
        return
    # "Lot 1" alongside "Lot 1a" is the parent of sub-lots, not a lot of its own.
    keys = [
        k
        for k in ids
        if not (
            k.isdigit()
            and any(o != k and o.startswith(k) and not o[len(k) :].isdigit() for o in ids)
        )
    ]
    if len(keys) >= 2:
        numbers = sorted(keys, key=lambda k: (int(re.match(r"\d+", k).group(0)), k))
        evidence = [ids[k].evidence() for k in numbers[:3]]
        yield Fact("lots", len(keys), evidence=evidence, confidence=0.7,
                   note="lots named: " + ", ".join(numbers))  # fmt: skip


def _next_sentence(ctx: Context, s: Sentence) -> Sentence | None:
    same = ctx.block_sentences(s.doc_index, s.block)
    for i, other in enumerate(same):
        if other is s and i + 1 < len(same):
            return same[i + 1]
    # the first sentence of the next block
    nxt = ctx.block_sentences(s.doc_index, s.block + 1)
    return nxt[0] if nxt else None
