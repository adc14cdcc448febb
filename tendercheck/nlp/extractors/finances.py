"""Financial standing demands: minimum turnover (an amount or a multiple of the contract value),
years of accounts, audited accounts and alternatives to them, and years of trading.
"""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.nlp.extractors.candidates import (
    DEMAND_VERB,
    EXAMPLE_RE,
    GUIDANCE_RE,
    Found,
    quote_of,
)
from tendercheck.nlp.model import Sentence
from tendercheck.nlp.money import find_money
from tendercheck.nlp.numbers import NUM, to_number

_TURNOVER_SKIP = lazyre.compile(
    r"slavery|section 54|relevant commercial organisation|small compan|medium[- ]sized|"
    r"\bsmes?\b|micro|employees|balance sheet|\bassets\b|forecast|statement of (?:the |your )?"
    r"(?:annual )?turnover|per annum \(central|central government contracts|€",
    re.IGNORECASE,
)
_MULTIPLE_RE = lazyre.compile(
    r"(?P<mult>twice|double|two times|three times|thrice|one and a half times|"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?:x|×|times))\s+(?P<what>[^.;]{0,80}?"
    r"(?:value|price|cost|worth|spend|budget)\b)",
    re.IGNORECASE,
)
_MULT_WORDS = {
    "twice": 2.0,
    "double": 2.0,
    "two times": 2.0,
    "three times": 3.0,
    "thrice": 3.0,
    "one and a half times": 1.5,
}
_TURNOVER_LINK = lazyre.compile(
    r"turnover[^.;|]{0,60}?(?:of|at least|minimum of|in excess of|exceeding|not less than|"
    r"over|above|greater than|more than|:|=|\|)\s*(?:£|GBP|\d)"
    r"|(?:minimum|min\.?|required)[^.;|]{0,25}turnover[^.;|£]{0,30}$",
    re.IGNORECASE,
)
_TURNOVER_DEMAND = lazyre.compile(
    r"\b(?:minimum|at least|must|required?|requirement|shall|need to|should have|"
    r"not less than|in excess of|threshold|no less than|up to)\b",
    re.IGNORECASE,
)
_STATUTORY_TURNOVER = {36e6, 10.2e6, 5.1e6, 50e6, 43e6, 12.5e6, 6.5e6, 632e3}


# A floor said the other way round: "organisations with an income of less than £400,000 a year
# will not be considered", "whose turnover is below £100,000 … will not be considered". Income and revenue count as turnover only in this frame.
_TURNOVER_FLOOR_EXCLUDED = lazyre.compile(
    r"\b(?:turnover|income|revenue)s?\s+(?:of\s+|(?:is|are|was|were|falls?)\s+)?"
    r"(?:less\s+than|below|under|lower\s+than)\s+"
    r"(?P<money>(?:£|GBP\s?)\d[\d,.]*(?:\s?(?:k|m|million|bn))?)"
    r"[^.;]{0,80}?\b(?:will\s+not\s+be\s+(?:considered|accepted|eligible|evaluated)|"
    r"(?:will\s+be|are)\s+(?:excluded|rejected|ineligible|not\s+eligible)|"
    r"cannot\s+(?:apply|bid|tender)|need\s+not\s+apply|should\s+not\s+(?:apply|bid))",
    re.IGNORECASE,
)


# A minimum stated per financial year: "2017-18 - 500,000 GBP 2016-17 - 500,000 GBP", "2024/25:
# £250,000". Read as the turnover floor only beside a turnover demand (the sentence itself or the
# one before): per-year figures alone may be spend, budgets or a price schedule.
_YEAR_FIGURE = lazyre.compile(
    r"(?<!\d)(?:19|20)\d\d\s*[-/–]\s*(?:(?:19|20)?\d\d)\b\s*(?:[-–:=]|\|)?\s*"
    r"(?P<money>(?:£|GBP)?\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|million))?(?:\s?GBP)?)",
    re.IGNORECASE,
)
_TURNOVER_FLOOR_CONTEXT = lazyre.compile(
    r"turnover[^.;]{0,120}?(?:minimum|sufficient|at least|not less than|no less than|threshold"
    r"|required|must)|(?:minimum|sufficient|required)[^.;]{0,60}?turnover",
    re.IGNORECASE,
)


# Figures per year that are someone's spending, not a floor: "Spend: 2023-24 - £12,000 …"
_NOT_TURNOVER_FIGURES = lazyre.compile(
    r"\b(?:spend|spent|budget\w*|value|costs?|price|paid|payments?|fees?|grants?|savings?"
    r"|invoiced|income from)\b",
    re.IGNORECASE,
)


def turnover_floor_context(s: Sentence) -> bool:
    """A sentence asking for a level of turnover ("The Tenderer shall have had a sufficient level
    of annual turnover for the previous three financial years"), after which a list of figures
    per financial year states the floor."""
    return bool(_TURNOVER_FLOOR_CONTEXT.search(s.text)) and not (
        _TURNOVER_SKIP.search(s.text) or EXAMPLE_RE.search(s.text) or GUIDANCE_RE.search(s.text)
    )


def read_turnover_by_year(s: Sentence, out: dict[str, Found]) -> bool:
    """The floor from figures per financial year (two or more), the first stated; called for a
    sentence that is, or follows, a turnover demand."""
    found = [m for m in _YEAR_FIGURE.finditer(s.text)]
    if len(found) < 2 or EXAMPLE_RE.search(s.text) or _NOT_TURNOVER_FIGURES.search(s.text):
        return False
    first = found[0]
    money = next((m for m in find_money(first.group("money")) if m.value), None)
    if money is None and re.fullmatch(r"\s?[\d,]+(?:\s?GBP)?", first.group("money")):
        digits = re.sub(r"\D", "", first.group("money"))
        value = float(digits) if digits else None
    else:
        value = money.value if money is not None else None
    if value is None or value < 1000 or value in _STATUTORY_TURNOVER:
        return False
    out["min_turnover"].add(value, 0.7, quote_of(s, first.start(), first.end()))
    return True


def read_turnover(s: Sentence, low: str, out: dict[str, Found]) -> None:
    text = s.text
    if _TURNOVER_SKIP.search(text) or EXAMPLE_RE.search(text) or GUIDANCE_RE.search(text):
        return
    floor = _TURNOVER_FLOOR_EXCLUDED.search(text)
    if floor:
        money = next((m for m in find_money(floor.group("money")) if m.value), None)
        if money is not None and money.value >= 1000:
            out["min_turnover"].add(
                money.value, 0.8, quote_of(s, floor.start("money"), floor.end("money"))
            )
            return
    if "turnover" not in low:
        return  # income and revenue only in the frame above
    m = _MULTIPLE_RE.search(text)
    if m and m.start() > low.find("turnover") - 200:
        word = m.group("mult").lower()
        mult = _MULT_WORDS.get(word)
        if mult is None and m.group("num"):
            mult = float(m.group("num"))
        if mult and 0.5 <= mult <= 10:
            what = m.group("what").lower()
            if re.search(r"annual|per annum|yearly|a year|each year|per year", what):
                basis = "annual"
            elif re.search(r"total|whole[- ]life|lifetime|overall|aggregate", what):
                basis = "total"
            elif re.search(r"annual|per annum|yearly", low):
                basis = "annual"
            else:
                basis = "total"
            ev = quote_of(s, m.start(), m.end())
            out["min_turnover_multiple"].add(mult, 0.85, ev)
            out["min_turnover_basis"].add(basis, 0.75, ev)
            return  # an amount in the same sentence is the contract value, not the turnover
    if not _TURNOVER_DEMAND.search(text):
        return
    for money in find_money(text):
        before = text[max(0, money.start - 90) : money.start]
        after = text[money.end : money.end + 40].lower()
        linked = "turnover" in before.lower() and _TURNOVER_LINK.search(before + money.text)
        linked = linked or ("turnover" in after[:25] and "£" in money.text)
        if not linked:
            continue
        if "or more" in after[:12] and "confirm" in low:
            continue  # "confirm if your turnover is £36m or more": a question, not a floor
        ev = quote_of(s, money.start, money.end)
        if money.placeholder:
            out["min_turnover"].add(None, 0.3, ev)
            continue
        if money.value is None or money.value in _STATUTORY_TURNOVER or money.value < 1000:
            continue
        out["min_turnover"].add(money.value, 0.8, ev)
        return


# Accounts and trading history

_ACCOUNTS_YEARS = lazyre.compile(
    rf"(?:last|past|previous|most recent|latest)\s+(?P<n>{NUM})\s*(?:\(\d+\)\s*)?"
    r"(?:full\s+|financial\s+|complete\s+|trading\s+)*years?['’]?\s*(?:of\s+)?"
    r"(?:audited\s+|published\s+|filed\s+|full\s+|statutory\s+|annual\s+)*"
    r"(?:accounts|financial statements|financial accounts|annual reports?)"
    rf"|(?:accounts|financial statements)[^.;]{{0,40}}?(?:for|covering|from)\s+(?:each of\s+)?"
    rf"(?:the\s+)?(?:last|past|previous|most recent|latest)\s+(?P<n2>{NUM})\s*(?:\(\d+\)\s*)?"
    r"(?:full\s+|financial\s+|trading\s+)*years"
    rf"|covering\s+a\s+(?P<n3>{NUM})[\s-]+year\s+period"
    rf"|(?:last|past|previous)\s+(?P<n4>{NUM})\s+(?:full\s+|financial\s+|trading\s+)*years,?"
    r"[^.;]{0,60}\baccounts\b",
    re.IGNORECASE,
)
_PERIOD_RE = lazyre.compile(rf"covering\s+a\s+(?P<n3>{NUM})[\s-]+year\s+period", re.IGNORECASE)
_AUDITED_DEMAND = lazyre.compile(
    r"audited\s+(?:annual\s+|statutory\s+|financial\s+)*(?:accounts|financial statements)"
    r"|(?:accounts|financial statements)\s+(?:which|that|must|should)\s+(?:have been|be|are)\s+"
    r"(?:independently\s+)?audited",
    re.IGNORECASE,
)
_AUDITED_IF_LAW = lazyre.compile(
    r"audited\s+(?:if|where|when)\s+(?:required|applicable|available)|"
    r"(?:if|where)\s+(?:you are\s+)?(?:required|obliged)\s+(?:by law\s+)?to\s+(?:have them\s+)?audit",
    re.IGNORECASE,
)
_UNAUDITED_OK = lazyre.compile(
    r"\bunaudited\b[^.]{0,60}(?:accept|may|can|will do|is fine)|(?:may|can) (?:send|provide|"
    r"submit) unaudited|(?:do not|don't|does not|not) (?:need|required?) (?:to (?:have|provide) )?"
    r"audited",
    re.IGNORECASE,
)
_NO_ROUTE = lazyre.compile(
    r"will be excluded|will fail|will be rejected|will not be (?:considered|"
    r"accepted)|(?:is|are) not accepted|not (?:be )?accept",
    re.IGNORECASE,
)
_NOT_DEMAND = lazyre.compile(
    r"\b(?:if you (?:are unable|cannot|can ?not|do not|don't)|unable to provide|"
    r"if (?:you|your organisation) (?:does|do) not have|where .{0,20}not available|not required)\b",
    re.IGNORECASE,
)
_ACCOUNTS_ALT = lazyre.compile(
    r"\bif you (?:are unable to|cannot|can ?not|do not|don't)\s+(?:provide|submit|produce|have)"
    r"[^.]{0,80}(?:accounts|financial statements)"
    r"|\b(?:unable to provide|not able to provide|cannot provide)[^.]{0,40}(?:accounts|financial)"
    r"|\balternative (?:means|information|evidence|forms? of evidence)[^.]{0,60}"
    r"(?:financial|economic|standing|status)"
    r"|\bmanagement accounts\b|\bcharity accruals accounts\b"
    r"|\b(?:newly (?:formed|established|incorporated|created)|new(?:ly)? start(?:-?up)?s?|"
    r"start-?ups?|recently formed)\b[^.]{0,80}(?:accounts|financial|turnover|trading)"
    r"|(?:accounts|financial|turnover|trading)[^.]{0,80}\b(?:newly (?:formed|established)|"
    r"start-?ups?|new organisations?|recently formed)\b",
    re.IGNORECASE,
)
_YEARS_TRADING = lazyre.compile(
    rf"(?:trading|in business|been established|been operating|operated)\s+for\s+(?:at least\s+|"
    rf"a minimum of\s+|minimum of\s+|no less than\s+|not less than\s+|more than\s+|over\s+)?"
    rf"(?P<n>{NUM})\s*(?:\(\d+\)\s*)?(?:full\s+)?years"
    rf"|(?:minimum of\s+|at least\s+)?(?P<n2>{NUM})\s*(?:\(\d+\)\s*)?(?:full\s+)?years['’]?\s+"
    r"(?:of\s+)?(?:continuous\s+)?trading(?:\s+history|\s+record|\s+accounts)?",
    re.IGNORECASE,
)


def read_accounts(s: Sentence, low: str, out: dict[str, Found], demand: bool = True) -> None:
    """Accounts and trading history asked for, and routes for those without them. Only a
    ``demand`` clause (binding on bidders) can ask; any of the tender's own clauses can offer a
    route ("we may ask for audited accounts …, or an alternative")."""
    text = s.text
    example = bool(EXAMPLE_RE.search(text))
    guidance = bool(GUIDANCE_RE.search(text)) or example or not demand
    if "account" in low or "financial statement" in low or "year period" in low:
        if not guidance:
            m = _PERIOD_RE.search(text) or _ACCOUNTS_YEARS.search(text)
            if m:
                groups = m.groupdict()
                n = to_number(
                    groups.get("n")
                    or groups.get("n2")
                    or groups.get("n3")
                    or groups.get("n4")
                    or ""
                )
                if n and 1 <= n <= 10:
                    conf = 0.85 if groups.get("n3") else 0.8
                    out["accounts_years_required"].add(n, conf, quote_of(s, m.start(), m.end()))
        m2 = _AUDITED_IF_LAW.search(text) or _UNAUDITED_OK.search(text)
        if m2:
            out["audited_accounts_required"].add(False, 0.7, quote_of(s, m2.start(), m2.end()))
        else:
            m2 = _AUDITED_DEMAND.search(text)
            if (
                m2
                and not guidance
                and not _NOT_DEMAND.search(text[: m2.start()])
                and (DEMAND_VERB.search(text) or s.kind in ("list_item", "table"))
            ):
                out["audited_accounts_required"].add(True, 0.75, quote_of(s, m2.start(), m2.end()))
        m3 = _ACCOUNTS_ALT.search(text)
        if m3 and _NO_ROUTE.search(text):
            out["accounts_alternative"].add(False, 0.8, quote_of(s, m3.start(), m3.end()))
        elif m3:
            out["accounts_alternative"].add(True, 0.75, quote_of(s, m3.start(), m3.end()))
    if "year" in low and (
        "trading" in low or "business" in low or "establish" in low or "operat" in low
    ):
        m = _YEARS_TRADING.search(text)
        if m and not guidance and not re.search(r"past|within the last|excluded", low):
            n = to_number(m.group("n") or m.group("n2"))
            if n and 1 <= n <= 20:
                out["years_trading_required"].add(n, 0.75, quote_of(s, m.start(), m.end()))
