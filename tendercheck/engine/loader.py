"""Load and validate rule packs: YAML files shipped in the wheel, plus user folders.

A pack is a YAML mapping ``{pack: name, rules: [...]}``. Validation errors name the file, the
rule and the field, and stop the run (exit 2): a half-loaded catalogue is worse than none.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tendercheck.engine.model import CATEGORIES, SEVERITIES, Rule
from tendercheck.errors import InputError

REQUIRED = (
    "id",
    "title",
    "category",
    "severity",
    "check",
    "message",
    "why",
    "fix",
    "source",
    "examples",
)
OPTIONAL = ("params", "applies_when", "pass_message", "test", "figure", "help_url")
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*-\d{2,3}$")


class RulePackError(InputError):
    """A rule pack that cannot be used; the message names file, rule and field."""

    def __init__(self, path: str, rule: str | None, field: str | None, problem: str):
        where = ", ".join(
            x for x in (f"rule {rule}" if rule else "", f"field {field!r}" if field else "") if x
        )
        super().__init__(path, f"{where}: {problem}" if where else problem)


def builtin_pack_files() -> list[tuple[str, str]]:
    """(name, text) of every pack shipped with tendercheck, in name order."""
    root = resources.files("tendercheck.rulepacks")
    files = sorted(
        (p for p in root.iterdir() if p.name.endswith((".yaml", ".yml"))), key=lambda p: p.name
    )
    return [(f"rules/{p.name}", p.read_text(encoding="utf-8")) for p in files]


def user_pack_files(folder: Path) -> list[tuple[str, str]]:
    if not folder.is_dir():
        raise RulePackError(str(folder), None, None, "rule folder not found")
    files = sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml")))
    return [(str(p), p.read_text(encoding="utf-8")) for p in files]


def load_rules(extra_folders: list[Path] | tuple[Path, ...] = ()) -> list[Rule]:
    from tendercheck.engine.checks import CHECK_KINDS

    sources = builtin_pack_files()
    for folder in extra_folders:
        sources.extend(user_pack_files(Path(folder)))
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, text in sources:
        for rule in parse_pack(path, text, CHECK_KINDS):
            if rule.id in seen:
                raise RulePackError(
                    path, rule.id, "id", f"duplicate rule ID (also in {seen[rule.id]})"
                )
            seen[rule.id] = path
            rules.append(rule)
    rules.sort(
        key=lambda r: (
            CATEGORIES.index(r.category) if r.category in CATEGORIES else 99,
            r.id.split("-")[0],
            r.number,
        )
    )
    return rules


def parse_pack(path: str, text: str, check_kinds: dict[str, Any]) -> list[Rule]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise RulePackError(path, None, None, f"not valid YAML{line}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulePackError(path, None, "rules", "a pack is a mapping with a 'rules' list")
    unknown = set(data) - {"pack", "description", "rules"}
    if unknown:
        raise RulePackError(path, None, sorted(unknown)[0], "unknown key at pack level")
    return [_parse_rule(path, i, entry, check_kinds) for i, entry in enumerate(data["rules"])]


def _parse_rule(path: str, index: int, entry: Any, check_kinds: dict[str, Any]) -> Rule:
    label = f"#{index + 1}"
    if not isinstance(entry, dict):
        raise RulePackError(path, label, None, "each rule is a mapping")
    rid = entry.get("id")
    if isinstance(rid, str):
        label = rid
    for key in entry:
        if key not in REQUIRED and key not in OPTIONAL:
            raise RulePackError(path, label, key, "unknown field")
    for key in REQUIRED:
        if key not in entry or entry[key] in (None, "", [], {}):
            raise RulePackError(path, label, key, "missing required field")
    if not isinstance(rid, str) or not ID_RE.match(rid):
        raise RulePackError(path, label, "id", "IDs look like CATEGORY-NN, e.g. TIME-01")
    category = entry["category"]
    if category not in CATEGORIES and not rid.startswith(f"{category}-"):
        raise RulePackError(path, rid, "category", f"unknown category {category!r}")
    if not rid.startswith(f"{category}-"):
        raise RulePackError(path, rid, "category", f"ID {rid} does not match category {category}")
    if entry["severity"] not in SEVERITIES:
        raise RulePackError(path, rid, "severity", f"must be one of {', '.join(SEVERITIES)}")
    kind = entry["check"]
    if kind not in check_kinds:
        raise RulePackError(path, rid, "check", f"unknown check kind {kind!r}")
    params = entry.get("params") or {}
    if not isinstance(params, dict):
        raise RulePackError(path, rid, "params", "must be a mapping")
    problem = check_kinds[kind].validate(params)
    if problem:
        raise RulePackError(path, rid, f"params.{problem[0]}", problem[1])
    examples = entry["examples"]
    if not isinstance(examples, dict) or set(examples) - {"fail", "pass"}:
        raise RulePackError(path, rid, "examples", "a mapping with 'fail' and 'pass' lists")
    for key in ("fail", "pass"):
        items = examples.get(key)
        if not isinstance(items, list) or not items:
            raise RulePackError(path, rid, f"examples.{key}", "at least one example is required")
        for item in items:
            if not isinstance(item, (str, dict)) or (
                isinstance(item, dict)
                and (set(item) - {"text", "facts", "name"} or "text" not in item)
            ):
                raise RulePackError(
                    path, rid, f"examples.{key}", "an example is text, or {text, facts, name}"
                )
    return Rule(
        id=rid,
        title=str(entry["title"]),
        category=category,
        severity=entry["severity"],
        check=kind,
        params=params,
        message=str(entry["message"]).strip(),
        why=str(entry["why"]).strip(),
        fix=str(entry["fix"]).strip(),
        source=str(entry["source"]).strip(),
        examples=examples,
        pack=path,
        applies_when=entry.get("applies_when"),
        pass_message=str(entry.get("pass_message", "")),
        test=str(entry.get("test", "")).strip(),
        figure=str(entry.get("figure", "")).strip(),
        help_url=str(entry.get("help_url", "")),
    )
