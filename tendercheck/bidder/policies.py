"""Written policies (environmental, safeguarding, equality, health and safety) and financial
ratios a tender demands, checked against what the organisation profile says it holds.

A demand the profile says nothing about is "not given" (not checked), never a gap; a policy
demanded and not held is a gap the organisation can close itself by writing one; a ratio under
the tender's minimum is a gap a partner can close.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tendercheck.bidder.gaps import Gap, evidence_for, usable

if TYPE_CHECKING:
    from tendercheck.bidder.eligibility import Checks

POLICY_LABELS = {
    "environmental": "environmental",
    "safeguarding": "safeguarding",
    "equality": "equality and diversity",
    "health_and_safety": "health and safety",
}
RATIO_LABELS = {"current_ratio": "current ratio", "quick_ratio": "quick (acid-test) ratio"}
# A written policy the law asks for only from this many employees (health and safety); an
# organisation below it may well have none, and a buyer can accept a short statement instead.
WRITTEN_POLICY_EMPLOYEES = 5


def _asked(c: Checks, fact_name: str, field: str, labels: dict[str, str], key: str) -> None:
    """What the pack asks about without saying any answer fails (a policy) or without a
    minimum (a ratio): not stated, so not checked, unless the demand fact (from tender.toml,
    ``key``) settles it."""
    fact = usable(c.analysis, fact_name)
    if fact is None or not isinstance(fact.value, list):
        return
    demand = usable(c.analysis, key)
    if demand is not None and demand.source == "sidecar":
        return  # tender.toml states every such demand the tender makes ([] for none)
    value = demand.value if demand is not None else None
    settled = (
        set(value)
        if isinstance(value, dict)
        else {d.get("kind") for d in value if isinstance(d, dict)}
        if isinstance(value, list)
        else set()
    )
    for item, ev in zip(fact.value, fact.evidence, strict=False):
        name = item.get(field) if isinstance(item, dict) else None
        if name not in labels or name in settled:
            continue
        where = f"{ev.document} p.{ev.page}" if ev.page else ev.document
        what = (
            f"whether the {labels[name]} policy the pack asks about is required: no answer is "
            "said to fail"
            if fact_name == "policies_asked"
            else f"the minimum {labels[name]} the pack asks for"
        )
        c.out.not_stated.append(f"{what} ({where}; ask the buyer, or set '{key}' in tender.toml)")


def policies(c: Checks) -> None:
    a, p, out = c.analysis, c.profile, c.out
    _asked(c, "policies_asked", "kind", POLICY_LABELS, "policies_demanded")
    fact = usable(a, "policies_demanded")
    if fact is None or not isinstance(fact.value, list):
        return  # most packs ask for none: nothing to say
    kinds = list(dict.fromkeys(d.get("kind") for d in fact.value if isinstance(d, dict)))
    kinds = [k for k in kinds if k in POLICY_LABELS]
    if not kinds:
        return
    if p.policies is None:
        out.not_given.append(
            "the written policies you hold (policies = [...]), asked for: "
            + ", ".join(POLICY_LABELS[k] for k in kinds)
        )
        return
    small = p.employees is not None and p.employees < WRITTEN_POLICY_EMPLOYEES
    for i, kind in enumerate(fact.value):
        if not isinstance(kind, dict) or kind.get("kind") not in kinds:
            continue
        name = kind["kind"]
        kinds.remove(name)
        if name in p.policies:
            continue
        label = POLICY_LABELS[name]
        a_policy = f"{'an' if label[0] in 'aeiou' else 'a'} {label} policy"
        if kind.get("force") == "conditional" and not _binds(c, kind, label, a_policy):
            continue
        note = f"Write {a_policy} before the deadline, or ask whether a statement will do."
        questions = []
        if small:
            note += (
                f" With {p.employees} employee(s) you are below the {WRITTEN_POLICY_EMPLOYEES} "
                "at which even a written health and safety policy becomes a legal duty (Health "
                "and Safety at Work etc. Act 1974 s.2(3)); demanding written policies of every "
                "bidder is disproportionate (PA23 s.22(3))."
            )
            questions.append(
                f"Will you accept a short statement of how we manage {label} matters in place of "
                f"a written policy from an organisation with fewer than "
                f"{WRITTEN_POLICY_EMPLOYEES} employees?"
            )
        out.gaps.append(
            Gap(
                f"Policy: {label}",
                f"a written {label} policy",
                "not in your profile",
                evidence_for(fact, i, [str(kind.get("quote", ""))[:40]]),
                False,
                note,
                you_can_close=True,
                close_by="the deadline",
                kind="policy",
                action=f"write {a_policy}",
                questions=questions,
            )
        )


def _binds(c: Checks, demand: dict, label: str, a_policy: str) -> bool:
    """Whether a conditional policy demand binds this organisation: one limited to
    organisations of a size binds from that size (not known without ``employees``); one another
    answer passes (committing to the buyer's policy) is no gap, only a caveat."""
    p, out = c.profile, c.out
    size = demand.get("employees_from")
    if isinstance(size, int):
        if p.employees is None:
            out.not_given.append(
                f"your number of employees (employees = …): {a_policy} is asked for only from "
                f"organisations with {size} or more"
            )
            return False
        if p.employees < size:
            out.caveats.append(
                f"{a_policy[0].upper()}{a_policy[1:]} is asked for only from organisations with "
                f"{size} or more employees; with {p.employees} you need none."
            )
            return False
        return True
    condition = str(demand.get("condition") or "")
    out.caveats.append(
        f"You hold no {label} policy, but the pack does not fail you for that alone"
        + (f" (“{condition}”)" if condition else "")
        + f": answer as it allows (such as committing to the buyer's policy), or write "
        f"{a_policy}."
    )
    return False


def ratios(c: Checks) -> None:
    a, p, out = c.analysis, c.profile, c.out
    _asked(c, "ratios_asked", "name", RATIO_LABELS, "financial_ratios")
    fact = usable(a, "financial_ratios")
    if fact is None or not isinstance(fact.value, dict):
        return
    for i, (name, minimum) in enumerate(fact.value.items()):
        if name not in RATIO_LABELS or not isinstance(minimum, (int, float)):
            continue
        label = RATIO_LABELS[name]
        have = (p.ratios or {}).get(name)
        if have is None:
            out.not_given.append(f"your {label} (ratios.{name}), asked to be at least {minimum:g}")
            continue
        if have >= minimum:
            continue
        out.gaps.append(
            Gap(
                label[:1].upper() + label[1:],
                f"a {label} of at least {minimum:g}",
                f"{have:g}",
                evidence_for(fact, i, [label.split()[0]]),
                not c.partner.forbidden,
                c.partner_note("stronger accounts (as lead)"),
                kind="ratio",
                questions=[
                    f"Will you accept other evidence of financial standing (a bank reference, "
                    f"management accounts, a guarantee) from an organisation whose {label} is "
                    f"under {minimum:g}?"
                ],
            )
        )
