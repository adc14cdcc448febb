"""Written policies and financial ratios demanded of bidders, which a small organisation can fail
on: an environmental, safeguarding, equality and diversity or health and safety policy
(``policies_demanded``), and a minimum current or quick ratio (``financial_ratios``).

Read only where a clause makes a demand of bidders in this procurement (the clause model's
``qualification`` reader), never from guidance, examples or another procurement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.extractors.candidates import EXAMPLE_RE, GUIDANCE_RE, quote_of
from tendercheck.nlp.model import Evidence, Fact

_POLICY = r"polic(?:y|ies)\b"
POLICY_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "environmental",
        re.compile(
            rf"\b(?:environment(?:al)?|sustainability)\s+(?:management\s+)?{_POLICY}",
            re.IGNORECASE,
        ),
    ),
    (
        "safeguarding",
        re.compile(
            rf"\b(?:safeguarding|child protection)\s+(?:(?:children|adults|and|vulnerable)\s+)"
            rf"{{0,3}}{_POLICY}|\b{_POLICY}\s+(?:on|for)\s+safeguarding\b",
            re.IGNORECASE,
        ),
    ),
    (
        "equality",
        re.compile(
            r"\b(?:equal(?:ity)?|equal opportunit(?:y|ies)|diversity|EDI|equality,? diversity"
            rf",? (?:and|&) inclusion|equality (?:and|&) diversity)\s+{_POLICY}",
            re.IGNORECASE,
        ),
    ),
    (
        "health_and_safety",
        re.compile(rf"\b(?:health (?:and|&) safety|H&S|H & S)\s+{_POLICY}", re.IGNORECASE),
    ),
]
_POLICY_KEYS = re.compile(r"polic(?:y|ies)", re.IGNORECASE)
_DEMAND = re.compile(
    r"\b(?:must|shall|required|requirement|provide|submit|enclose|attach|cop(?:y|ies) of|"
    r"have (?:a|an|in place)|hold|evidence (?:of|that)|demonstrate|confirm)\b",
    re.IGNORECASE,
)
# Not a demand of every bidder: none, one that may or may not apply, or the law restated for
# employers of a size ("Suppliers that employ 5 or more staff are legally required to have …").
_NOT = re.compile(
    r"\b(?:not (?:required|necessary|needed)|no need|need not|whether or not|if (?:required|"
    r"applicable|appropriate)|where (?:required|applicable|appropriate)|legally required|"
    r"required by law|employs? (?:\d+|five) or more)\b",
    re.IGNORECASE,
)

RATIOS = {
    "current_ratio": r"current\s+ratio",
    "quick_ratio": r"(?:quick|acid[- ]test)\s+ratio",
}
_RATIO = re.compile(
    r"\b(?P<name>"
    + "|".join(f"(?P<{k}>{v})" for k, v in RATIOS.items())
    + r")\b[^.;]{0,60}?\b(?:of\s+)?(?:at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+less\s+than|"
    r"not\s+less\s+than|(?:equal\s+to\s+or\s+)?(?:greater|more)\s+than|above|over|≥|>=|>|of)\s*"
    r"(?P<value>\d+(?:\.\d+)?)(?:\s*:\s*1)?(?!\s*%|\.\d|\d)",
    re.IGNORECASE,
)
_RATIO_KEYS = re.compile(r"ratio", re.IGNORECASE)


@extractor
def policy_and_ratio_demands(ctx: Context) -> Iterator[Fact]:
    policies: list[dict] = []
    policy_ev: list[Evidence] = []
    ratios: dict[str, float] = {}
    ratio_ev: list[Evidence] = []
    for s in ctx.sentences:
        text = s.text
        has_policy = _POLICY_KEYS.search(text) is not None
        has_ratio = _RATIO_KEYS.search(text) is not None
        if not (has_policy or has_ratio):
            continue
        if not (reads("statements", s.clause) and reads("qualification", s.clause)):
            continue
        if EXAMPLE_RE.search(text) or GUIDANCE_RE.search(text):
            continue
        if has_policy and _DEMAND.search(text) and not _NOT.search(text):
            for kind, rx in POLICY_KINDS:
                m = rx.search(text)
                if m and not any(p["kind"] == kind for p in policies):
                    ev = quote_of(s, m.start(), m.end())
                    policies.append({"kind": kind, "quote": ev.quote})
                    policy_ev.append(ev)
        if has_ratio:
            for m in _RATIO.finditer(text):
                name = next(k for k in RATIOS if m.group(k))
                value = float(m.group("value"))
                if 0 < value <= 10 and name not in ratios:
                    ratios[name] = value
                    ratio_ev.append(quote_of(s, m.start(), m.end()))
    if policies:
        yield Fact("policies_demanded", policies, evidence=policy_ev, confidence=0.7)
    if ratios:
        yield Fact("financial_ratios", ratios, evidence=ratio_ev, confidence=0.7)
