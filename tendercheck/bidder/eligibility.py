"""The conditions of participation a tender sets, checked against an organisation profile.

Each check reads the facts (tendercheck/nlp) and the profile and adds to :class:`Findings`: a
:class:`~tendercheck.bidder.gaps.Gap` for a condition not met, a caveat for one met with a
condition, and a "not stated" entry when the pack (or the profile) does not say, so that a
missing fact is never silently taken as met or as a gap.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from tendercheck.bidder.experience import experience
from tendercheck.bidder.gaps import (
    S22_8,
    Gap,
    Partnering,
    evidence_for,
    first_evidence,
    holds,
    lots_named,
    money,
    norm,
    years,
)
from tendercheck.bidder.policies import policies, ratios
from tendercheck.bidder.profile import Profile
from tendercheck.data import data_yaml
from tendercheck.engine.named_checks.demands import (
    INSURANCE_LABELS,
    insurance_covers,
    placeholder,
    required_items,
    usable,
)
from tendercheck.nlp.model import Analysis, Evidence

# The bidder view has always written "employer's liability" where the rules write "employers'".
COVER_NAMES = {**INSURANCE_LABELS, "employers_liability": "employer's liability"}
EL_LEGAL_MINIMUM = 5_000_000


@functools.cache
def _certification_data() -> dict:
    """tendercheck/data/certifications.yaml: lead times, and the standards an organisation's
    own documented system may be the equivalent of."""
    return data_yaml("certifications.yaml")


@dataclass
class Findings:
    gaps: list[Gap] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)  # met, with something to watch
    not_stated: list[str] = field(default_factory=list)  # the pack does not say
    not_given: list[str] = field(default_factory=list)  # the profile does not say
    # the largest contract the organisation's turnover qualifies it for under the tender's test
    turnover_reach: dict | None = None


@dataclass
class Checks:
    analysis: Analysis
    profile: Profile
    partner: Partnering
    failed_rules: set[str]
    days_left: int | None  # working days to the deadline, None when not known
    out: Findings = field(default_factory=Findings)

    def partner_note(self, capacity: str) -> str:
        if self.partner.forbidden:
            return self.partner.gap_note()
        return f"A consortium or sub-contract partner with {capacity} can meet it: {S22_8}."


def find_gaps(checks: Checks) -> Findings:
    checks_in_order = (
        _turnover,
        _insurance,
        _certifications,
        _years_trading,
        _accounts,
        experience,
        policies,
        ratios,
    )
    for check in checks_in_order:
        check(checks)
    # A condition that binds only some lots is no gap for a bidder for the others: say so.
    out = checks.out
    kept = []
    mine = set(checks.profile.lots or ())
    # (lots named, whether the organisation named its lots) -> requirements, in order: one line
    # for the seven certifications of the same two lots, not seven.
    elsewhere: dict[tuple[str, bool], list[str]] = {}
    for gap in out.gaps:
        some = _only_some_lots(checks.analysis, gap)
        if some is None:
            kept.append(gap)
            continue
        lots, named = some
        if mine and mine & set(lots):
            # binds a lot the organisation bids for: say which, since it binds no other
            gap.lots = tuple(lots)
            gap.note = f"For {named}, which you bid for. {gap.note}"
            kept.append(gap)
        else:
            elsewhere.setdefault((named, bool(mine)), []).append(gap.requirement)
    for (named, said), requirements in elsewhere.items():
        what, verb = _joined_requirements(requirements)
        if said:
            out.caveats.append(f"{what} {verb} only to {named}, which you do not bid for.")
        else:
            out.caveats.append(
                f"{what} {verb} only to {named}: a gap only if you bid for "
                f"{'them' if ' and ' in named else 'it'} (say which lots you bid for with "
                "'lots' in your profile)."
            )
    out.gaps = kept
    return out


def _joined_requirements(requirements: list[str]) -> tuple[str, str]:
    """("Certification: ISO 9001, ISO 14001 and ISO 27001", "apply") from requirements of one
    kind ("Certification: ISO 9001", …); ("…", "applies") for one."""
    if len(requirements) == 1:
        return requirements[0], "applies"
    kinds = {r.partition(": ")[0] for r in requirements}
    if len(kinds) == 1 and all(": " in r for r in requirements):
        names = [r.partition(": ")[2] for r in requirements]
        return f"{kinds.pop()}: {', '.join(names[:-1])} and {names[-1]}", "apply"
    return f"{'; '.join(requirements[:-1])} and {requirements[-1]}", "apply"


def _turnover(c: Checks) -> None:
    a, out = c.analysis, c.out
    _turnover_reach(c)
    fact = usable(a, "min_turnover")
    if fact is None:
        multiple = usable(a, "min_turnover_multiple")
        if multiple is not None:
            basis = a.value("min_turnover_basis", "annual")
            out.not_stated.append(
                f"the contract value, so the turnover demand ({multiple.value:g}× the {basis} "
                "value) could not be put in pounds: give --value or --annual-value"
            )
        elif placeholder(a, "min_turnover") or placeholder(a, "min_turnover_multiple"):
            out.not_stated.append("the minimum turnover (left as a placeholder)")
        else:
            out.not_stated.append("a minimum turnover")
        return
    asks, has = float(fact.value), c.profile.turnover
    if has >= asks:
        return
    note = f"Worked out as {fact.note}. " if fact.source == "derived" and fact.note else ""
    note += c.partner_note("that turnover (or a parent organisation)")
    if c.partner.forbidden:
        questions = [
            f"Would you accept other evidence of financial standing (a bank reference, a "
            f"guarantee or a partner's turnover) in place of the {money(asks)} turnover "
            "requirement?"
        ]
    else:
        questions = [
            f"Would you accept a consortium or a parent company's turnover to meet the "
            f"{money(asks)} turnover requirement?"
        ]
    annual = usable(a, "contract_value_annual")
    if annual is not None and float(annual.value) > 0 and asks > 2 * float(annual.value):
        ratio = f"{asks / float(annual.value):.3g}"
        note += (
            f" It is {ratio} times the {money(annual.value)} annual value, over the twice-the-"
            "value ceiling (SUPPLIER-01): worth challenging."
        )
        questions.append(
            f"The {money(asks)} turnover requirement is {ratio} times the "
            f"{money(annual.value)} annual contract value: would you lower it to no more "
            "than twice the annual value?"
        )
    c.out.gaps.append(
        Gap(
            "Minimum turnover",
            f"{money(asks)} a year",
            money(has),
            first_evidence(fact),
            not c.partner.forbidden,
            note,
            questions=questions,
            kind="turnover",
        )
    )


def _turnover_reach(c: Checks) -> None:
    """The other direction: where the tender's test is a multiple of the contract value ("twice
    the annual value"), the largest value the organisation's turnover qualifies it for (its
    turnover divided by the multiple), whether or not this contract's value is known."""
    a = c.analysis
    multiple = usable(a, "min_turnover_multiple")
    try:
        times = float(multiple.value) if multiple is not None else 0.0
    except (TypeError, ValueError):
        return
    if not times > 0 or not c.profile.turnover > 0:
        return
    basis = "total" if a.value("min_turnover_basis", "annual") == "total" else "annual"
    reach = c.profile.turnover / times
    per = " a year" if basis == "annual" else " in total"
    text = (
        f"Your {money(c.profile.turnover)} turnover qualifies you, under the tender's test of "
        f"{times:g}× the {basis} contract value, for contracts worth up to {money(reach)}{per}"
    )
    value = usable(a, f"contract_value_{basis}")
    this = None
    if value is not None and isinstance(value.value, (int, float)) and value.value > 0:
        this = float(value.value)
        text += f"; this one is worth {money(this)}{per}: " + (
            "within that." if this <= reach else "above that."
        )
    else:
        text += "."
    ev = first_evidence(multiple)
    c.out.turnover_reach = {
        "test": f"{times:g}× the {basis} contract value",
        "turnover": c.profile.turnover,
        "qualifies_up_to": round(reach),
        "basis": basis,
        "contract_value": this,
        "within": None if this is None else this <= reach,
        "text": text,
        "quote": ev.quote if ev else "",
        "document": ev.document if ev else "",
        "page": ev.page if ev else None,
    }


def _insurance(c: Checks) -> None:
    a, p, out = c.analysis, c.profile, c.out
    fact = usable(a, "insurance")
    if fact is None or not isinstance(fact.value, dict):
        out.not_stated.append(
            "insurance levels (left as placeholders)"
            if placeholder(a, "insurance")
            else "insurance levels"
        )
        return
    if p.insurance is None:
        out.not_given.append("the insurance you hold ([insurance])")
        return
    stage = usable(a, "insurance_at_bid_stage")
    at_bid = stage.value if stage is not None else None
    exempt = usable(a, "insurance_sole_trader_exempt")
    short: list[str] = []
    covers = insurance_covers(fact.value)
    mine = _my_lots_cover(a, p)
    for i, kind in enumerate(fact.value):
        if kind not in covers:
            continue
        amount = covers[kind]
        lot_evidence = None
        if mine is not None:
            # cover differs by lot: judge the lots the organisation bids for
            if kind not in mine:
                continue
            amount, lot_evidence = mine[kind]
            if amount == covers[kind]:
                lot_evidence = None  # as the pack-wide demand says: quote that
        has = p.insurance.get(kind, 0.0)
        label = COVER_NAMES.get(kind, kind.replace("_", " "))
        if has >= amount:
            continue
        if kind == "employers_liability" and p.employees == 0 and exempt and exempt.value:
            out.caveats.append(
                f"{label.capitalize()} cover of {money(amount)} is asked for, but not from "
                "organisations with no employees."
            )
            continue
        lot_at_award = (
            lot_evidence is not None
            and lot_evidence.clause is not None
            and lot_evidence.clause.stage == "award"
        )
        if at_bid is False or lot_at_award:
            note = "Needed only by contract start: you can buy or raise cover if you win."
            close_by = "contract start"
        elif at_bid:
            quote = f' ("{stage.evidence[0].quote}")' if stage and stage.evidence else ""
            note = (
                f"Cover must be shown with the bid{quote}: you would have to buy it before "
                "the deadline, before knowing whether you win, or bid with a partner who "
                "holds it. Asking for cover at bid stage goes against PPN 03/24 (SUPPLIER-05)."
            )
            close_by = "the deadline"
        else:
            note = (
                "The pack does not say whether cover must be in place with the bid or only by "
                "contract start; until it does, plan to have it by the deadline."
            )
            close_by = "the deadline"
        if kind == "employers_liability" and (p.employees or 0) > 0 and has < EL_LEGAL_MINIMUM:
            note += (
                f" With {p.employees} employee(s) the law requires employer's liability cover "
                "of at least £5m anyway."
            )
        short.append(f"{label} {money(amount)}")
        gap = Gap(
            f"Insurance: {label}",
            money(amount),
            money(has) if has else "no cover",
            lot_evidence or evidence_for(fact, i, []),
            not c.partner.forbidden,
            note,
            you_can_close=True,
            close_by=close_by,
            kind="insurance",
            action=f"get {label} cover of {money(amount)} (you have "
            f"{money(has) if has else 'none'})",
        )
        out.gaps.append(gap)
    if not short:
        return
    first = next(g for g in out.gaps if g.kind == "insurance")
    if at_bid:
        first.questions.append("Could insurance be evidenced on award rather than with the bid?")
    elif at_bid is None:
        first.questions.append("Must insurance be in place when we bid, or only by contract start?")
    if "SUPPLIER-06" in c.failed_rules:
        first.questions.append(
            f"Are the insurance levels asked for ({', '.join(short)}) needed for a contract of "
            "this size and risk? Would you accept lower cover?"
        )


def _my_lots_cover(a: Analysis, p: Profile) -> dict[str, tuple[float, Evidence | None]] | None:
    """Where cover differs by lot and the profile names the lots it bids for: for each type,
    the highest cover those lots ask and the clause asking it; None otherwise."""
    fact = usable(a, "insurance_by_lot")
    if fact is None or not isinstance(fact.value, dict) or not p.lots:
        return None
    lots = [lot for lot in p.lots if lot in fact.value]
    if not lots:
        return None
    out: dict[str, tuple[float, Evidence | None]] = {}
    for lot in lots:
        for kind, amount in fact.value[lot].items():
            if kind in out and out[kind][0] >= amount:
                continue
            quote = next(
                (
                    ev
                    for ev in fact.evidence
                    if ev.clause is not None
                    and lot in ev.clause.lots
                    and _names_cover(ev.quote, amount)
                ),
                None,
            )
            out[kind] = (float(amount), quote)
    return out


def _names_cover(quote: str, amount: float) -> bool:
    digits = re.sub(r"[^\d]", "", quote)
    whole = f"{amount:.0f}"
    millions = f"{amount / 1_000_000:g}".replace(".", "")
    return whole in digits or millions in digits


def lead_days(name: str) -> int | None:
    key = norm(name)
    table = _certification_data()["lead_days"]
    for prefix in sorted(table, key=len, reverse=True):
        if key.startswith(prefix):
            return int(table[prefix])
    return None


def _certifications(c: Checks) -> None:
    a, p, out = c.analysis, c.profile, c.out
    fact = usable(a, "certifications")
    if fact is None or not isinstance(fact.value, list):
        out.not_stated.append("any required certification")
        return
    if p.certifications is None:
        out.not_given.append("the certifications you hold (certifications = [...])")
        return
    for i, item in required_items(fact.value):
        name = item.get("name") if isinstance(item, dict) else str(item)
        if not name:
            continue
        if holds(p.certifications, name):
            continue
        equivalent = isinstance(item, dict) and bool(item.get("equivalent_accepted"))
        if equivalent and (p.certifications or _own_system_may_do(name)):
            # An equivalent may be something it has under another name, or its own documented
            # system ("ISO 9001 or a documented quality system of your own"): only it can say,
            # so this is no gap.
            out.caveats.append(
                f"{name} is asked for, or an equivalent: be ready to show that what you have "
                "is equivalent" + (f", or get {name}." if not p.certifications else ".")
            )
            continue
        evidence = evidence_for(fact, i, [name])
        lead = lead_days(name)
        if equivalent:
            # a scheme's certificate or an equivalent one, and the organisation holds none
            asked = f"{name} or an equivalent"
            s56 = (
                f" An equivalent scheme's certificate is accepted too; your profile lists none,"
                f" so get {name} unless you hold one it does not list."
            )
        else:
            asked = f"{name} (no equivalent accepted)"
            s56 = (
                " Naming a certification without 'or equivalent' goes against PA23 s.56"
                " (SUPPLIER-07)."
            )
        at_award = (
            evidence is not None
            and evidence.clause is not None
            and (evidence.clause.stage == "award")
        )
        weeks = f"about {math.ceil(lead / 5)} week(s)" if lead is not None else "a while"
        if at_award:
            # asked for at award or contract start: time to get it once the bid is won
            in_time, close_by = True, "contract start"
            note = (
                f"Needed by award or contract start, not with the bid: {name} takes {weeks} "
                f"to obtain, so you can get it if you win.{s56}"
            )
        else:
            in_time = lead is not None and c.days_left is not None and lead <= c.days_left
            close_by = "the deadline" if in_time else None
            if lead is None:
                timing = f"How long {name} takes to obtain is not known here: ask the certifier."
            else:
                timing = f"{name} typically takes {weeks} to obtain"
                if c.days_left is None:
                    timing += (
                        "; the deadline is not known, so whether that is in time is not known."
                    )
                elif in_time:
                    timing += (
                        f", within the {c.days_left} working days left: get it before the deadline."
                    )
                else:
                    timing += f", more than the {max(c.days_left, 0)} working days left."
            note = f"{timing} {c.partner_note(f'{name}')}{s56}"
        out.gaps.append(
            Gap(
                f"Certification: {name}",
                asked,
                "not held",
                evidence,
                not c.partner.forbidden,
                note,
                you_can_close=in_time,
                close_by=close_by,
                # never asked when the pack or the clause already accepts an equivalent
                questions=[]
                if equivalent
                or (
                    evidence is not None
                    and evidence.clause is not None
                    and evidence.clause.equivalent
                )
                else [f"Will you accept an equivalent to {name}?"],
                kind="certification",
                lots=tuple(item.get("lots", ())) if isinstance(item, dict) else (),
                action=f"get {name}, which typically takes {weeks}",
            )
        )


def _own_system_may_do(name: str) -> bool:
    key = norm(name)
    return any(key.startswith(prefix) for prefix in _certification_data()["own_system_equivalent"])


def _only_some_lots(a: Analysis, gap: Gap) -> tuple[tuple[str, ...], str] | None:
    """The lots, and "Lots 1a and 1b", when the gap's own lots or the clause behind it limit it
    to some of a multi-lot pack's lots: a gap only for a bidder for those lots."""
    clause = gap.evidence.clause if gap.evidence is not None else None
    lots = gap.lots or (clause.lots if clause is not None else ())
    count = a.value("lots")
    if not lots or not isinstance(count, int) or count <= len(lots):
        return None
    return lots, lots_named(lots)


def _years_trading(c: Checks) -> None:
    a, p = c.analysis, c.profile
    fact = usable(a, "years_trading_required")
    if fact is None:
        c.out.not_stated.append("a minimum time trading")
        return
    if p.years_trading is None:
        c.out.not_given.append("how long you have been trading (years_trading)")
        return
    need = float(fact.value)
    if p.years_trading >= need:
        return
    note = c.partner_note("that track record") + (
        " Three or more years with no route for new organisations is disproportionate "
        "(SUPPLIER-04)."
        if need >= 3
        else ""
    )
    c.out.gaps.append(
        Gap(
            "Years trading",
            f"{years(need)} trading",
            years(p.years_trading),
            first_evidence(fact),
            not c.partner.forbidden,
            note,
            kind="years_trading",
            questions=[
                f"Would you accept a newer organisation whose staff or partners have the "
                f"experience, in place of {years(need)} of trading?"
            ],
        )
    )


def _accounts(c: Checks) -> None:
    a, p, out = c.analysis, c.profile, c.out
    audited = usable(a, "audited_accounts_required")
    alternative = usable(a, "accounts_alternative")
    has_alternative = alternative is not None and alternative.value is True
    if audited is None and usable(a, "accounts_years_required") is None:
        out.not_stated.append("what accounts are asked for")
    if audited is not None and audited.value is True:
        if has_alternative:
            out.caveats.append("Audited accounts are asked for, but the pack offers alternatives.")
        elif p.audited_accounts is None:
            out.not_given.append("whether your accounts are audited (audited_accounts)")
        elif not p.audited_accounts:
            who = "charities" if p.charity else "organisations"
            out.gaps.append(
                Gap(
                    "Audited accounts",
                    "audited accounts",
                    "accounts not audited",
                    first_evidence(audited),
                    not c.partner.forbidden,
                    f"Many small {who} are not required to have an audit; demanding one with no "
                    "alternative goes against PA23 s.22(3)(a) (SUPPLIER-03). "
                    + c.partner_note("audited accounts (as lead)"),
                    kind="accounts",
                    questions=[
                        "Will you accept independently examined or unaudited accounts, "
                        "or other evidence of financial standing, from organisations "
                        "not required to have an audit?"
                    ],
                )
            )
    years_fact = usable(a, "accounts_years_required")
    if years_fact is None or has_alternative:
        return
    have = p.years_of_accounts
    if have is None:
        out.not_given.append("how many years of accounts you can show (accounts_years)")
        return
    need = int(years_fact.value)
    if have >= need:
        return
    out.gaps.append(
        Gap(
            "Years of accounts",
            f"{years(need)} of accounts",
            years(have),
            first_evidence(years_fact),
            not c.partner.forbidden,
            c.partner_note("that financial history"),
            kind="accounts",
            questions=[
                f"Would you accept management accounts or a forecast from an "
                f"organisation with fewer than {years(need)} of accounts?"
            ],
        )
    )
