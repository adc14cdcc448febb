"""Written policies and financial ratios demanded of bidders, which a small organisation can fail
on: an environmental, safeguarding, equality and diversity or health and safety policy
(``policies_demanded``), and a minimum current or quick ratio (``financial_ratios``).

Read only where a clause makes a demand of bidders in this procurement (the clause model's
``qualification`` reader), never from guidance, examples or another procurement. A question
whether the bidder has a policy demands one only where the pack says an answer fails; a demand
limited to organisations of a size, or one the bidder can meet another way, is ``conditional``
(tendercheck/data/policy_demands.yaml). Questions with no pass/fail rule are ``policies_asked``,
and a ratio a demand names with no minimum read is in ``ratios_asked``: asked, not demanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.data import data_yaml
from tendercheck.nlp.clauses import reads
from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.extractors.candidates import EXAMPLE_RE, GUIDANCE_RE, quote_of
from tendercheck.nlp.model import Evidence, Fact, Sentence
from tendercheck.nlp.numbers import NUMBER_WORDS, WORDS

_POLICY = r"polic(?:y|ies)\b"
POLICY_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "environmental",
        lazyre.compile(
            rf"\b(?:environment(?:al)?|sustainability)\s+(?:management\s+)?{_POLICY}",
            re.IGNORECASE,
        ),
    ),
    (
        "safeguarding",
        lazyre.compile(
            rf"\b(?:safeguarding|child protection)\s+(?:(?:children|adults|and|vulnerable)\s+)"
            rf"{{0,3}}{_POLICY}|\b{_POLICY}\s+(?:on|for)\s+safeguarding\b",
            re.IGNORECASE,
        ),
    ),
    (
        "equality",
        lazyre.compile(
            r"\b(?:equal(?:ity)?|equal opportunit(?:y|ies)|diversity|EDI|equality,? diversity"
            rf",? (?:and|&) inclusion|equality (?:and|&) diversity)\s+{_POLICY}",
            re.IGNORECASE,
        ),
    ),
    (
        "health_and_safety",
        lazyre.compile(rf"\b(?:health (?:and|&) safety|H&S|H & S)\s+{_POLICY}", re.IGNORECASE),
    ),
]
_POLICY_KEYS = lazyre.compile(r"polic(?:y|ies)", re.IGNORECASE)
_DEMAND = lazyre.compile(
    r"\b(?:must|shall|required|requirement|provide|submit|enclose|attach|cop(?:y|ies) of|"
    r"have (?:a|an|in place)|hold|evidence (?:of|that)|demonstrate|confirm)\b",
    re.IGNORECASE,
)
# Not a demand of every bidder: none, one that may or may not apply, or the law restated for
# employers of a size ("Suppliers that employ 5 or more staff are legally required to have …").
_NOT = lazyre.compile(
    r"\b(?:not (?:required|necessary|needed)|no need|need not|whether or not|if (?:required|"
    r"applicable|appropriate)|where (?:required|applicable|appropriate)|legally required|"
    r"required by law|employs? (?:\d+|five) or more)\b",
    re.IGNORECASE,
)

_READING = data_yaml("policy_demands.yaml")
_QUESTION = lazyre.compile(_READING["question"], re.IGNORECASE)
_FAILS = lazyre.compile("|".join(_READING["fails"]), re.IGNORECASE)
_ALTERNATIVE = lazyre.compile("|".join(_READING["alternative"]), re.IGNORECASE)
_NUMBER = WORDS
_EMPLOYEES = [
    lazyre.compile(rx.replace("NUMBER", f"(?:{_NUMBER})"), re.IGNORECASE)
    for rx in _READING["employees"]
]


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[" ".join(text.lower().split())]


def employees_from(text: str) -> int | None:
    """The smallest number of employees a size condition in ``text`` binds ("5 or more
    employees", "Level 2 (5 to 49 employees)", "more than 10 staff"), or None."""
    for rx in _EMPLOYEES:
        m = rx.search(text)
        if m:
            groups = m.groupdict()
            if groups.get("from"):
                return _count(groups["from"])
            return _count(groups["over"]) + 1
    return None


def _pass_fail(sentences: list[Sentence], i: int) -> Sentence | None:
    """The statement after the question at ``i`` that says which answer fails, up to the next
    heading or question, or None: the question is then asked for information."""
    s = sentences[i]
    for nxt in sentences[i + 1 : i + 1 + _READING["look_ahead"]]:
        if nxt.doc_index != s.doc_index or nxt.kind == "heading" or _QUESTION.search(nxt.text):
            break
        if _FAILS.search(nxt.text):
            return nxt
    return None


RATIOS = {
    "current_ratio": r"current\s+ratio",
    "quick_ratio": r"(?:quick|acid[- ]test)\s+ratio",
}
_RATIO = lazyre.compile(
    r"\b(?P<name>"
    + "|".join(f"(?P<{k}>{v})" for k, v in RATIOS.items())
    + r")\b[^.;]{0,60}?\b(?:of\s+)?(?:at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+less\s+than|"
    r"not\s+less\s+than|(?:equal\s+to\s+or\s+)?(?:greater|more)\s+than|above|over|≥|>=|>|of)\s*"
    r"(?P<value>\d+(?:\.\d+)?)(?:\s*:\s*1)?(?!\s*%|\.\d|\d)",
    re.IGNORECASE,
)
_RATIO_KEYS = lazyre.compile(r"ratio", re.IGNORECASE)
_RATIO_NAMES = {k: lazyre.compile(rf"\b{v}\b", re.IGNORECASE) for k, v in RATIOS.items()}


@extractor
def policy_and_ratio_demands(ctx: Context) -> Iterator[Fact]:
    policies: list[dict] = []
    policy_ev: list[Evidence] = []
    asked: list[dict] = []
    asked_ev: list[Evidence] = []
    ratios: dict[str, float] = {}
    ratio_ev: list[Evidence] = []
    ratios_asked: list[dict] = []  # named in a demand with no minimum read
    ratios_asked_ev: list[Evidence] = []
    sentences = ctx.sentences
    for i, s in enumerate(sentences):
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
            demand = _policy_demand(sentences, i)
            for kind, rx in POLICY_KINDS:
                m = rx.search(text)
                if not m or any(p["kind"] == kind for p in policies):
                    continue
                ev = quote_of(s, m.start(), m.end())
                if demand is None:  # asked for information: no answer fails
                    if not any(p["kind"] == kind for p in asked):
                        asked.append({"kind": kind, "quote": ev.quote})
                        asked_ev.append(ev)
                    continue
                policies.append({"kind": kind, "quote": ev.quote, **demand})
                policy_ev.append(ev)
        if has_ratio:
            read = set()
            for m in _RATIO.finditer(text):
                name = next(k for k in RATIOS if m.group(k))
                value = float(m.group("value"))
                read.add(name)
                if 0 < value <= 10 and name not in ratios:
                    ratios[name] = value
                    ratio_ev.append(quote_of(s, m.start(), m.end()))
            for name, rx in _RATIO_NAMES.items():
                m = rx.search(text)
                if m and name not in read and not any(r["name"] == name for r in ratios_asked):
                    ev = quote_of(s, m.start(), m.end())
                    ratios_asked.append({"name": name, "quote": ev.quote})
                    ratios_asked_ev.append(ev)
    if policies:
        yield Fact("policies_demanded", policies, evidence=policy_ev, confidence=0.7)
    demanded = {p["kind"] for p in policies}
    keep = [k for k, a in enumerate(asked) if a["kind"] not in demanded]
    if keep:
        yield Fact(
            "policies_asked",
            [asked[k] for k in keep],
            evidence=[asked_ev[k] for k in keep],
            confidence=0.6,
        )
    if ratios:
        yield Fact("financial_ratios", ratios, evidence=ratio_ev, confidence=0.7)
    keep = [k for k, r in enumerate(ratios_asked) if r["name"] not in ratios]
    if keep:
        yield Fact(
            "ratios_asked",
            [ratios_asked[k] for k in keep],
            evidence=[ratios_asked_ev[k] for k in keep],
            confidence=0.6,
        )


def _policy_demand(sentences: list[Sentence], i: int) -> dict | None:
    """How the policy named at ``i`` is demanded: {"force": "must"}, {"force": "conditional",
    "employees_from": N} for organisations of a size, {"force": "conditional", "condition":
    "…"} when another answer passes; None for a question no answer of which fails."""
    s = sentences[i]
    rule = s
    if _QUESTION.search(s.text):
        rule = _pass_fail(sentences, i)
        if rule is None:
            return None
    size = employees_from(rule.text) or employees_from(" ".join(s.section))
    if size is not None:
        return {"force": "conditional", "employees_from": size}
    if _ALTERNATIVE.search(rule.text):
        return {"force": "conditional", "condition": quote_of(rule).quote}
    return {"force": "must"}
