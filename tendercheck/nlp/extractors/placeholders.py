"""Placeholders the buyer left unfilled ("[insert date]", "£xxx", "TBC"): one placeholder fact
each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context
from tendercheck.nlp.model import Fact

PLACEHOLDER_RES = lazyre.compile(
    r"\[\s*(?:insert|enter|add|state|name|date|time|tbc|tba|x{2,}|specify|buyer|council officer|"
    r"identification|your |job title|tel|departmental|i/we|number|amount|value|figure|details|"
    r"contact|address)[^\]]{0,120}\]"
    r"|£\s?(?:[xX]{2,}(?:[,.][xX]+)*|\[[^\]]{0,40}\]|\.{3,}|_{2,}|TBC|TBA)"
    r"|(?<![\w£])(?:[xX]{2,}|\[\s*[xX]+\s*\])\s?%"
    r"|\bX{2,}\b(?!\s*%)"
    r"|\bTB[CA]\b|\bto be confirmed\b|\bto be advised\b"
    r"|\(\s*(?:date|time\s*/\s*date|time|name|buyer\s*-?\s*insert[^)]{0,80}|x)\s*\)"
    r"|\bdd\s?/\s?mm\s?/\s?yy(?:yy)?\b",
    re.I,
)
_PLACEHOLDER_PREFILTER = ("[", "£", "x", "X", "tb", "TB", "to be", "(", "dd")


def placeholder_facts(ctx: Context) -> Iterator[Fact]:
    for s in ctx.sentences:
        text = s.text
        if not any(map(text.__contains__, _PLACEHOLDER_PREFILTER)):
            continue
        if not reads("placeholders", s.clause):
            continue  # a form's fields, a call-off template, guidance's own examples
        for m in PLACEHOLDER_RES.finditer(text):
            quote = m.group(0)
            if quote.upper() == "XX" and not re.search(r"\bXX\b", text):
                continue
            if re.fullmatch(r"X{2,}", quote) and re.search(r"\bX{2,}L\b", text):
                continue  # clothing sizes "XXL"
            yield Fact(
                "placeholder",
                None,
                evidence=[s.evidence(quote, m.start())],
                placeholder=True,
                confidence=0.9,
                note=f"placeholder {quote!r}",
            )
