"""The organisation profile (TOML) a bidder gives with ``--as bidder --profile org.toml``.

Every key is checked: an unknown key, a wrong type, a negative number or an unknown insurance
type is a one-line :class:`~tendercheck.errors.InputError` naming the file and the key. A key
left out means "not stated": the checks that need it say so rather than guess.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tendercheck.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

INSURANCE_TYPES = (
    "public_liability",
    "employers_liability",
    "professional_indemnity",
    "product_liability",
    "motor",
    "contractors_all_risk",
    "cyber",
    "medical_malpractice",
)
REGIONS = ("ENG", "WLS", "SCT", "NIR")
REQUIRED = ("name", "turnover", "day_rate", "hours_available")
# key -> (kind, description used in messages)
KEYS: dict[str, str] = {
    "name": "text",
    "turnover": "number",
    "employees": "whole number",
    "years_trading": "number",
    "accounts_years": "whole number",
    "audited_accounts": "true or false",
    "charity": "true or false",
    "insurance": "table",
    "certifications": "list of names",
    "experience": "list of text",
    "day_rate": "number",
    "hours_available": "number",
    "margin": "number",
    "region": "text",
    "lots": "list of lot names",
    "policies": "list of policy kinds",
    "ratios": "table",
}
POLICY_KINDS = ("environmental", "safeguarding", "equality", "health_and_safety")
RATIOS = ("current_ratio", "quick_ratio")


@dataclass
class Profile:
    """What an organisation can show. ``None`` means the profile does not say."""

    name: str
    turnover: float
    day_rate: float
    hours_available: float
    employees: int | None = None
    years_trading: float | None = None
    accounts_years: int | None = None  # years of accounts it can show; default: years trading
    audited_accounts: bool | None = None
    charity: bool = False
    insurance: dict[str, float] | None = None  # None: not stated; {} or missing type: no cover
    certifications: list[str] | None = None
    experience: list[str] | None = None
    margin: float = 10.0  # expected margin, percent of the contract value
    region: str = "ENG"
    lots: list[str] | None = None  # the lots it means to bid for ("2a", "3"); None: not said
    policies: list[str] | None = None  # written policies held (POLICY_KINDS); None: not said
    ratios: dict[str, float] | None = None  # current_ratio, quick_ratio; None: not said
    path: str = ""

    @property
    def years_of_accounts(self) -> int | None:
        if self.accounts_years is not None:
            return self.accounts_years
        if self.years_trading is None:
            return None
        return math.floor(self.years_trading)


def load_profile(path: Path) -> Profile:
    """Read and validate an organisation profile; InputError with one clear line when wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the profile ({exc})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), f"not valid TOML: {exc}") from exc
    return parse_profile(data, str(path))


def _lot_name(value: str | int) -> str:
    """ "Lot 2a" or 2 or "2A" -> "2a" (as the clause model names lots); "" when not a lot."""
    text = str(value).strip().lower()
    text = text[3:].strip() if text.startswith("lot") else text
    return text if re.fullmatch(r"\d{1,2}[a-z]?|[a-z]", text) else ""


def parse_profile(data: dict[str, Any], where: str = "profile") -> Profile:
    from tendercheck.schema import check

    check(data, "profile", where)  # keys and types: tendercheck/data/profile.schema.json
    name = data["name"]
    if not isinstance(name, str) or not name.strip():
        raise InputError(where, "'name' must be the organisation's name (text)")
    profile = Profile(
        name=name.strip(),
        turnover=_number(data, "turnover", where),
        day_rate=_number(data, "day_rate", where),
        hours_available=_number(data, "hours_available", where),
        path=where,
    )
    for key in ("years_trading", "margin"):
        if key in data:
            setattr(profile, key, _number(data, key, where))
    if profile.margin > 100:
        raise InputError(where, "'margin' is a percentage of the contract value (0–100)")
    for key in ("employees", "accounts_years"):
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int):
                raise InputError(where, f"'{key}' must be a whole number, not {_shown(value)}")
            if value < 0:
                raise InputError(where, f"'{key}' must not be negative ({value})")
            setattr(profile, key, value)
    for key in ("audited_accounts", "charity"):
        if key in data:
            if not isinstance(data[key], bool):
                raise InputError(where, f"'{key}' must be true or false, not {_shown(data[key])}")
            setattr(profile, key, data[key])
    for key in ("certifications", "experience"):
        if key in data:
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(where, f"'{key}' must be a list of text, e.g. {key} = [\"…\"]")
            setattr(profile, key, [v.strip() for v in value if v.strip()])
    if "lots" in data:
        value = data["lots"]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise InputError(where, '\'lots\' must be a list of lot names, e.g. lots = ["2a", "3"]')
        names = [_lot_name(v) for v in value]
        if not all(names):
            raise InputError(where, f"'lots' holds a name that is not a lot: {_shown(value)}")
        profile.lots = list(dict.fromkeys(names))
    if "insurance" in data:
        profile.insurance = _insurance(data["insurance"], where)
    if "policies" in data:  # kinds checked by the schema
        profile.policies = list(dict.fromkeys(data["policies"]))
    if "ratios" in data:
        profile.ratios = {
            name: _number(data["ratios"], name, where, label=f"ratios.{name}")
            for name in data["ratios"]
        }
    if "region" in data:
        region = data["region"]
        if not isinstance(region, str) or region.strip().upper() not in REGIONS:
            raise InputError(
                where, f"'region' must be one of {', '.join(REGIONS)}, not {_shown(region)}"
            )
        profile.region = region.strip().upper()
    return profile


def _insurance(table: Any, where: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise InputError(where, "'insurance' must be a table: [insurance] public_liability = …")
    cover: dict[str, float] = {}
    for kind in table:
        if kind not in INSURANCE_TYPES:
            raise InputError(where, _unknown("insurance type", kind, INSURANCE_TYPES))
        cover[kind] = _number(table, kind, where, label=f"insurance.{kind}")
    return cover


def _number(data: dict, key: str, where: str, label: str | None = None) -> float:
    label = label or key
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(where, f"'{label}' must be a number, not {_shown(value)}")
    if math.isnan(value) or math.isinf(value):
        raise InputError(where, f"'{label}' must be a finite number")
    if value < 0:
        raise InputError(where, f"'{label}' must not be negative ({value:g})")
    return float(value)


def _unknown(what: str, key: str, known) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"
    return f"unknown {what} '{key}' ({hint})"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a table"
    return str(value)


EXAMPLE_PROFILE = """\
# tendercheck organisation profile: what your organisation can show a buyer.
# Use it with:  tendercheck TENDER-PACK --as bidder --profile org.toml
# Four lines are required: name, turnover, day_rate and hours_available. Leave any other line
# out if you don't know: tendercheck then says what it could not check.

# Required.
name = "Riverside Community Trust"

# Required: annual turnover (income) in pounds, from your latest accounts.
turnover = 120000
# Paid staff (head count).
employees = 4
# Years since you started trading or delivering services.
years_trading = 2
# Years of filed accounts you can show (default: whole years trading).
# accounts_years = 2
# Are your accounts audited? Many small charities and companies are not required to be.
audited_accounts = false
# A registered charity?
charity = true

# Required: your bid-writing cost, what a day of your time costs in pounds (7.5 hours a day).
day_rate = 250
# Required: hours you can put into this bid before the deadline.
hours_available = 60
# The margin you expect on a contract, in percent of its value (default 10).
# margin = 10

# Where you work, for bank holidays: ENG (England), WLS (Wales), SCT (Scotland), NIR.
region = "ENG"

# The lots you mean to bid for, in a tender split into lots (leave out to be told, for each
# lot-limited condition, which lots it binds).
# lots = ["2a", "3"]

# Certifications and quality marks you hold, e.g. "ISO 9001", "CHAS", "Cyber Essentials",
# "Trusted Charity". An empty list means none.
certifications = []

# Kinds of experience you can evidence with references, in your own words. tendercheck looks
# for "public sector", "local authority", "NHS", "central government", and "this authority"
# (a previous contract with the buyer).
experience = ["voluntary sector", "local authority grants", "community wellbeing"]

# Written policies you hold, checked against the policies a tender demands: "environmental",
# "safeguarding", "equality" (equality and diversity), "health_and_safety". An empty list
# means none. (The law asks for a written health and safety policy from five employees up.)
# policies = ["safeguarding", "equality"]

# Financial ratios from your latest accounts, checked when a tender states a minimum:
# current_ratio (current assets / current liabilities), quick_ratio (the same less stock).
# [ratios]
# current_ratio = 1.4

# Insurance you hold, by type, in pounds of cover. A type left out means no cover.
# Types: public_liability, employers_liability, professional_indemnity, product_liability,
# motor, contractors_all_risk, cyber, medical_malpractice.
[insurance]
public_liability = 1000000
"""
