"""What the text, Markdown and SARIF formatters share: finding order, location labels, plain data.

Kept free of any output syntax, so each formatter escapes for its own medium.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from tendercheck.engine import finding_waiver, waiver_hash
from tendercheck.engine.model import CATEGORIES, Result, RuleResult
from tendercheck.nlp.model import Evidence

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
LOW_COVERAGE = 0.5  # the engine's threshold for labelling a score as low-coverage
MAX_QUOTES = 3  # quotes shown under a finding or a bidder-view item


def failing(result: Result) -> list[RuleResult]:
    """Failed, non-waived findings: most severe first, then by rule ID."""
    return sorted(result.failed(), key=lambda r: (SEVERITY_RANK[r.severity], r.rule.id))


def waived(result: Result) -> list[RuleResult]:
    return sorted(
        (r for r in result.results if r.status == "fail" and r.waived), key=lambda r: r.rule.id
    )


def not_assessed(result: Result) -> list[RuleResult]:
    return [r for r in result.results if r.status == "not-assessed"]


def severity_counts(result: Result) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITY_RANK}
    for r in result.failed():
        counts[r.severity] += 1
    return counts


def fingerprint(rule_id: str, document: str, quote: str) -> str:
    """A finding's identity, stable across runs and page moves: the rule, the document's name
    and the quoted words (as a waiver matches them). SARIF's partialFingerprints and the
    re-check against a baseline (``--baseline``) both use it."""
    key = "\x1f".join((rule_id, document, waiver_hash(quote)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def finding_fingerprint(r: RuleResult, pack: Any) -> str:
    """The fingerprint of a finding: its first quote, or the first input for one with none."""
    if r.evidence:
        return fingerprint(r.rule.id, r.evidence[0].document, r.evidence[0].quote)
    return fingerprint(r.rule.id, first_input_name(pack), "")


def first_input_name(pack: Any) -> str:
    """The name of the first input the user gave (where a finding with no quote is placed)."""
    if pack.inputs:
        return Path(pack.inputs[0]["path"]).name
    return pack.documents[0].name if pack.documents else ""


def estimated_pages(analysis: Any) -> set[str]:
    """Names of the documents whose page numbers are estimates (DOCX without saved breaks)."""
    return {d.name for d in analysis.pack.documents if d.pages_estimated}


def page_label(ev: Evidence, estimated: set[str] | frozenset[str] = frozenset()) -> str:
    """'p.6', 'p.~6' for an estimated page, '' when the evidence is not from a page."""
    if ev.page <= 0:
        return ""
    return f"p.~{ev.page}" if ev.document in estimated else f"p.{ev.page}"


def where(ev: Evidence, estimated: set[str] | frozenset[str] = frozenset()) -> str:
    """Short location: 'Spec.docx p.6', or '--deadline (option)' for a supplied fact."""
    page = page_label(ev, estimated)
    if page:
        return f"{ev.document} {page}"
    return f"{ev.document} ({ev.section})" if ev.section else ev.document


def score_text(value: int | None) -> str:
    return "–" if value is None else str(value)


NOT_ASSESSED = "not assessed"
INFO_ONLY = "not scored (info rules only)"


def score_words(score: Any) -> str:
    """A score as shown: the number; 'not assessed' when no rule of it could be assessed (never
    a clean bill); 'not scored (info rules only)' when only info rules, which weigh nothing,
    were assessed."""
    if score.score is not None:
        return str(score.score)
    return INFO_ONLY if score.assessed else NOT_ASSESSED


def scored_categories(result: Result) -> list[str]:
    """The rule categories with a score (rules assessed), in catalogue order."""
    return [c for c in CATEGORIES if c in result.scores and result.scores[c].total]


def effort_line(result: Result) -> str | None:
    """'Estimated bid effort: 120 hours (£6,000)', or None when there is no estimate."""
    effort = result.effort
    if not effort or effort.get("hours") is None:
        return None
    cost = f" (£{effort['cost']:,.0f})" if isinstance(effort.get("cost"), (int, float)) else ""
    return f"Estimated bid effort: {effort['hours']} hours{cost}"


def unused_waiver_text(waiver: dict[str, Any]) -> str:
    """A waiver that matched nothing: 'SPEC-03 in Spec.docx (hash ab12…): reason'."""
    reason = f": {waiver['reason']}" if waiver.get("reason") else ""
    which = f"quote {waiver['quote']}" if "quote" in waiver else f"hash {waiver.get('hash', '?')}"
    return f"{waiver.get('rule', '?')} in {waiver.get('document', '?')} ({which}){reason}"


def waiver_keys(r: RuleResult) -> str:
    """The keys of a [[waivers]] table that waives a finding whole, as the reports print them:
    'rule = "SUPPLIER-06"  document = "spec.docx"  hash = "3f2a9c1b7d4e"'. (To waive one quote
    only, ``quote = `` the hash printed beside it, in place of ``hash``.)"""
    document, digest = finding_waiver(r)
    return f'rule = "{r.rule.id}"  document = "{toml_text(document)}"  hash = "{digest}"'


def toml_text(text: str) -> str:
    """Text as it goes between a TOML string's double quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def quote_hash(ev: Evidence) -> str:
    """The hash a waiver's ``quote`` names to waive this one quote of a finding."""
    return waiver_hash(ev.quote)


def waived_quote_text(r: RuleResult, q: dict[str, Any]) -> str:
    """A quote a waiver took out of a finding: 'SUPPLIER-06, spec.docx p.9 (quote ab12…): reason'."""
    page = f" p.{q['page']}" if q.get("page") else ""
    return f"{r.rule.id}, {q['document']}{page} (quote {q['hash']}): {q['reason']}"


def plain(value: Any) -> Any:
    """JSON-plain data from whatever the bidder view holds (dataclasses, dates, tuples, sets)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=repr)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "to_dict") and callable(value.to_dict):
        return plain(value.to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# The bidder view is built elsewhere (tendercheck.bidder) as a plain dict (DESIGN.md "bidder
# view"). These helpers read whatever keys exist, so a renderer never breaks on a shape it did
# not expect: known keys get words, unknown ones are shown as "key: value".
VERDICT_LABEL = {
    "bid": "Bid",
    "partner": "Bid with a partner",
    "no-bid": "Don't bid",
    "cant-tell": "Can't tell yet",
}
_MAIN_KEYS = ("requirement", "question", "flag", "risk", "reason", "text", "title", "name", "kind")
_PROSE_KEYS = ("detail", "note", "action")
_WHERE_KEYS = ("quote", "evidence", "quotes", "document", "page", "section")
_TRUE_PHRASES = {
    "partner_can_close": "a partner could meet it",
    "you_can_close": "you can meet it yourself",
}
_SECTIONS = (
    ("reasons", "Reasons"),
    ("find_out", "Find out first"),
    ("eligibility_gaps", "Eligibility gaps"),
    ("effort", "Effort"),
    ("time", "Time"),
    ("risks", "Risks"),
    ("clarification_questions", "Questions to ask the buyer"),
)


@dataclasses.dataclass
class BidderItem:
    """One entry of a bidder-view list: its line, longer notes, and the quotes behind it."""

    line: str
    notes: list[str] = dataclasses.field(default_factory=list)
    quotes: list[str] = dataclasses.field(default_factory=list)


def describe(item: Any) -> BidderItem:
    item = plain(item)
    if not isinstance(item, dict):
        return BidderItem(_scalar(item))
    main = next((k for k in _MAIN_KEYS if _present(item.get(k))), None)
    parts = []
    for key, value in item.items():
        if key == main or key in _PROSE_KEYS or key in _WHERE_KEYS or not _present(value):
            continue
        if key in _TRUE_PHRASES:
            if value is True:
                parts.append(_TRUE_PHRASES[key])
        elif key == "close_by":
            parts.append(f"by {_scalar(value)}")
        else:
            parts.append(f"{_words(key)}: {_scalar(value)}")
    head = _scalar(item[main]) if main else ""
    line = head + (" — " if head and parts else "") + "; ".join(parts)
    notes = [_scalar(item[k]) for k in _PROSE_KEYS if _present(item.get(k))]
    return BidderItem(line or "(no details)", notes, _quotes_of(item))


def _quotes_of(item: dict[str, Any]) -> list[str]:
    """Quotes with their place: a 'quote' beside 'document'/'page'/'section', or evidence."""
    quotes: list[str] = []
    if _present(item.get("quote")) and isinstance(item["quote"], str):
        quotes.append(_located(item, item["quote"]))
    elif _present(item.get("quote")):
        quotes.extend(_quotes(item["quote"]))
    elif _present(item.get("document")) and _present(item.get("page")):
        quotes.append(_located(item, ""))
    for key in ("evidence", "quotes"):
        quotes.extend(_quotes(item.get(key)))
    return quotes


def _located(where: dict[str, Any], quote: str) -> str:
    place = " ".join(
        p
        for p in (
            str(where.get("document") or ""),
            f"p.{where['page']}"
            if isinstance(where.get("page"), int) and where["page"] > 0
            else "",
            f"§ {where['section']}" if where.get("section") else "",
        )
        if p
    )
    if not quote:
        return place
    return f"{place}: “{quote}”" if place else f"“{quote}”"


def _quotes(value: Any) -> list[str]:
    if not _present(value):
        return []
    if isinstance(value, str):
        return [f"“{value}”"]
    if isinstance(value, list):
        return [q for v in value for q in _quotes(v)]
    if isinstance(value, dict) and _present(value.get("quote")):
        return [_located(value, str(value["quote"]))]
    return [_scalar(value)]


def _present(value: Any) -> bool:
    return value not in (None, "", [], {})


def _words(key: str) -> str:
    return str(key).replace("_", " ")


def days_away(days: Any) -> str:
    """'12 working days away', or for a day gone by 'passed 246 working days ago'."""
    if isinstance(days, (int, float)) and days < 0:
        return f"passed {_scalar(-days)} working days ago"
    return f"{_scalar(days)} working days away"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dict):
        return ", ".join(f"{_words(k)} {_scalar(v)}" for k, v in value.items() if _present(v))
    if isinstance(value, list):
        return ", ".join(_scalar(v) for v in value if _present(v))
    return str(value)


def bidder_verdict(bidder: dict[str, Any]) -> tuple[str, str]:
    """(the verdict in words, the organisation's name) — either may be ''."""
    bidder = plain(bidder) or {}
    verdict = bidder.get("verdict")
    label = VERDICT_LABEL.get(str(verdict), str(verdict)) if _present(verdict) else ""
    organisation = bidder.get("organisation")
    return label, str(organisation) if _present(organisation) else ""


def bidder_sections(bidder: dict[str, Any]) -> list[tuple[str, str | list[BidderItem]]]:
    """The bidder view after its verdict: (heading, one line or a list of items), keys present."""
    bidder = plain(bidder) or {}
    out: list[tuple[str, str | list[BidderItem]]] = []
    for key, heading in _SECTIONS:
        value = bidder.get(key)
        if not _present(value):
            continue
        if key == "effort" and isinstance(value, dict) and value.get("hours") is not None:
            out.append((heading, _effort_items(value)))
        elif key == "time" and isinstance(value, dict) and "working_days_left" in value:
            out.append((heading, _time_line(value)))
        elif isinstance(value, list):
            out.append((heading, [describe(v) for v in value if _present(v)]))
        else:
            out.append((heading, _scalar(value)))
    # said in the reasons, in words: shown there, not again as data
    known = {"verdict", "organisation", "turnover_reach", *(k for k, _ in _SECTIONS)}
    for key, value in bidder.items():
        if key not in known and _present(value):
            heading = _words(key).capitalize()
            if isinstance(value, list):
                out.append((heading, [describe(v) for v in value if _present(v)]))
            else:
                out.append((heading, _scalar(value)))
    return out


def _effort_items(effort: dict[str, Any]) -> list[BidderItem]:
    """The estimate, then each line of it with the rate behind it, then what it assumes."""
    items = [BidderItem(_effort_line(effort))]
    for part in effort.get("breakdown") or []:
        if isinstance(part, dict) and _present(part.get("item")):
            line = f"{_scalar(part['item'])}: {_scalar(part.get('hours'))} hour(s)"
            if _present(part.get("basis")):
                line += f" — {_scalar(part['basis'])}"
            items.append(BidderItem(line))
    items += [BidderItem(f"assumed: {_scalar(a)}") for a in effort.get("assumptions") or []]
    return items


def _effort_line(effort: dict[str, Any]) -> str:
    line = f"{_scalar(effort['hours'])} hours"
    if isinstance(effort.get("cost"), (int, float)):
        line += f" (£{effort['cost']:,.0f})"
    if _present(effort.get("hours_available")):
        line += f"; you have {_scalar(effort['hours_available'])} hours"
    if effort.get("complete") is False:
        line += "; a lower bound, so fit: " + (
            "over, even so" if effort.get("fit") == "over" else "not known"
        )
    elif _present(effort.get("fit")):
        line += f"; fit: {_scalar(effort['fit'])}"
    return line


def _time_line(time: dict[str, Any]) -> str:
    left = time.get("working_days_left")
    if left is None:
        parts = ["deadline not known"]
    elif isinstance(left, (int, float)) and left < 0:
        parts = [f"deadline passed {_scalar(-left)} working days ago"]
    else:
        parts = [f"{_scalar(left)} working days left"]
    if _present(time.get("deadline")):
        parts.append(f"deadline {_scalar(time['deadline'])}")
    if _present(time.get("fit")):
        parts.append(f"fit: {_scalar(time['fit'])}")
    if _present(time.get("clarification_deadline")):
        clarify = f"clarification deadline {_scalar(time['clarification_deadline'])}"
        if time.get("clarification_working_days_left") is not None:
            clarify += f" ({days_away(time['clarification_working_days_left'])})"
        parts.append(clarify)
    if _present(time.get("note")):
        parts.append(_scalar(time["note"]))
    return "; ".join(parts)


def config_lines(config: dict | None) -> list[str]:
    """Which configuration was used, when one was (or a pack's own was not)."""
    if not config:
        return []
    lines = []
    if config.get("path"):
        lines.append(f"configuration: {config['path']} ({config['source']})")
    if config.get("pack_config_ignored"):
        lines.append(
            f"configuration: {config['pack_config_ignored']} is inside the pack and was not used "
            "(--trust-pack-config to use it)"
        )
    return lines
