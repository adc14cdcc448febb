"""The named check for SPEC-06 (acronyms spelled out at first use). SPEC-04/05 (plain language)
are ``readability`` entries (tendercheck.engine.checks).
"""

from __future__ import annotations

import re
from typing import Any

from tendercheck import lazyre
from tendercheck.engine.checks import named_check
from tendercheck.engine.context import CheckContext
from tendercheck.engine.model import Outcome
from tendercheck.engine.named_checks.text import stop_words
from tendercheck.nlp.model import Evidence, Sentence

# --- SPEC-06 ----------------------------------------------------------------------------------

_ACRONYM = lazyre.compile(r"\b([A-Z][A-Z&]{1,5})(s)?\b")
_ROMAN = lazyre.compile(r"^[IVXLCDM]+$")


# A definition in one of three forms, around an acronym where str.find finds it: what must come
# before it (form 1) and after it. Testing each place the acronym occurs gives what searching
# the text for before + acronym + after gives, without compiling three patterns an acronym.
_BRACKETED_BEFORE = lazyre.compile(r"\(\s*(?:the\s+)?[\"'‘“]?\Z")
_BRACKETED_AFTER = lazyre.compile(r"s?[\"'’”]?\s*\)")  # Key Performance Indicator (KPI)
_SPELT_AFTER = lazyre.compile(r"s?\s*\(\s*[A-Za-z][a-z]+")  # KPI (key performance indicator)
_MEANS_AFTER = lazyre.compile(
    r"s?\b[\"'’”]?\s*(?:means|stands for|refers to|is short for|[:–—-]\s*[A-Z][a-z])"
)
_BOUNDARY = lazyre.compile(r"\b")  # matched at a position, it sees the character before it


def _defined_here(text: str, acronym: str) -> bool:
    at = text.find(acronym)
    while at >= 0:
        end = at + len(acronym)
        if _BRACKETED_AFTER.match(text, end) and _BRACKETED_BEFORE.search(text, 0, at):
            return True
        if _BOUNDARY.match(text, at) and (
            _SPELT_AFTER.match(text, end) or _MEANS_AFTER.match(text, end)
        ):
            return True
        at = text.find(acronym, at + 1)
    return False


_ADDRESS_OR_CODE = lazyre.compile(r"@|://|^www\.|/\S*\d|\d\S*/")


def _in_address_or_code(text: str, match: re.Match[str]) -> bool:
    """Part of an e-mail address, a web address or a slash-joined reference code
    ("BC.Invoices@example.org", "www.example.gov.uk/DPS", "Decision 2008/841/JHA"): a name, not
    prose to spell out."""
    start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    end = len(text)
    for stop in (" ", "\n"):
        at = text.find(stop, match.end())
        if at >= 0:
            end = min(end, at)
    token = text[start:end].strip("()[]<>\"'‘’“”,;:.")
    return _ADDRESS_OR_CODE.search(token) is not None


def _shouting(text: str) -> bool:
    letters = list(filter(str.isalpha, text))  # (C loops: this runs on every sentence)
    return len(letters) >= 8 and sum(map(str.isupper, letters)) / len(letters) > 0.6


_CAPS_WORD = lazyre.compile(r"[A-Z]{2,}")


def _in_capitals_run(text: str, match: re.Match[str]) -> bool:
    """Part of a run of capitalised words ("[INSERT DATE]", "NOW THEREFORE"), or in brackets."""
    before = text[: match.start()].rstrip()
    after = text[match.end() :].lstrip()
    prev_word = re.search(r"([A-Za-z]+)\W*$", before)
    next_word = re.match(r"\W*([A-Za-z]+)", after)
    if (prev_word and _CAPS_WORD.fullmatch(prev_word.group(1))) or (
        next_word and _CAPS_WORD.fullmatch(next_word.group(1))
    ):
        return True
    return before.endswith("[") and "]" in after


@named_check("acronyms_first_use")
def acronyms_first_use(ctx: CheckContext, options: dict[str, Any]) -> Outcome:
    """SPEC-06: acronyms whose first use does not spell them out (glossary rows count as defined).

    Python because it is particular to this rule: first use in reading order, definitions in
    three forms or a glossary table, and capitals that are emphasis (headings, shouting, words
    the pack also writes in lower case, runs of capitals) told apart from acronyms."""
    allowed = {a.upper() for a in options["allow"]}
    skip_parts = set(options["skip_parts"])
    sentences = ctx.analysis.sentences
    if not sentences:
        return Outcome("not-assessed", detail="no text to read")
    glossary: set[str] = set()
    for s in sentences:
        if s.kind == "table" and s.row >= 0:
            first = s.text.split("|", 1)[0].strip().strip("\"'‘’“”")
            if _ACRONYM.fullmatch(first):
                glossary.add(
                    first.rstrip("s") if first.endswith("s") and first[:-1].isupper() else first
                )
    first_use: dict[str, Sentence] = {}
    defined: set[str] = set()
    stop = stop_words()
    # A capitalised word the pack also writes in lower case is emphasis ("SIGNED", "DATE").
    # (one search over the sentences joined by line breaks: no word spans one)
    joined = "\n".join(s.text for s in sentences)
    lower_words = set(map(str.lower, re.findall(r"\b[A-Za-z][a-z]{2,}\b", joined)))
    for s in sentences:
        if s.kind == "heading" or _shouting(s.text):
            continue
        for match in _ACRONYM.finditer(s.text):
            acronym = match.group(1)
            if (
                acronym in allowed
                or _ROMAN.match(acronym)
                or set(acronym) <= {"X"}
                or "&" in acronym
                or acronym in first_use
                or acronym in defined
                or acronym.lower() in stop
                or acronym.lower() in lower_words
                or _in_capitals_run(s.text, match)
                or _in_address_or_code(s.text, match)
            ):
                continue
            if acronym in glossary or _defined_here(s.text, acronym):
                defined.add(acronym)
            elif s.clause is None or s.clause.part not in skip_parts:
                first_use[acronym] = s
    undefined = sorted(
        first_use, key=lambda a: (first_use[a].doc_index, first_use[a].block, first_use[a].start)
    )
    args = {
        "count": len(undefined),
        "acronyms": ", ".join(undefined[:15]) + (" …" if len(undefined) > 15 else ""),
    }
    if len(undefined) < options["min_count"]:
        return Outcome("pass", args=args)
    evidence: list[Evidence] = []
    for acronym in undefined:
        ev = first_use[acronym].evidence()
        if ev not in evidence:
            evidence.append(ev)
    return Outcome("fail", evidence[: options["max_evidence"]], args=args)
