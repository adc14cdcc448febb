"""Contract duration: the initial term, optional extensions ("two years with an option to extend
for twelve months", "3 + 1 + 1 years"), the maximum term, or the months between stated dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.numbers import NUMBER_WORDS, WORDS, to_number
from tendercheck.nlp.prefilter import compile_filtered

# A count: a figure or any number word of numbers.py ("Three (3) Years", "fifteen months").
_NUM = r"(?:\d{1,3}(?:\.5)?|" + WORDS + ")"


def _D(i: int) -> str:
    """A duration ("two (2) years", "36 months") with group names dn<i> and du<i>."""
    return (
        rf"(?P<dn{i}>{_NUM})(?:\s*\(\s*\d+\s*\))?(?:\s+(?:further|additional|more))?[\s-]*"
        rf"(?P<du{i}>years?|months?|yrs?|weeks?)\b"
    )


def _months(m: re.Match[str]) -> float | None:
    """The months of the first duration group that matched in ``m``."""
    groups = m.groupdict()
    for key, val in groups.items():
        if key.startswith("dn") and val:
            return _dur(val, groups["du" + key[2:]])
    return None


def _dur(n: str, unit: str) -> float | None:
    value = _number(n)  # "3", "Three", "twenty one"
    if value is None:
        return None
    unit = unit.lower()
    if unit.startswith("y"):
        months = value * 12
    elif unit.startswith("w"):
        months = round(value * 12 / 52, 1)  # "six weeks": 1.4 months
    else:
        months = value
    return months if 0 < months <= 240 else None


_CONTRACT_WORD = r"(?:contract|agreement|framework|call-off|initial\s+term|term\s+of|duration|contract\s+period|initial\s+period|dps|dynamic\s+purchasing\s+system)"
_INITIAL_RE = lazyre.compile(
    rf"\b{_CONTRACT_WORD}\b[^.;]{{0,60}}?(?:\bfor|\bof|\bis|\bbe|\brun\s+for|\blast|\blasting|\||\s[-–:])\s+"
    rf"(?:an?\s+)?(?:initial\s+)?(?:fixed\s+)?(?:period|term|duration)?\s*(?:of\s+)?(?P<upto>up\s+to\s+)?"
    rf"(?:approximately\s+|around\s+)?{_D(0)}"
    rf"|\b(?:an?\s+)?{_D(1)}\s+(?:initial\s+)?(?:fixed[- ]term\s+)?(?:contract|agreement|framework|term|deal)\b"
    # "for a period of 36 months", "For The Period Of Three (3) Years": the work's own period,
    # however far from the word "contract"; "Contract duration: 3 years", "Initial term 7 years"
    rf"|\bfor\s+(?:a|the|an)\s+(?:initial\s+|fixed\s+|total\s+)?(?:period|term|duration)\s+of\s+"
    rf"(?P<upto2>up\s+to\s+)?(?:approximately\s+|around\s+)?{_D(7)}"
    rf"|\b(?:contract|initial|framework|agreement)\s+(?:period|term|duration|length)\s*[:|–-]?\s*"
    rf"(?:is\s+)?(?P<upto3>up\s+to\s+)?{_D(8)}"
    # the period a stated value covers: "about £60,000 over two years", "£240,000 over 24 months"
    rf"|(?:£|\bGBP\s?)\d[\d,.]*(?:\s?(?:k|m|bn|million|thousand))?\b(?:\s*\((?:ex|inc)[^)]{{0,20}}\))?"
    rf"\s+(?:spread\s+|split\s+)?over\s+(?:a\s+period\s+of\s+|the\s+next\s+)?{_D(9)}"
    # "over a 3 year period", "for a two-year term", "for the initial 4 year period"
    rf"|\b(?:over|for)\s+(?:an?\s+(?:initial\s+|fixed\s+)?|the\s+initial\s+)"
    rf"{_D(10)}\s+(?:period|term)\b"
    # a term stated bare before its extensions ("3 years with the option to extend for …")
    rf"|^\W*(?:initial\s+term\s+of\s+)?{_D(11)}\s+(?:with|plus)\s+(?:the\s+|an?\s+)?"
    rf"(?:options?|possibility|right)\b"
    # a term naming the work it is for, as in a title: "Five Year Electrical Inspection
    # Contract", "a 2-year grounds maintenance agreement" (up to three words of the work; not
    # "2 years of the contract", "three years after the contract")
    rf"|\b{_D(14)}\s+(?:(?!(?:of|the|a|an|to|for|in|on|at|by|as|after|from|since|before|with|"
    rf"and|or|per|each|this|that|prior|old|previous|ago|remaining|left|post|following|beyond|"
    rf"until|than|between|end|ending|into|under|is|are|was|were|will)\b)[A-Za-z][\w&-]*\s+){{1,3}}"
    rf"(?:contract|agreement|framework|call-off)\b"
    # a notice's own line: "PERIOD OF 3 YEARS FROM 7th OCTOBER 2025"
    rf"|^\W*(?:the\s+)?(?:contract\s+|initial\s+)?period\s+of\s+{_D(13)}"
    # a line that is the period counted from the contract's award or start: "Approximately 36
    # months from intended contract award date unless …" (not "12 months from award, the
    # Supplier shall …": nothing but a qualifier may follow)
    rf"|^\W*(?:approximately\s+|around\s+|about\s+|circa\s+)?{_D(16)}\s+from\s+(?:the\s+)?"
    rf"(?:date\s+of\s+(?:the\s+)?)?(?:intended\s+|expected\s+|anticipated\s+|planned\s+)?"
    rf"(?:contract\s+)?(?:award|start|commencement)(?:\s+date)?"
    rf"(?=\s*(?:$|[.;(]|,?\s*(?:unless|with|plus|subject|excluding|including)\b))",
    re.IGNORECASE,
)
_PLUS_RE = lazyre.compile(
    r"\b(?P<a>\d{1,2})\s*\+\s*(?P<b>\d{1,2})(?:\s*\+\s*(?P<c>\d{1,2}))?(?:\s*\+\s*(?P<d>\d{1,2}))?\s*"
    r"(?P<unit>years?|months?)\b",
    re.IGNORECASE,
)
_EXT_RE = lazyre.compile(
    rf"(?:option|options|right|possibility)\s+to\s+extend[^.;]{{0,50}}?\b(?:by|for)\s+(?:up\s+to\s+)?(?:a\s+|one\s+)?"
    rf"(?:further\s+|additional\s+)?(?:period\s+of\s+)?(?:up\s+to\s+)?(?:a\s+further\s+)?{_D(2)}"
    rf"|extend(?:ed)?\s+(?:the\s+)?(?:contract|agreement|framework|term)?\s*(?:by|for)\s+(?:up\s+to\s+)?(?:a\s+|one\s+)?(?:further\s+|additional\s+)?(?:period\s+of\s+)?(?:up\s+to\s+)?{_D(3)}"
    rf"|(?:plus|with)\s+(?:an?\s+|the\s+)?(?:optional\s+|possible\s+)?(?:extension|option)\s+(?:period\s+)?(?:of|for)\s+(?:up\s+to\s+)?(?:a\s+)?(?:further\s+)?{_D(4)}"
    # "with a possible two-year extension", "plus an optional 12-month extension"
    rf"|(?:plus|with)\s+(?:an?\s+|the\s+)?(?:optional\s+|possible\s+|further\s+)*{_D(12)}\s+"
    rf"(?:extension|option\s+to\s+extend)",
    re.IGNORECASE,
)
# "… 1+1 year extension(s)", "2 + 2 years optional extensions": the sum is of the extensions
_EXTENSION_AFTER = lazyre.compile(
    r"\s*(?:\(\s*\d+\s*\)\s*)?(?:optional\s+|possible\s+|further\s+)*(?:extensions?|options?\s+to\s+"
    r"extend|extension\s+options?)\b",
    re.IGNORECASE,
)
# "extend this contract from 36 to 48 months", "extended from two to three years"
_FROM_TO_EXTEND_RE = lazyre.compile(
    rf"\bextend(?:ed|ing)?\s+(?:(?:this|the)\s+)?(?:contract|agreement|framework|term)?\s*"
    rf"(?:period\s+)?from\s+(?P<a>{_NUM})(?:\s+(?:years?|months?))?\s+(?:to|up\s+to|until)\s+"
    rf"(?:a\s+maximum\s+of\s+)?(?P<b>{_NUM})[\s-]*(?P<unit>years?|months?)\b",
    re.IGNORECASE,
)
_EXT_TIMES_RE = lazyre.compile(
    rf"(?:extend|extension)[^.;]{{0,50}}?\b(?P<k>{_NUM})\s+(?:further\s+|additional\s+)?(?:periods?|times|extensions?)\s+of\s+(?:up\s+to\s+)?(?P<n>{_NUM})(?:\s*\(\s*\d+\s*\))?[\s-]*(?P<unit>years?|months?)\b",
    re.IGNORECASE,
)
_MAX_RE = lazyre.compile(
    rf"maximum\s+(?:contract\s+|total\s+)?(?:duration|term|period|length)\s+(?:of\s+(?:the\s+)?(?:contract|agreement|framework)\s+)?(?:is\s+|will\s+be\s+|of\s+)?(?:up\s+to\s+)?{_D(5)}"
    rf"|up\s+to\s+a\s+maximum\s+(?:of\s+)?{_D(6)}",
    re.IGNORECASE,
)
# Words saying a period is an extension: "extend", "a further (period of) 12 months"; not
# "additional works for a period of 36 months".
_EXTENSION_LEAD = lazyre.compile(
    rf"extend|extension|\b(?:further|additional)\s+(?:(?:optional\s+)?(?:periods?|terms?|years?|"
    rf"months?)\b|(?:up\s+to\s+)?{_NUM}\b)",
    re.IGNORECASE,
)
# Periods counted in weeks that are not the contract's own term.
_NOT_TERM_WEEKS = lazyre.compile(
    r"mobili[sz]|implementation|transition|induction|handover|notice|standstill|lead[- ]in",
    re.IGNORECASE,
)
_NOT_DURATION = lazyre.compile(
    r"contract\s+year|\blast\s+\w+\s+(?:years|months)|within\s|notice|surviv|retain|records|insurance|"
    # "5 years' experience"; not "suitably experienced bidders"
    r"maintain|warrant|accounts|trading|experience(?!d)|valid|validity|previous|past\s|turnover|\bage\b|"
    r"defects|liability\s+period|limitation|audit"
    # another agreement, not yet made: "the longer term agreement is in development which will
    # be for 4 years", "a future contract"
    r"|\b(?:in|under)\s+development\b|being\s+developed|\bfuture\s+(?:contract|agreement|"
    r"framework|procurement)",
    re.IGNORECASE,
)
_AFTER_DURATION_NOT = lazyre.compile(
    r"^\s*(?:from|after|following)\s+(?:the\s+)?(?:date\s+of\s+)?(?:termination|expiry|end|expiration|completion|award)"
    r"|^\s*['’]?\s*(?:written\s+)?notice|^\s*(?:and|or)\s+(?:above|over|more|longer|less|under|below)|^\s*\+",
    re.IGNORECASE,
)
_DURATION_PLACEHOLDER = lazyre.compile(
    r"(?:contract\s+period|contract\s+length|initial\s+term|duration)\s*[:|]?\s*\[[^\]]*(?:month|year|period|duration|length)[^\]]*\]",
    re.IGNORECASE,
)
# A period, or a range of dates ("1 April 2026 to 31 March 2027") that may state one.
HAS_DURATION = lazyre.lazy(
    compile_filtered,
    r"years?|months?|yrs|weeks?|(?:19|20)\d\d\s+(?:to|until|till|-|–|and)\s",
    re.IGNORECASE,
)


def _phrases(words: list[str]) -> str:
    """An alternation of data phrases, longest first, each word escaped and any run of white
    space between words allowed ("work  package")."""
    return "|".join(
        r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)
    )


@functools.cache
def _vocabulary() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """tendercheck/data/durations.yaml compiled: a word making a period the whole term ("a
    potential duration of"), the words of a tendered work, and "over the next N years"."""
    from tendercheck.data import data_yaml

    vocab = data_yaml("durations.yaml")

    whole = re.compile(
        rf"\b(?:{_phrases(vocab['whole_term_words'])})\s+(?:{_phrases(vocab['period_nouns'])})\b",
        re.I,
    )
    work = re.compile(rf"\b(?:{_phrases(vocab['tendered_work'])})\b", re.I)
    over_next = re.compile(rf"\bover\s+the\s+(?:next|coming|following)\s+{_D(15)}", re.I)
    return whole, work, over_next


def duration_facts(sentence: Sentence) -> Iterator[Fact]:
    text = sentence.text
    if _DURATION_PLACEHOLDER.search(text):
        m = _DURATION_PLACEHOLDER.search(text)
        yield Fact("contract_duration_months", None, evidence=[sentence.evidence(m.group(0), m.start())],
                   confidence=0.5, placeholder=True, note=f"placeholder {m.group(0)!r}")  # fmt: skip
        return
    if _NOT_DURATION.search(text) and not re.search(r"option\s+to\s+extend|extension", text, re.I):
        return

    def ev(m: re.Match[str]):
        return [sentence.evidence(m.group(0), m.start())]

    extended = False
    span = _FROM_TO_EXTEND_RE.search(text)
    if span:
        # "the option to extend this contract from 36 to 48 months": the initial term and the
        # whole term with the extension
        unit = span.group("unit")
        first, whole = _dur(span.group("a"), unit), _dur(span.group("b"), unit)
        if first and whole and whole > first:
            yield Fact("contract_duration_months", first, evidence=ev(span), confidence=0.75,
                       note=f"initial term of an extension {span.group(0)!r}")  # fmt: skip
            yield Fact("contract_extension_months", whole - first, evidence=ev(span),
                       confidence=0.75)  # fmt: skip
            yield Fact("contract_max_duration_months", whole, evidence=ev(span), confidence=0.75)
            return

    plus = _PLUS_RE.search(text)
    if plus and re.search(
        r"\b(?:extend|extension)\w*\s+(?:\w+\s+){0,4}$", text[: plus.start()], re.I
    ):
        plus = None  # "option to extend for 2 + 1 years": the extensions, not the whole term
    if plus and _EXTENSION_AFTER.match(text[plus.end() :]):
        # "a three year term with possible 1+1 year extension": the extensions, after the term
        unit = plus.group("unit")
        extra = sum(_dur(plus.group(k), unit) or 0 for k in "abcd" if plus.group(k))
        plus = None
        if extra:
            yield Fact("contract_extension_months", extra, evidence=ev(_PLUS_RE.search(text)),
                       confidence=0.75, note="extensions stated as a sum")  # fmt: skip
            extended = True
    if plus and re.search(_CONTRACT_WORD + r"|term|period|extension", text, re.I):
        unit = plus.group("unit")
        parts = [plus.group(k) for k in "abcd" if plus.group(k)]
        first = _dur(parts[0], unit)
        extra = sum(_dur(p, unit) or 0 for p in parts[1:])
        if first:
            yield Fact("contract_duration_months", first, evidence=ev(plus), confidence=0.8,
                       note=f"initial term of {plus.group(0)}")  # fmt: skip
            yield Fact("contract_extension_months", extra, evidence=ev(plus), confidence=0.8)
            yield Fact(
                "contract_max_duration_months", first + extra, evidence=ev(plus), confidence=0.8
            )
        return
    found_initial = None
    for m in _INITIAL_RE.finditer(text):
        if _AFTER_DURATION_NOT.match(text[m.end() : m.end() + 40]):
            continue
        lead = text[max(0, m.start() - 40) : m.start()]
        if sentence.kind == "table":
            # the words of the period's own cell: "Initial Framework Contract Period of 18
            # months" in a row labelled "Optional Extension Period" states the initial period
            lead = lead.rsplit(" | ", 1)[-1]
        if _EXTENSION_LEAD.search(lead + m.group(0)):
            continue
        if re.search(r"weeks?\b", m.group(0), re.I) and _NOT_TERM_WEEKS.search(lead + m.group(0)):
            continue  # "a mobilisation period of 6 weeks" is not the contract's term
        months = _months(m)
        if months and (
            re.search(r"\bmaximum\b", lead[-20:] + m.group(0), re.I)
            or _vocabulary()[0].search(lead[-30:] + m.group(0))
        ):
            # "The Framework will be for a maximum period of 48 months", "a potential duration
            # of 6 years": the whole term with any extensions, not the initial one
            yield Fact("contract_max_duration_months", months, evidence=ev(m), confidence=0.8)
            continue
        if months:
            found_initial = (m, months)
            break
    if found_initial:
        m, months = found_initial
        note = "up to" if any(m.group(g) for g in ("upto", "upto2", "upto3")) else ""
        yield Fact("contract_duration_months", months, evidence=ev(m), confidence=0.8, note=note)
    if not found_initial:
        span = _date_range_months(text) or _over_next(text)
        if span is not None:
            m, months = span
            note = (
                "from the dates of the contract period"
                if "over" not in m.group(0).lower()
                else "the period of the work tendered"
            )
            yield Fact("contract_duration_months", months, evidence=ev(m), confidence=0.6,
                       note=note)  # fmt: skip
    for m in () if extended else _EXT_TIMES_RE.finditer(text):
        k = to_number(m.group("k"))
        each = _dur(m.group("n"), m.group("unit"))
        if k and each:
            yield Fact("contract_extension_months", k * each, evidence=ev(m), confidence=0.75,
                       note=f"{k} × {each:g} months")  # fmt: skip
            break
    else:
        for m in () if extended else _EXT_RE.finditer(text):
            months = _months(m)
            if months:
                yield Fact("contract_extension_months", months, evidence=ev(m), confidence=0.75)
                break
    for m in _MAX_RE.finditer(text):
        months = _months(m)
        if months:
            yield Fact("contract_max_duration_months", months, evidence=ev(m), confidence=0.8)
            break


def _over_next(text: str) -> tuple[re.Match[str], float] | None:
    """ "… inviting bidders to tender for the repair of paths over the next 5 years": the period
    of the work a sentence tenders (its words in durations.yaml), when it states no other."""
    if "over the" not in text.lower():
        return None
    _whole, work, over_next = _vocabulary()
    m = over_next.search(text)
    if m is None or not work.search(text[: m.start()]):
        return None
    if _EXTENSION_LEAD.search(text[max(0, m.start() - 40) : m.end()]):
        return None
    months = _months(m)
    return (m, months) if months else None


_RANGE_RE = lazyre.compile(
    r"(?:\bfrom|\b(?:period|term|duration|dates?)\s*[:|–-]|\b(?:period|term)\s+(?:is|will\s+(?:be|run)|runs?))"
    r"\s+(?P<a>[^.;]{6,30}?)\s+(?:to|until|till|–|-)\s+(?:the\s+)?"
    r"(?P<b>[^.;]{6,30}?\b(?:19|20)\d\d)\b",
    re.I,
)
_RANGE_CONTEXT = lazyre.compile(
    r"\b(?:contract|agreement|service|services|work|works|maintenance|quotes?|framework|term|period|year)\b",
    re.I,
)
_RANGE_NOT = lazyre.compile(
    r"clos|standstill|clarification|deadline|submi|reception|holiday|consultation|engagement"
    r"|tender(?:ing)?\s+period|\bopen\b|\bbids?\b|quotes?\b|quotations?\b|\bwindow\b",
    re.I,
)


# "The Contract will start on 01/04/2023 and end on 31/03/2028"
_START_END_RE = lazyre.compile(
    r"\b(?:start|commence|begin|run)\w*\s+(?:on\s+|from\s+)?(?P<a>[^.;]{6,30}?)\s+and\s+"
    r"(?:will\s+|shall\s+)?(?:end|expire|finish|conclude)\w*\s+(?:on\s+)?(?:the\s+)?"
    r"(?P<b>[^.;]{6,30}?\b(?:19|20)\d\d)\b",
    re.I,
)


def _date_range_months(text: str) -> tuple[re.Match[str], float] | None:
    """ "for the year from 1 April 2026 to 31 March 2027", "Contract period: 1 May 2026 until 30
    April 2028": the months of a stated contract period."""
    low = text.lower()
    if (
        (
            "from" not in low
            and "period" not in low
            and "term" not in low
            and "date" not in low
            and "end" not in low
        )
        or _RANGE_NOT.search(text)
        or not _RANGE_CONTEXT.search(text)
    ):
        return None
    from tendercheck.nlp.dates import find_dates, months_between

    for m in [*_RANGE_RE.finditer(text), *_START_END_RE.finditer(text)]:
        a = [d for d in find_dates(m.group("a")) if d.date and d.year_stated]
        b = [d for d in find_dates(m.group("b")) if d.date and d.year_stated]
        if len(a) == 1 and len(b) == 1:
            months = months_between(a[0].date, b[0].date)
            if 1 <= months <= 240:
                return m, float(months)
        elif not a and not b:
            # whole months: "Contract Period: April 2025 to March 2027" is 24 months
            ma, mb = _MONTH_YEAR.fullmatch(m.group("a")), _MONTH_YEAR.fullmatch(m.group("b"))
            if ma and mb:
                months = (
                    (int(mb.group(2)) - int(ma.group(2))) * 12
                    + (_month(mb.group(1)) - _month(ma.group(1)))
                    + 1
                )
                if 1 <= months <= 240:
                    return m, float(months)
    return None


def _month(name: str) -> int:
    from tendercheck.nlp.dates import MONTHS

    return MONTHS[name.lower().rstrip(".")]


# A month and its year, the whole of one end of a range ("April 2025", "Sept. 2026")
_MONTH_YEAR = lazyre.compile(
    r"(?:from\s+)?(?:the\s+)?(?:beginning\s+of\s+|start\s+of\s+|end\s+of\s+)?"
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+((?:19|20)\d\d)",
    re.IGNORECASE,
)


# A term cell (a column headed "Expected Contract Length"): the header says the cell is the
# term, so its bare periods are read without the word "contract". Units as in _D, with the
# short forms of such cells ("10mths", "2yrs").
_CELL_UNIT = r"(?:years?|yrs?|months?|mths?|mnths?|weeks?|wks?)"
_CELL_PERIOD = lazyre.compile(
    rf"(?:(?P<lo>{_NUM})\s*(?:to|-|–|or)\s*|\bbetween\s+(?P<lo2>{_NUM})\s+and\s+)?"
    rf"(?P<n>{_NUM}|\ban?)(?:\s*\(\s*\d+\s*\))?[\s-]*(?P<unit>{_CELL_UNIT})\b",
    re.IGNORECASE,
)
# What a period in a term cell is, from the words around it.
_CELL_ELAPSED = lazyre.compile(r"\b(?:over|across|spread\s+over)\s+(?:an?\s+|the\s+)?$", re.I)
_CELL_LOWER = lazyre.compile(r"^\W*(?:minimum|at\s+least|or\s+(?:more|longer))\b", re.I)
_CELL_LOWER_LEAD = lazyre.compile(r"\b(?:minimum(?:\s+of)?|at\s+least)\s+$", re.I)
_CELL_UPPER_LEAD = lazyre.compile(
    r"\b(?:up\s*to|upto|not\s+(?:to\s+)?exceed|no\s+(?:more|longer)\s+than|maximum\s+of|max\.?)\s+$",
    re.I,
)
_CELL_MAX_LEAD = lazyre.compile(
    r"\bmax(?:imum)?\.?\s+(?:period|term|duration|length)\s+of\s+$", re.I
)
_CELL_OTHER_AFTER = lazyre.compile(
    r"^\s*(?:['’]?s?\s*)?(?:(?:written\s+)?notice|programme|program\b|extension|option\s+to\s+extend)",
    re.I,
)
_CELL_EXTENSION_BETWEEN = lazyre.compile(r"extend|extension|option|further|additional", re.I)
_CELL_END_DATE_LEAD = lazyre.compile(
    r"\b(?:until|till|to|ending|ends?(?:\s+on)?|end\s+(?:on|by))\s+(?:the\s+)?$", re.I
)


def cell_term(text: str, start: dt.date | None = None) -> tuple[float, str] | None:
    """The initial term, in months, that a term cell states, with a note; None when it states
    none or more than one ("Five months for the build, two years for hosting").

    Ranges take the upper end ("8 to 12 months"); an elapsed period wins over the effort in it
    ("106 days over 10 months"); extensions, notice periods and a programme the work sits in
    are not the term; a lower bound ("Six months minimum") is no term. With no period, two
    dates ("1 October 2017 – 31 March 2018") or an end date and the row's ``start`` date give
    the months between them."""
    text, mended = _mend_number_typo(text)
    if not mended and _CELL_CAPITAL_I.search(text):
        # "I year, with option to extend": a capital I typed for the figure 1 before a unit
        text = _CELL_CAPITAL_I.sub("1", text, count=1)
        mended = "'I' read as 1 (a typing slip)"
    repeats, parts = _cell_vocabulary()
    periods: list[tuple[float, str, int]] = []  # (months, kind, where): plain | upto | max | …
    prev_end = 0
    for m in _CELL_PERIOD.finditer(text):
        n = "one" if m.group("n").lower() in ("a", "an") else m.group("n")  # "a year"
        months = _dur(n, _unit_word(m.group("unit")))
        lead, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 30]
        between = text[prev_end : m.start()]
        prev_end = m.end()
        counted = repeats.search(lead)
        if counted and months is not None:
            # "5 sprints of 2 weeks": the count times the length of each
            count, each = _number(counted.group("k")), _number(n)
            unit = _unit_word(m.group("unit"))
            months = _dur(f"{count * each:g}", unit) if count and each else None
            said = f"{counted.group(0)}{m.group(0)}".strip()
            mended = "; ".join(filter(None, [mended, f"{said!r}: {count * each:g} {unit}"]))
        if months is None:
            continue
        if _CELL_LOWER.match(after) or _CELL_LOWER_LEAD.search(lead):
            return None  # a lower bound, not the term
        if _CELL_OTHER_AFTER.match(after):
            if re.match(r"\W*(?:extension|option)", after, re.I):
                periods.append((months, "extension", m.start()))
            continue  # a notice period, the programme the work is part of
        if _CELL_EXTENSION_BETWEEN.search(between):
            periods.append((months, "extension", m.start()))
            continue
        if _CELL_ELAPSED.search(lead):
            return months, f"the period the work is spread over ({m.group(0)!r})"
        if parts.search(_sentence_at(text, m.start())):
            periods.append((months, "part", m.start()))  # "The first SOW will be for 3 months"
        elif _CELL_MAX_LEAD.search(lead):
            periods.append((months, "max", m.start()))
        elif _CELL_UPPER_LEAD.search(lead):
            periods.append((months, "upto", m.start()))
        else:
            kind = "plain" if not (m.group("lo") or m.group("lo2")) else "range"
            periods.append((months, kind, m.start()))
    periods = _parts_in_brackets(text, periods)
    if not any(k in ("plain", "upto", "range") for _, k, _ in periods):
        # only parts named ("Phase one: 3 months"): the part is all the cell states
        periods = [(v, "plain" if k == "part" else k, w) for v, k, w in periods]
    if any(k == "part" for _, k, _ in periods) and any(
        k in ("plain", "upto", "range") for _, k, _ in periods
    ):
        mended = "; ".join(filter(None, [mended, "the period of a part of the work left out"]))
    terms = [(v, k) for v, k, _ in periods if k in ("plain", "upto", "range")]
    extensions = [v for v, k, _ in periods if k == "extension"]
    values = sorted({v for v, _ in terms})
    if len(values) == 1:
        kind = next(k for v, k in terms)
        note = {"upto": "up to", "range": "the upper end of a range"}.get(kind, "")
        if mended:
            note = "; ".join(filter(None, [note, mended]))
        return values[0], note
    if len(values) == 2 and extensions:
        # "Up to 2 years (18 months with possible 6 month extension)": the whole and its parts
        small, big = values
        if any(abs(small + e - big) < 0.01 for e in extensions):
            return small, f"initial term; {big:g} months with the extension"
    if values:
        return None  # two different periods: no single term
    return _cell_dates(text, start)


def _sentence_at(text: str, at: int) -> str:
    """The sentence of a cell that holds offset ``at``, without the brackets that do not hold
    it ("Twelve months (Phase 1: 4 months, …)": the phases are not the twelve months')."""
    head = re.split(r"[.;]\s", text[:at])[-1]
    tail = re.split(r"[.;](?:\s|$)", text[at:])[0]
    return re.sub(r"\([^()]*\)", " ", head) + re.sub(r"\([^()]*\)", " ", tail)


def _parts_in_brackets(
    text: str, periods: list[tuple[float, str, int]]
) -> list[tuple[float, str, int]]:
    """A total followed by its parts in brackets ("20 months (8 months design, 12 months
    support)"): the periods in the brackets are parts when they add up to the one before."""
    out = list(periods)
    for months, kind, at in periods:
        if kind not in ("plain", "upto"):
            continue
        period = _CELL_PERIOD.match(text, at)
        m = _BRACKETS_NEXT.match(text, period.end()) if period else None
        if m is None:
            continue
        lo, hi = m.start(1), m.end(1)
        inside = [j for j, (_, k, w) in enumerate(periods) if lo <= w < hi and k != "extension"]
        if len(inside) >= 2 and abs(sum(periods[j][0] for j in inside) - months) < 0.01:
            for j in inside:
                out[j] = (periods[j][0], "part", periods[j][2])
    return out


def _number(word: str) -> float | None:
    """A figure ("2", "2.5") or a number word ("twenty-one")."""
    value = to_number(word)
    if value is not None:
        return float(value)
    try:
        return float(word)
    except ValueError:
        return None


@functools.lru_cache(maxsize=1)
def _cell_vocabulary() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """durations.yaml's term-cell words compiled: a count of repeated units just before the
    length of each ("5 sprints of "), and the parts of the work ("SOW", "work package")."""
    from tendercheck.data import data_yaml

    vocab = data_yaml("durations.yaml")

    repeats = re.compile(
        rf"\b(?P<k>{_NUM})\s+(?:{_phrases(vocab['cell_repeats'])})\s+(?:of|lasting|x|×)\s+$", re.I
    )
    parts = re.compile(rf"\b(?:{_phrases(vocab['cell_parts'])})\b", re.I)
    return repeats, parts


_BRACKETS_NEXT = lazyre.compile(r"\s*\(([^()]*)\)")  # "(8 months design, 12 months support)"
# A capital I standing for the figure 1 before a unit, at the start of a term cell ("I year").
_CELL_CAPITAL_I = lazyre.compile(rf"^\s*I(?=\s+(?i:{_CELL_UNIT})\b)")

_WORD_BEFORE_UNIT = lazyre.compile(rf"\b([A-Za-z]{{4,}})(?=[\s-]+{_CELL_UNIT}\b)", re.IGNORECASE)


def _mend_number_typo(text: str) -> tuple[str, str]:
    """A number word misspelt by one letter before a unit ("Fibe months"), read as the one
    number word it can be ("five"); not when it could be two ("fine": five or nine)."""
    for m in _WORD_BEFORE_UNIT.finditer(text):
        word = m.group(1).lower()
        if word in NUMBER_WORDS:
            continue
        near = [
            w
            for w in NUMBER_WORDS
            if w.isalpha()
            and len(w) == len(word)
            and sum(a != b for a, b in zip(w, word, strict=True)) == 1
        ]
        if len(near) == 1:
            fixed = text[: m.start()] + near[0] + text[m.end() :]
            return fixed, f"{m.group(1)!r} read as {near[0]!r} (a misspelling)"
    return text, ""


def _unit_word(unit: str) -> str:
    low = unit.lower()
    return "weeks" if low.startswith("w") else "years" if low.startswith("y") else "months"


def _cell_dates(text: str, start: dt.date | None) -> tuple[float, str] | None:
    from tendercheck.nlp.dates import find_dates, months_between

    dates = [d for d in find_dates(text) if d.date and d.year_stated]
    if len(dates) == 2 and re.fullmatch(
        r"\s*(?:to|until|till|-|–|—)\s*", text[dates[0].end : dates[1].start], re.I
    ):
        a, b = dates[0].date, dates[1].date
        note = f"from {a} to {b}"
    elif (
        len(dates) == 1 and start is not None and _CELL_END_DATE_LEAD.search(text[: dates[0].start])
    ):
        a, b = start, dates[0].date
        note = f"derived: from the start date {a} to {b}"
    else:
        return None
    months = months_between(a, b)
    return (float(months), note) if 1 <= months <= 240 else None
