"""Experience demands (public-sector only, a previous contract with the buyer, years of
experience, references) checked against the experience an organisation profile lists.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tendercheck.bidder.gaps import Gap, evidence_for, usable, years
from tendercheck.nlp.numbers import NUMBER_WORDS

if TYPE_CHECKING:
    from tendercheck.bidder.eligibility import Checks

# The number words read in a demand's quote: one to ten ("five years' experience").
_YEAR_WORDS = {w: n for w, n in NUMBER_WORDS.items() if n <= 10}
SECTORS = {  # what a demand names -> words in a profile's experience that meet it
    "local authority": ("local authorit", "council"),
    "NHS": ("nhs", "health service", "integrated care", "clinical commissioning"),
    "central government": ("central government", "government department", "civil service"),
    "public sector": (
        "public sector",
        "public-sector",
        "public bod",
        "local authorit",
        "council",
        "nhs",
        "government",
        "housing association",
        "university",
        "school",
    ),
}


def _sector(quote: str) -> str:
    low = quote.lower()
    if "local authorit" in low or "council" in low:
        return "local authority"
    if re.search(r"\bnhs\b", low):
        return "NHS"
    if "central government" in low or "government department" in low:
        return "central government"
    return "public sector"


def _years_in(quote: str) -> int | None:
    m = re.search(
        r"\b(\d{1,2}|" + "|".join(_YEAR_WORDS) + r")\s*\+?\s*(?:\(\d+\)\s*)?years?",
        quote,
        re.IGNORECASE,
    )
    if not m:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _YEAR_WORDS[word]


def experience(c: Checks) -> None:
    a, p, out = c.analysis, c.profile, c.out
    fact = usable(a, "experience_demands")
    if fact is None or not isinstance(fact.value, list):
        out.not_stated.append("what experience or references are asked for")
        return
    if p.experience is None:
        out.not_given.append("the experience you can evidence (experience = [...])")
        return
    mine = " ".join(p.experience).lower()
    sector_gap_quotes: set[str] = set()
    for i, demand in enumerate(fact.value):
        if not isinstance(demand, dict):
            continue
        kind, quote = demand.get("kind"), str(demand.get("quote", ""))
        ev = evidence_for(fact, i, [quote[:40]] if quote else [])
        if kind == "public_sector_only":
            sector = _sector(quote)
            if any(term in mine for term in SECTORS[sector]):
                continue
            sector_gap_quotes.add(quote)
            out.gaps.append(
                Gap(
                    f"Experience: {sector} clients",
                    f"previous work for {sector} clients",
                    "not in your profile",
                    ev,
                    not c.partner.forbidden,
                    f"Demanding public-sector experience only goes against PA23 s.22(4)(a) "
                    f"(SUPPLIER-09). {c.partner_note('that experience')}",
                    kind="experience",
                    questions=[
                        "Will you accept experience of similar work for other clients "
                        "(charities, community or private clients)?"
                    ],
                )
            )
        elif kind == "previous_contract_with_authority":
            if "this authority" in mine or "this buyer" in mine:
                continue
            out.gaps.append(
                Gap(
                    "Experience: a previous contract with this buyer",
                    "a previous contract with the buyer",
                    "not in your profile",
                    ev,
                    not c.partner.forbidden,
                    "Requiring a previous contract with the buyer is not allowed (PA23 "
                    f"s.22(4)(a), SUPPLIER-09). {c.partner_note('such a contract')}",
                    kind="experience",
                    questions=[
                        "Requiring a previous contract with you is not permitted by "
                        "PA23 s.22(4)(a): will you accept experience with other "
                        "clients?"
                    ],
                )
            )
        elif kind == "years_experience":
            need = _years_in(quote)
            if need is None or p.years_trading is None:
                out.caveats.append(f'The pack asks for years of experience ("{quote}").')
                continue
            if p.years_trading >= need:
                continue
            out.gaps.append(
                Gap(
                    "Years of experience",
                    f"{years(need)} of experience",
                    years(p.years_trading),
                    ev,
                    not c.partner.forbidden,
                    c.partner_note("that experience"),
                    kind="experience",
                    questions=[
                        f"Would you accept the experience of our staff or partners in "
                        f"place of {years(need)} of organisational experience?"
                    ],
                )
            )
        elif kind == "references" and quote not in sector_gap_quotes:
            if p.experience:
                out.caveats.append(
                    f'References or examples of previous work are asked for ("{quote}"): '
                    "check you have them."
                )
                continue
            out.gaps.append(
                Gap(
                    "References for similar work",
                    "references or examples of similar work",
                    "no experience listed in your profile",
                    ev,
                    not c.partner.forbidden,
                    c.partner_note("that track record"),
                    kind="experience",
                    questions=[
                        "Could references come from grant funders, partners or "
                        "community clients rather than previous contracts?"
                    ],
                )
            )
