"""Plain-words formatting of fact values for the HTML report: money as £, dates readable,
dicts and lists as labelled items. Returns data (``Shown``), never markup, so the template
escapes every piece of document text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tendercheck import lazyre

# Facts (and dict keys inside facts) whose numbers are pounds.
MONEY = {
    "contract_value_total",
    "contract_value_annual",
    "current_contract_value",
    "min_turnover",
    "insurance",
    "cost",
    "turnover",
    "value",
    "day_rate",
}
UNITS = {
    "tender_period_days": "calendar days",
    "tender_period_working_days": "working days",
    "holiday_working_days_lost": "working days",
    "payment_terms_days": "days",
    "contract_duration_months": "months",
    "contract_extension_months": "months",
    "contract_max_duration_months": "months",
    "mobilisation_weeks": "weeks",
    "accounts_years_required": "years",
    "years_trading_required": "years",
    "total_word_limit": "words",
    "word_limit": "words",
    "page_limit": "pages",
    "hours": "hours",
    "working_days_left": "working days",
}
PERCENT = {"weighting", "weightings", "fraction", "coverage", "confidence", "margin"}
LABELS = {
    "employers_liability": "Employers' liability",
    "public_liability": "Public liability",
    "professional_indemnity": "Professional indemnity",
    "product_liability": "Product liability",
    "contractors_all_risk": "Contractors' all risk",
    "medical_malpractice": "Medical malpractice",
    "social_value": "Social value",
    "spec_start": "Specification starts",
    "kpis": "KPIs",
    "sme_vcse_suitability": "SME / VCSE suitability",
    "sme_suitable": "Suitable for SMEs",
    "vcse_suitable": "Suitable for VCSEs",
    "vcse_supply_chain_invited": "VCSEs invited into the supply chain",
    "tupe": "TUPE applies",
    "tupe_information": "TUPE information given",
    "dps": "Dynamic purchasing system",
    "id": "ID",
    "url": "URL",
}
# Coded values in words, by fact name.
VALUE_WORDS = {
    "authority_type": {
        "central": "central government",
        "other": "other (councils, NHS bodies and other sub-central authorities)",
    },
    "regime": {
        "PA23": "Procurement Act 2023",
        "PCR15": "Public Contracts Regulations 2015",
    },
    "contract_type": {"light-touch": "light-touch services"},
    "award_method": {
        "price_only": "lowest price only",
        "quality_price": "quality and price",
        "most_advantageous": "most advantageous tender",
    },
}
# In a list of records, the key that names the record (shown first, unlabelled).
MAIN_KEYS = ("text", "quote", "name", "item", "requirement", "title", "kind")
LIST_LIMIT = 8

_DATE = lazyre.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


@dataclass
class Shown:
    """A value ready to show: plain text, a list of values, or labelled pairs."""

    text: str = ""
    items: list[Shown] = field(default_factory=list)
    pairs: list[tuple[str, Shown]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "pairs" if self.pairs else "items" if self.items else "text"


def label(name: str) -> str:
    """A readable label for a fact or key name: ``contract_value_total`` -> "Contract value total"."""
    if name in LABELS:
        return LABELS[name]
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def money(amount: float) -> str:
    if float(amount).is_integer():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def readable_date(text: str) -> str | None:
    """'2026-01-02T12:00' -> 'Friday 2 January 2026, 12:00'; None when not an ISO date."""
    m = _DATE.match(text)
    if not m or len(text) > 25:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    out = f"{day:%A} {day.day} {day:%B %Y}"
    if m[4]:
        out += f", {m[4]}:{m[5]}"
    return out


def timestamp(text: str | None) -> str | None:
    """An ISO timestamp in words, with its zone when UTC: '23 November 2025, 05:34 UTC'."""
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    zone = " UTC" if when.utcoffset() == dt.timedelta(0) else ""
    return f"{when.day} {when:%B %Y, %H:%M}{zone}"


def scalar(value: Any, key: str = "") -> str:
    """One value in words, using the key to choose £, %, units or a date."""
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if key in MONEY or key.endswith(("_value", "_cost", "_turnover")):
            return money(value)
        if key in PERCENT:
            pct = value * 100 if key in ("fraction", "coverage", "confidence") else value
            return f"{number(pct)}%"
        if key.endswith("_multiple") or key == "ratio":
            return f"{number(value)}×"
        unit = UNITS.get(key)
        return f"{number(value)} {unit}" if unit else number(value)
    text = str(value)
    words = VALUE_WORDS.get(key, {}).get(text)
    if words:
        return words
    return readable_date(text) or text


def show(value: Any, key: str = "", context: dict | None = None) -> Shown:
    """A fact's (or any report value's) value as a ``Shown`` tree.

    ``context`` carries sibling facts that change how a value reads (weightings_kind).
    """
    context = context or {}
    if key == "spec_start" and isinstance(value, dict):
        return Shown(text=spec_position(value))
    if key in ("weightings", "weightings_by_lot") and isinstance(value, dict):
        kind = context.get("weightings_kind") or "percent"
        return Shown(pairs=[(label(k), _weight(v, kind)) for k, v in value.items()])
    if isinstance(value, dict):
        inner = key if key in MONEY else ""
        return Shown(pairs=[(label(k), show(v, inner or str(k))) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        if not value:
            return Shown(text="none found")
        return Shown(
            items=[Shown(text=_record(v)) if isinstance(v, dict) else show(v) for v in value]
        )
    return Shown(text=scalar(value, key))


def spec_position(value: dict) -> str:
    parts = []
    if value.get("page") is not None:
        parts.append(f"page {value['page']}")
    if value.get("document"):
        parts.append(f"of {value['document']}")
    text = " ".join(parts) or "position unknown"
    if value.get("heading"):
        text += f" (heading “{value['heading']}”)"
    details = []
    if value.get("fraction") is not None:
        details.append(f"{number(value['fraction'] * 100)}% of the pack's pages come before it")
    if value.get("clauses_before"):
        details.append(f"{value['clauses_before']} clauses of terms come before it")
    return text + ("; " + "; ".join(details) if details else "")


def _weight(value: Any, kind: str) -> Shown:
    if isinstance(value, dict):
        return Shown(pairs=[(label(k), _weight(v, kind)) for k, v in value.items()])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Shown(text=f"{number(value)}%" if kind == "percent" else f"{number(value)} {kind}")
    return Shown(text=scalar(value))


def _record(record: dict) -> str:
    """One record of a list fact in a line: its main text, then its other keys in brackets."""
    main = next((k for k in MAIN_KEYS if record.get(k) not in (None, "")), None)
    head = ""
    if record.get("id") and main != "id":
        head = f"{record['id']}: "
    if main:
        head += str(record[main])
    rest = [
        f"{label(k).lower()}: {scalar(v, k)}"
        for k, v in record.items()
        if k not in (main, "id") and v is not None and not isinstance(v, (dict, list))
    ]
    if not head:
        return "; ".join(rest)
    return head + (f" ({'; '.join(rest)})" if rest else "")
