"""Contract value, duration, authority type, contract type, regime and lots.

Value: only amounts with value words around them ("contract value", "estimated value", "budget",
"worth", "price envelope", "maximum value"); never turnover, insurance, spend on a framework, a
threshold ("contracts above £5m per annum") or a worked example. "£18,000 per Learning Partner"
is a per-unit budget: the amount is recorded as the total with a note. Placeholders ("£xxx")
become placeholder facts. Duration: the initial term, optional extensions ("two years with an
option to extend for twelve months", "3 + 1 + 1 years") and the maximum term. This module reads
the value and runs the readers in duration, authority_and_regime and lots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tendercheck import lazyre
from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.extractors.authority_and_regime import (
    authority_facts,
    contract_type_facts,
    regime_facts,
)
from tendercheck.nlp.extractors.duration import HAS_DURATION, duration_facts
from tendercheck.nlp.extractors.lots import lot_facts
from tendercheck.nlp.model import Fact, Sentence
from tendercheck.nlp.money import find_money
from tendercheck.nlp.prefilter import compile_filtered

# --- value ---------------------------------------------------------------------------------------

_HAS_MONEY = lazyre.lazy(compile_filtered, r"£|GBP|pounds", re.IGNORECASE)
_VALUE_WORDS = lazyre.compile(
    r"\b(?:contract\s+value|value\s+of\s+(?:the|this)\s+(?:proposed\s+|total\s+|whole\s+|overall\s+)?(?:contract|framework|agreement|requirement|opportunity|services?|works?|tender|procurement)"
    r"|(?:estimated|anticipated|indicative|approximate|total|maximum|overall|annual|whole[- ]life|lifetime)\s+(?:total\s+|annual\s+|contract\s+|estimated\s+)?value"
    r"|(?:contract|framework|agreement)\s+(?:is\s+)?valued\s+at|valued\s+at"
    r"|(?:approximate|total|maximum|available|indicative|overall|annual|estimated|contract|project)?\s*budget(?:ed)?"
    r"|(?:will|would|should|to|is\s+likely\s+to|is\s+expected\s+to)\s+cost"
    # the buyer's own words of what it will pay ("We expect to pay about £60,000 over two
    # years"), never a bidder's cost ("Bidders should expect to pay £500 for the survey")
    r"|(?:\bwe|(?:council|authority|board|university|trust|buyer|agency|department|college|"
    r"association|ICB))\s+(?:would\s+|will\s+|currently\s+)?(?:expects?|plans?|intends?|aims?)"
    r"\s+to\s+pay"
    r"|\bworth\b|price\s+envelope|ceiling\s+price|affordability\s+(?:cap|limit|envelope)|funding\s+available"
    r"|(?:awarded|let)\s+for|for\s+a\s+total\s+of|value\s+of\s+(?:the\s+)?purchases)\b",
    re.IGNORECASE,
)  # fmt: skip
_NOT_VALUE = lazyre.compile(
    r"turnover|insurance|insured|liabilit|indemnity|threshold|for example|\be\.g\.|such as|for instance"
    r"|if the (?:contract|value)|where the (?:contract|value)|\bspend\b|\bspent\b|\bFY\s?\d|financial year"
    r"|day rate|hourly|per hour|salary|wage|penalt|liquidated|deposit|\bbond\b|guarantee|sub-?contract"
    r"|discount|call-?off|minimum order|modern slavery|carbon reduction|net zero|apprentic"
    r"|\bany\s+(?:contract|order)|contracts\s+(?:with|of)\s+a\s+value",
    re.IGNORECASE,
)  # fmt: skip
_COMPARATOR_BEFORE = lazyre.compile(
    r"(?:above|over|exceed(?:s|ing)?|below|under|less\s+than|more\s+than|greater\s+than|at\s+least"
    r"|in\s+excess\s+of|minimum\s+of|no\s+more\s+than|not\s+exceeding|threshold\s+of|from)\s*$",
    re.IGNORECASE,
)
_COMPARATOR_AFTER = lazyre.compile(
    r"^\s*(?:\+|and\s+(?:above|over|more)|or\s+(?:more|above|over|less|below|under)|and\s+under)",
    re.IGNORECASE,
)
_PER_UNIT = lazyre.compile(
    r"^\s*(?:per|for\s+each|each)\s+(?!annum|year|yr|month|week|day|hour|cent\b)"
    r"(?P<unit>[A-Za-z][\w-]*(?:\s+(?:[A-Z][\w-]*|partner|lot|school|site|provider|area|place))?)"
)
_ANNUAL_WORDS = lazyre.compile(
    r"annual|per\s+annum|per\s+year|a\s+year|each\s+year|yearly|p\.a\.", re.I
)
# "in the first 12 months of the Framework the value of purchases will be circa £X": a year's
# value, said of the first year
_FIRST_YEAR = lazyre.compile(
    r"\b(?:in|during|over|for)\s+(?:the\s+)?first\s+(?:12|twelve)\s+months\b|\b(?:in|during|for)\s+"
    r"(?:the\s+)?first\s+year\b",
    re.I,
)
# Between two figures of a range ("between £2m and £5m", "GBP150,000 to GBP 160,000"): the
# upper figure is the value.
_RANGE_GAP = lazyre.compile(r"^\s*(?:to|and|-|–|—|up\s+to)\s*$", re.I)
# "£150,000 with an option to extend up to £250,000": the value with the extension taken up is
# the upper figure, as in a range (the total of a contract counts its extensions).
_EXTENDED_GAP = lazyre.compile(
    r"^\s*,?\s*(?:with|plus)\s+(?:an?\s+|the\s+)?(?:option|possibility|right)\s+to\s+extend"
    r"(?:\s+(?:it|this|the\s+(?:contract|agreement|framework)))?\s+(?:up\s+)?to\s*$",
    re.I,
)
_TOTAL_WORDS = lazyre.compile(
    r"total|whole[- ]life|lifetime|over\s+the\s+(?:life|term|duration)|in\s+total|including\s+(?:the\s+)?(?:any\s+)?extension",
    re.I,
)
_ANNUAL_AFTER = lazyre.compile(
    r"^\s*(?:for\s+the\s+year|a\s+year|per\s+year|each\s+year|every\s+year|annually|per\s+annum|p\.?a\.?\b)",
    re.I,
)
_TOTAL_AFTER = lazyre.compile(
    r"^\s*(?:in\s+total|total|over\s+the\s+(?:life|term|whole)|for\s+the\s+whole)", re.I
)
_EX_VAT = lazyre.compile(
    r"\b(?:ex(?:cluding|cl\.?|\.)?|exclusive\s+of|net\s+of|plus|\+)\s*VAT\b", re.I
)
_INC_VAT = lazyre.compile(r"\b(?:inc(?:luding|l\.?|\.)?|inclusive\s+of)\s*VAT\b", re.I)
# A value said of an extension alone ("with any extension period of up to 1 year at maximum value
# of £10m", "the extension year is valued at £18,500"): the extension, then in the same phrase
# (no comma or stop, no word of the whole) "at … value", "valued at", "worth", "cost" or "would
# have a value". Not "the total value including any extension is £X", nor "two years plus a one
# year extension, with an estimated value of £80,000" (the contract's).
_EXTENSION_VALUE = lazyre.compile(
    r"\bextension(?:\s+(?:period|year|term|option))?s?\b"
    r"(?:(?!\b(?:total|whole|overall|lifetime|aggregate|including|inclusive|contract)\b)[^.;,£])*?"
    r"(?:\bat\s+(?:an?\s+|the\s+)?(?:maximum\s+|max\.?\s+|estimated\s+)?value"
    r"|\bvalued\s+at|\bworth|\bcost(?:s|ing)?"
    r"|\b(?:would|will|shall|is\s+to)\s+(?:have|carry|be)\s+(?:an?\s+|the\s+)?"
    r"(?:maximum\s+|estimated\s+)?value)\b[^.;£]*$",
    re.I,
)
# A hard line break inside a clause: the paragraph before ends with no stop ("… is up to") and
# this one starts with the amount ("£60,000,000 (sixty million pounds) …").
_OPEN_END = lazyre.compile(r"[^.!?:;|)\]]\s*$")


def _value_facts(sentence: Sentence, lead: str = "") -> Iterator[Fact]:
    """The value facts of ``sentence``; ``lead`` is the clause a hard line break cut off before
    it, read as the words before its first amount."""
    text = sentence.text
    amounts = find_money(text)
    prev_end = 0
    range_start: int | None = None  # where the words before a range's lower figure begin
    for i, money in enumerate(amounts):
        if range_start is not None:
            before = text[range_start : money.start]  # the upper figure takes the range's words
            range_start = None
        else:
            before = text[max(prev_end, money.start - 110) : money.start]
        led = i == 0 and bool(lead) and not before.strip()
        if led:
            before = lead[-110:]
        after = text[money.end : money.end + 45]
        prev_end = money.end
        upper = amounts[i + 1] if i + 1 < len(amounts) else None
        if (
            upper is not None
            and money.per == upper.per
            and (
                _RANGE_GAP.match(text[money.end : upper.start])
                or _EXTENDED_GAP.match(text[money.end : upper.start])
            )
            and (upper.value or 0) > (money.value or 0)
        ):
            range_start = money.start - len(before)
            continue  # the lower figure of a range
        words = _VALUE_WORDS.search(before) or _VALUE_WORDS.search(after[:30])
        if (
            not words
            and before.rstrip().endswith("(")
            and re.match(r"^\s*(?:in\s+total|total)", after)
        ):
            # "(£60,000 in total)": a restatement of the value just given
            words = _VALUE_WORDS.search(text[max(0, money.start - 110) : money.start])
        if not words:
            continue
        window = (before if led else "") + text[max(0, money.start - 110) : money.end + 40]
        if _NOT_VALUE.search(window) or _COMPARATOR_BEFORE.search(before):
            continue
        if _EXTENSION_VALUE.search(re.split(r"[.;]\s", before)[-1]):
            continue  # the value of an extension alone, not of the contract
        if _COMPARATOR_AFTER.match(after):
            continue
        per_unit = _PER_UNIT.match(after) if money.per is None else None
        context = before + " " + money.text
        quote_start = max(0, money.start - 110)
        evidence = [sentence.evidence(text[quote_start : money.end + len(after)], quote_start)]
        tail = after[:20]
        if _TOTAL_AFTER.match(tail):
            annual = False
        elif money.per is not None or _ANNUAL_AFTER.match(tail):
            annual = True
        else:
            annual = (
                bool(_ANNUAL_WORDS.search(context[-80:])) or bool(_FIRST_YEAR.search(before))
            ) and not _TOTAL_WORDS.search(context[-60:])
        name = "contract_value_annual" if annual else "contract_value_total"
        confidence = 0.85
        if re.search(r"budget|worth|envelope|funding", words.group(0), re.I):
            confidence = 0.75
        if money.placeholder:
            yield Fact(name, None, evidence=evidence, confidence=0.5, placeholder=True,
                       note=f"placeholder {money.text!r}")  # fmt: skip
            continue
        value = money.value
        note = ""
        if money.per in ("week", "day", "hour"):
            continue  # a rate, not a contract value
        if money.per == "month":
            value = money.value * 12
            note = f"{money.text} × 12"
        if per_unit:
            unit = per_unit.group("unit").strip()
            note = f"per {unit}: the budget stated for each {unit}, not the whole procurement"
            confidence = 0.6
        if value is None or value < 100:
            continue
        yield Fact(name, value, evidence=evidence, confidence=confidence, note=note)
        vat = money.vat
        if vat is None:
            if _EX_VAT.search(window):
                vat = "ex"
            elif _INC_VAT.search(window):
                vat = "inc"
        if vat:
            yield Fact("contract_value_vat", vat, evidence=evidence, confidence=confidence)


def _cut_off_lead(previous: Sentence | None, s: Sentence) -> str:
    """The paragraph before ``s`` when a hard line break cut a value clause in two: ``s`` starts
    with an amount, the paragraph just before (same document, the block before) ends with no
    stop and names the value ("The maximum contract value … is up to" / "£60,000,000 …")."""
    if (
        previous is None
        or s.kind != "paragraph"
        or previous.kind != "paragraph"
        or previous.doc_index != s.doc_index
        or previous.block != s.block - 1
        or s.start != 0
        or not s.text.lstrip().startswith(("£", "GBP"))
        or not _OPEN_END.search(previous.text)
        or not _VALUE_WORDS.search(previous.text[-110:])
    ):
        return ""
    return previous.text.rstrip() + " "


_THRESHOLD_STATED = lazyre.compile(
    r"(?:this|the)\s+(?:is\s+an?\s+|procurement\s+is\s+|contract\s+is\s+|tender\s+is\s+)?(?P<side>below|above|under|over)[- ]threshold\s+(?:procurement|contract|tender|opportunity)"
    r"|(?:this|the)\s+(?:procurement|contract|tender|requirement)\s+is\s+(?P<side2>below|above)\s+(?:the\s+)?(?:relevant\s+)?threshold"
    r"|(?:contract|procurement|tender)\s+(?P<side3>below|above)\s+the\s+(?:relevant\s+)?threshold"
    r"|(?:^|\|\s*)(?P<side4>below|above)[- ]threshold\s+(?:[\w-]+\s+)?(?:procurement|contract|tender)\b(?!s)",
    re.IGNORECASE,
)


@extractor
def value(ctx: Context) -> Iterator[Fact]:
    previous: Sentence | None = None
    for s in ctx.sentences:
        text = s.text
        lead = _cut_off_lead(previous, s)
        previous = s
        if _HAS_MONEY.search(text) and (_VALUE_WORDS.search(text) or lead):
            yield from _value_facts(s, lead)
        if HAS_DURATION.search(text):
            yield from duration_facts(s)
        if "hreshold" in text:
            m = _THRESHOLD_STATED.search(text)
            if m:
                side = next(g for g in m.group("side", "side2", "side3", "side4") if g).lower()
                yield Fact("above_threshold", side in ("above", "over"), evidence=[s.evidence(m.group(0), m.start())],
                           confidence=0.8, note="stated in the document")  # fmt: skip
    yield from authority_facts(ctx)
    yield from contract_type_facts(ctx)
    yield from regime_facts(ctx)
    yield from lot_facts(ctx)
