"""Facts the user supplies: CLI options, a tender.toml sidecar, an OCDS notice.

They win over the documents (see ``tendercheck.nlp.SOURCE_PRIORITY``) and record where they came
from, so the report can say "from --value" or "from the notice".
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tendercheck.errors import InputError
from tendercheck.nlp.dates import months_between, months_in, normalise_region, parse_when
from tendercheck.nlp.model import Evidence, Fact
from tendercheck.nlp.money import find_money

# Option / sidecar key -> fact name.
OPTION_FACTS = {
    "value": "contract_value_total",
    "annual_value": "contract_value_annual",
    "duration_months": "contract_duration_months",
    "issued": "issue_date",
    "deadline": "submission_deadline",
    "authority": "authority_type",
    "contract_type": "contract_type",
    "region": "region",
}

# What each tender.toml key may hold, its fact name and how its value is read are in
# tendercheck/data/tender.schema.json (documented in docs/tender-toml.md).

DATE_FACTS = {"issue_date", "submission_deadline", "clarification_deadline", "contract_start",
              "award_date"}  # fmt: skip
MONEY_FACTS = {"contract_value_total", "contract_value_annual", "min_turnover", "document_fees"}
INT_FACTS = {"contract_duration_months", "contract_extension_months", "contract_max_duration_months",
             "lots", "payment_terms_days", "tender_period_days", "tender_period_working_days",
             "holiday_working_days_lost", "question_count", "total_word_limit",
             "social_value_question_count"}  # fmt: skip
CHOICES = {
    "authority_type": {"central", "other"},
    "contract_type": {"services", "goods", "works", "light-touch"},
    "regime": {"PA23", "PCR15"},
    "contract_value_vat": {"ex", "inc"},
}
SIDECAR_NAME = "tender.toml"


def supplied_facts(options: dict, inputs: list[Path], notice: Path | None) -> list[Fact]:
    """The facts given outside the documents, each with its source.

    ``options`` holds the CLI options (None or missing = not given):
      value (total contract value, pounds: 120000, "£1.2m", "250k"),
      annual_value (pounds a year), duration_months (initial term), issued (issue date),
      deadline (submission deadline, "2026-01-30" or "2026-01-30T15:00"),
      authority ("central" | "other"), contract_type ("services" | "goods" | "works" |
      "light-touch"), region ("ENG" | "SCT" | "NIR", for working days).
    ``inputs`` are the paths being checked: a ``tender.toml`` inside the first input (a folder)
    or beside it is read as a sidecar, with the same keys or any fact name.
    ``notice`` is an OCDS release, release package or record package (Contracts Finder, Find a
    Tender). A bad value, an unknown sidecar key or a bad notice raises InputError naming the file.
    """
    facts: list[Fact] = []
    for key, val in (options or {}).items():
        if val is None or key not in OPTION_FACTS:
            continue
        name = OPTION_FACTS[key]
        where = f"--{key.replace('_', '-')}"
        facts.append(_fact(name, val, "option", where, f"{where} {val}", where))
    sidecar = find_sidecar(inputs)
    if sidecar is not None:
        facts.extend(sidecar_facts(sidecar))
    if notice is not None:
        facts.extend(notice_facts(Path(notice)))
    return facts


def find_sidecar(inputs: list[Path]) -> Path | None:
    if not inputs:
        return None
    first = Path(inputs[0])
    for candidate in (first / SIDECAR_NAME, first.parent / SIDECAR_NAME):
        if candidate.is_file():
            return candidate
    return None


def _toml_loads(text: str):
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(text)


def sidecar_keys() -> dict[str, str]:
    """tender.toml key -> the fact it sets (tendercheck/data/tender.schema.json)."""
    from tendercheck.schema import schema

    props = schema("tender")["properties"]
    return {key: spec.get("x-fact", key) for key, spec in props.items()}


def sidecar_facts(path: Path) -> list[Fact]:
    """The facts a tender.toml sets; every key and type is checked against the schema."""
    from tendercheck.schema import problem

    try:
        data = _toml_loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the sidecar: {exc}") from exc
    except Exception as exc:  # tomllib.TOMLDecodeError
        raise InputError(str(path), f"not valid TOML: {exc}") from exc
    data = {key: _iso(value) for key, value in data.items()}
    found = problem(data, "tender")
    if found is not None:
        raise InputError(str(path), found.line())
    keys = sidecar_keys()
    return [
        _fact(keys[key], val, "sidecar", str(path), f"{key} = {val!r}", str(path), key)
        for key, val in data.items()
    ]


def _iso(value: Any) -> Any:
    """A TOML date or date-time (deadline = 2026-02-06) as the text the date reader takes."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def _fact(
    name: str, raw: Any, source: str, document: str, quote: str, where: str, key: str = ""
) -> Fact:
    value = _convert(name, raw, where, key)
    evidence = [Evidence(document=document, page=0, section=source, quote=quote)]
    return Fact(name, value, source=source, evidence=evidence, confidence=1.0)


def _convert(name: str, raw: Any, where: str, key: str = "") -> Any:
    def bad(why: str) -> InputError:
        return InputError(where, f"{key or name}: {why} (got {raw!r})")

    if name in DATE_FACTS:
        value = parse_when(raw)
        if value is None:
            raise bad("not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM")
        return value
    if name in MONEY_FACTS:
        if isinstance(raw, bool):
            raise bad("not an amount")
        if isinstance(raw, (int, float)):
            amount = float(raw)
        else:
            text = str(raw).strip()
            amounts = [m for m in find_money(text if "£" in text or "GBP" in text else "£" + text)
                       if m.value is not None]  # fmt: skip
            if len(amounts) != 1:
                raise bad("not an amount in pounds")
            amount = amounts[0].value
        if not math.isfinite(amount):
            raise bad("not an amount in pounds")
        if amount < 0 or (amount == 0 and name != "min_turnover"):
            raise bad("must be more than zero" if amount == 0 else "must not be negative")
        return amount
    if name in INT_FACTS:
        try:
            number = float(raw) if not isinstance(raw, bool) else math.nan
        except (TypeError, ValueError, OverflowError):
            raise bad("not a number") from None
        if not math.isfinite(number):
            raise bad("not a number")
        if number < 0:
            raise bad("must not be negative")
        return int(number) if number == int(number) else number
    if name == "region":
        try:
            return normalise_region(str(raw))
        except ValueError:
            raise bad("use ENG, SCT or NIR") from None
    if name in CHOICES:
        text = str(raw).strip()
        if name == "contract_type":
            text = (
                text.lower()
                .replace("light touch", "light-touch")
                .replace("lighttouch", "light-touch")
            )
        if name == "authority_type":
            text = text.lower()
        if text not in CHOICES[name]:
            raise bad("use one of " + ", ".join(sorted(CHOICES[name])))
        return text
    if name in ("above_threshold", "sme_suitable", "vcse_suitable"):
        if not isinstance(raw, bool):
            raise bad("use true or false")
        return raw
    if name == "lot_values_annual":
        return [_convert("contract_value_annual", v, where, key) for v in raw]
    if name in ("kpis", "requirement_statements", "experience_demands"):
        return [{"quote": item["text"], "kind": item["kind"]} for item in raw]
    if name == "bonds_guarantees":
        return sorted(set(raw))  # as the extractor gives them: each kind once
    if name == "presentations":
        return _presentations(raw)
    if name in ("certifications", "brands_named"):
        return _named_items(raw, name == "certifications")
    if name == "policies_demanded":
        return _policies(raw)
    if name == "questions":
        return [_question(item, number) for number, item in enumerate(raw, 1)]
    if not _all_finite(raw):
        raise bad("holds a number that is not finite (nan or inf)")
    return raw


def _question(item: dict, number: int) -> dict:
    """A supplied question in the shape the questionnaire extractor gives."""
    from tendercheck.nlp.extractors.questions import question_topic

    qid = item.get("id") or f"Q{number}"
    scored = item.get("scored", True)
    return {
        "id": qid,
        "text": item["text"],
        "word_limit": item.get("word_limit"),
        "page_limit": item.get("page_limit"),
        "weighting": item.get("weighting"),
        "scored": scored,
        "topic": item.get("topic") or question_topic(item["text"], qid=qid, scored=scored),
        "lot": item.get("lot"),
        "answer": item.get("answer", "written"),
    }


def _presentations(raw: bool | list) -> list[dict]:
    """Supplied presentations in the extractor's shape, a list of {kind, mandatory}: true is one
    mandatory presentation, false none; a table's ``mandatory`` defaults to true."""
    if isinstance(raw, bool):
        return [{"kind": "presentation", "mandatory": True}] if raw else []
    return [{"kind": item["kind"], "mandatory": item.get("mandatory", True)} for item in raw]


def _named_items(raw: list, required: bool) -> list[dict]:
    """Supplied certifications or brands in the extractor's shape, a list of {name,
    equivalent_accepted} (a certification also says whether it is required, and may name its
    lots): a name alone is demanded with no equivalent accepted."""
    out: dict[str, dict] = {}
    for item in raw:
        item = {"name": item} if isinstance(item, str) else item
        entry = {
            "name": item["name"],
            "equivalent_accepted": item.get("equivalent_accepted", False),
        }
        if required:
            entry["required"] = item.get("required", True)
            if item.get("lots"):
                entry["lots"] = list(item["lots"])
        out.setdefault(entry["name"], entry)  # each name once, as the extractor gives them
    return list(out.values())


def _policies(raw: list) -> list[dict]:
    """Supplied policy demands in the extractor's shape, a list of {kind, force} (with
    ``employees_from``, a demand only of organisations that large: force conditional)."""
    out: dict[str, dict] = {}
    for item in raw:
        item = {"kind": item} if isinstance(item, str) else item
        entry = {"kind": item["kind"], "force": "must"}
        if item.get("employees_from"):
            entry.update(force="conditional", employees_from=item["employees_from"])
        out.setdefault(entry["kind"], entry)
    return list(out.values())


def _all_finite(raw: Any) -> bool:
    """No NaN or infinity anywhere in a value (TOML and JSON both allow them)."""
    if isinstance(raw, float):
        return math.isfinite(raw)
    if isinstance(raw, dict):
        return all(_all_finite(v) for v in raw.values())
    if isinstance(raw, (list, tuple)):
        return all(_all_finite(v) for v in raw)
    return True


# --- OCDS notices --------------------------------------------------------------------------------


def notice_facts(path: Path) -> list[Fact]:
    """Facts from an OCDS release, release package or record package."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"), parse_constant=_not_json)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the notice: {exc}") from exc
    except (UnicodeDecodeError, ValueError) as exc:  # also NaN, and numbers of 5,000 digits
        raise InputError(str(path), f"not valid JSON: {exc}") from exc
    releases = _releases(data)
    if not releases:
        raise InputError(str(path), "not an OCDS release, release package or record package")
    found: dict[str, Fact] = {}
    for release in sorted(releases, key=lambda r: str(r.get("date") or "")):
        for fact in _release_facts(release, path):
            found[fact.name] = fact  # the latest release wins
    return list(found.values())


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON number")


def _releases(data: Any) -> list[dict]:
    from tendercheck.documents.notice import releases

    return releases(data)


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _ocds_when(value: Any) -> str | None:
    """An OCDS date-time as UK local "YYYY-MM-DDTHH:MM" (date only at midnight)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_when(value[:10])
    if when.tzinfo is not None:
        try:
            from zoneinfo import ZoneInfo

            when = when.astimezone(ZoneInfo("Europe/London"))
        except Exception:  # no tz database: keep the stated offset
            pass
    if when.time() in (dt.time(0, 0), dt.time(23, 59, 59)):
        return when.date().isoformat()
    return when.strftime("%Y-%m-%dT%H:%M")


def _months_between(start: str | None, end: str | None) -> float | None:
    try:
        a = dt.date.fromisoformat(str(start)[:10])
        b = dt.date.fromisoformat(str(end)[:10])
    except (TypeError, ValueError):
        return None
    if b < a:
        return None
    return months_between(a, b)


def _release_facts(release: dict, path: Path) -> Iterable[Fact]:
    tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
    ocid = release.get("ocid", "")

    def fact(name: str, value: Any, field: str, note: str = "") -> Fact:
        quote = f"{field} = {value!r}" + (f" ({ocid})" if ocid else "")
        evidence = [Evidence(document=str(path), page=0, section="OCDS notice", quote=quote)]
        return Fact(name, value, source="notice", evidence=evidence, confidence=0.95, note=note)

    amount = _get(tender, "value", "amount")
    currency = _get(tender, "value", "currency")
    if (
        isinstance(amount, (int, float))
        and not isinstance(amount, bool)
        and 1 < amount < math.inf
        and currency in (None, "GBP")
    ):
        yield fact("contract_value_total", float(amount), "tender.value.amount")
    # The issue date is a day: the time a notice went online is not a tender time.
    start = _ocds_when(_get(tender, "tenderPeriod", "startDate"))
    if start:
        yield fact("issue_date", start[:10], "tender.tenderPeriod.startDate")
    else:
        published = _ocds_when(tender.get("datePublished"))
        if published:
            yield fact("issue_date", published[:10], "tender.datePublished")
        elif "tender" in (release.get("tag") or []) and _ocds_when(release.get("date")):
            yield fact("issue_date", _ocds_when(release.get("date"))[:10], "release.date",
                       note="the notice's publication date")  # fmt: skip
    end = _ocds_when(_get(tender, "tenderPeriod", "endDate"))
    if end:
        yield fact("submission_deadline", end, "tender.tenderPeriod.endDate")
    period = tender.get("contractPeriod")
    lots = tender.get("lots") if isinstance(tender.get("lots"), list) else []
    if (
        not isinstance(period, dict)
        and len(lots) == 1
        and isinstance(lots[0].get("contractPeriod"), dict)
    ):
        period = lots[0]["contractPeriod"]
    if isinstance(period, dict):
        cstart = _ocds_when(period.get("startDate"))
        if cstart:
            yield fact("contract_start", cstart[:10], "tender.contractPeriod.startDate")
        months = _months_between(period.get("startDate"), period.get("endDate"))
        days = period.get("durationInDays")
        if months is None and isinstance(days, (int, float)) and 0 < days < math.inf:
            months = months_in(days)
        if months:
            yield fact("contract_duration_months", months, "tender.contractPeriod")
    suitability = tender.get("suitability")
    if isinstance(suitability, dict):
        for key in ("sme", "vcse"):
            if isinstance(suitability.get(key), bool):
                yield fact(f"{key}_suitable", suitability[key], f"tender.suitability.{key}")
    if lots:
        yield fact("lots", len(lots), "tender.lots")
    category = tender.get("mainProcurementCategory")
    if category in ("services", "goods", "works"):
        yield fact("contract_type", category, "tender.mainProcurementCategory")
    buyer = _get(release, "buyer", "name")
    if isinstance(buyer, str) and buyer.strip():
        yield fact("buyer_name", buyer.strip(), "buyer.name")
        from tendercheck.nlp.extractors.authority_and_regime import classify_authority_name

        kind = classify_authority_name(buyer)
        if kind:
            yield fact("authority_type", kind, "buyer.name",
                       note=f"from the buyer's name: {buyer.strip()}")  # fmt: skip
