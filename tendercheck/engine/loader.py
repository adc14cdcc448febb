"""Load and validate rule packs: YAML files shipped in the wheel, plus user folders.

A pack is a YAML mapping ``{pack: name, rules: [...]}``. Validation errors name the file, the
rule and the field, and stop the run (exit 2): a half-loaded catalogue is worse than none.
"""

from __future__ import annotations

import copy
import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tendercheck import lazyre
from tendercheck.engine.context import validate_test
from tendercheck.engine.model import CATEGORIES, SEVERITIES, Rule
from tendercheck.engine.options import with_defaults
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
OPTIONAL = (
    "params",
    "applies_when",
    "not_assessed_when",
    "pass_message",
    "test",
    "figure",
    "help_url",
)
ID_RE = lazyre.compile(r"^[A-Z][A-Z0-9]*-\d{2,3}$")


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


@functools.lru_cache(maxsize=1)
def _builtin_rules() -> tuple[tuple[str, Rule], ...]:
    """(file, rule) of every shipped pack: parsed and checked once per process, with the C
    YAML loader (the packs are part of tendercheck, so trusted; see load_yaml for user packs)."""
    from tendercheck.engine.checks import CHECK_KINDS

    return tuple(
        (path, rule)
        for path, text in builtin_pack_files()
        for rule in parse_pack(path, text, CHECK_KINDS, trusted=True)
    )


def load_rules(extra_folders: list[Path] | tuple[Path, ...] = ()) -> list[Rule]:
    from tendercheck.engine.checks import CHECK_KINDS

    rules: list[Rule] = []
    seen: dict[str, str] = {}

    def add(path: str, rule: Rule) -> None:
        if rule.id in seen:
            raise RulePackError(path, rule.id, "id", f"duplicate rule ID (also in {seen[rule.id]})")
        seen[rule.id] = path
        rules.append(rule)

    # Fresh copies of the shipped rules, so a caller that changes one changes only its own.
    for path, rule in _builtin_rules():
        add(path, copy.deepcopy(rule))
    for folder in extra_folders:
        for path, text in user_pack_files(Path(folder)):
            for rule in parse_pack(path, text, CHECK_KINDS):
                add(path, rule)
    rules.sort(
        key=lambda r: (
            CATEGORIES.index(r.category) if r.category in CATEGORIES else 99,
            r.id.split("-")[0],
            r.number,
        )
    )
    return rules


class _TooManyNodes(ValueError):
    """A YAML text that expands past the node limit through aliases (or an alias loop)."""


@functools.cache
def _bounded_loader() -> type:
    """A safe loader that counts every node as often as aliases repeat it, and stops past the
    limit: a "billion laughs" pack of nested aliases is refused, not expanded later (by str(),
    the report or the cache). An alias to a node still being read (a loop) is refused too.
    Made on first use: PyYAML is imported only when a user's YAML is read."""
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        max_nodes = 0

        def __init__(self, stream):
            super().__init__(stream)
            self._sizes: dict[int, int] = {}

        def compose_node(self, parent, index):
            alias = self.check_event(yaml.AliasEvent)
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:
                if alias:
                    raise _TooManyNodes("an alias refers to the node that holds it (a loop)")
                if isinstance(node, yaml.SequenceNode):
                    size = 1 + sum(self._sizes[id(child)] for child in node.value)
                elif isinstance(node, yaml.MappingNode):
                    size = 1 + sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
                else:
                    size = 1
                self._sizes[id(node)] = size
            if size > self.max_nodes:
                raise _TooManyNodes(
                    f"expands to more than {self.max_nodes} YAML nodes through aliases; refused"
                )
            return node

    return BoundedLoader


def load_yaml(text: str) -> Any:
    """yaml.safe_load, bounded by the reading limits (see _bounded_loader)."""
    from tendercheck.documents.limits import DEFAULT_LIMITS

    loader = _bounded_loader()(text)
    loader.max_nodes = DEFAULT_LIMITS.max_yaml_nodes
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# A repeat of something that holds a repeat, with nothing fixed between them ((a+)+, (a*)*,
# (\w+\s?)*) can take exponential time on a line that nearly matches: refused in rule packs.
def nested_repeat(pattern: str) -> bool:
    try:
        from re import _constants as sc
        from re import _parser as sp
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as sc  # type: ignore[no-redef]
        import sre_parse as sp  # type: ignore[no-redef]
    repeats = {sc.MAX_REPEAT, sc.MIN_REPEAT, getattr(sc, "POSSESSIVE_REPEAT", sc.MAX_REPEAT)}
    fixed_ops = {sc.LITERAL, sc.NOT_LITERAL, sc.IN, sc.ANY, sc.CATEGORY}

    def children(op, av) -> list:
        if op in repeats:
            return [av[2]]
        if op == sc.SUBPATTERN:
            return [av[-1]]
        if op == sc.BRANCH:
            return list(av[1])
        if op in (sc.ASSERT, sc.ASSERT_NOT):
            return [av[1]]
        return []

    def repeats_in(items) -> bool:
        return any(
            (op in repeats and (av[1] == sc.MAXREPEAT or av[1] > 1))
            or any(repeats_in(sub) for sub in children(op, av))
            for op, av in items
        )

    def fixed(items) -> bool:
        return any(
            op in fixed_ops
            or (op == sc.SUBPATTERN and fixed(av[-1]))
            or (op == sc.BRANCH and all(fixed(b) for b in av[1]))
            for op, av in items
        )

    def nested(items) -> bool:
        for op, av in items:
            if op in repeats and av[1] == sc.MAXREPEAT and repeats_in(av[2]) and not fixed(av[2]):
                return True
            if any(nested(sub) for sub in children(op, av)):
                return True
        return False

    try:
        return nested(sp.parse(pattern))
    except Exception:  # not a valid expression: the check kind reports that itself
        return False


def _patterns(params: Any, key: str = ""):
    """(key, text) of every regular expression in a rule's params: keys ending in pattern(s)
    or unless."""
    if isinstance(params, dict):
        inside = key.endswith(("pattern", "patterns", "unless"))  # {fact: [patterns]}
        for k, v in params.items():
            yield from _patterns(v, key if inside else str(k))
    elif isinstance(params, list):
        for v in params:
            yield from _patterns(v, key)
    elif isinstance(params, str) and key.endswith(("pattern", "patterns", "unless")):
        yield key, params


def parse_pack(
    path: str, text: str, check_kinds: dict[str, Any], trusted: bool = False
) -> list[Rule]:
    """The rules of one pack. ``trusted`` (the packs shipped in tendercheck only) reads the YAML
    with the C loader; any other pack goes through the bounded loader."""
    from tendercheck.data import trusted_yaml

    try:
        data = trusted_yaml(text) if trusted else load_yaml(text)
    except _TooManyNodes as exc:
        raise RulePackError(path, None, None, str(exc)) from exc
    except Exception as exc:
        import yaml  # loaded by now if the text was parsed as YAML

        if not isinstance(exc, yaml.YAMLError):
            raise
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise RulePackError(path, None, None, f"not valid YAML{line}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulePackError(path, None, "rules", "a pack is a mapping with a 'rules' list")
    if not trusted:  # the shipped packs are checked against the schema by the test suite
        _check_schema(path, data)
    return [
        _parse_rule(path, i, entry, check_kinds, trusted) for i, entry in enumerate(data["rules"])
    ]


def _check_schema(path: str, data: dict) -> None:
    """The pack against ``tendercheck/data/rulepack.schema.json``: the first problem as
    "rule ID, field 'key': reason"."""
    from tendercheck.schema import problem

    found = problem(data, "rulepack")
    if found is None:
        return
    match = re.match(r"rules\[(\d+)\]\.?(.*)", found.key)
    if match is None:
        raise RulePackError(path, None, found.key or None, found.reason)
    entry = data["rules"][int(match.group(1))]
    rid = entry.get("id") if isinstance(entry, dict) else None
    label = rid if isinstance(rid, str) and rid else f"#{int(match.group(1)) + 1}"
    field = match.group(2)
    reason = found.reason.removeprefix(f"'{found.key}' ").replace(f"'{found.key}'", f"'{field}'")
    raise RulePackError(path, label, field or None, reason)


def _parse_rule(
    path: str, index: int, entry: Any, check_kinds: dict[str, Any], trusted: bool = False
) -> Rule:
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
        from tendercheck.schema import suggest

        raise RulePackError(
            path, rid, "check", f"unknown check kind {kind!r} ({suggest(str(kind), check_kinds)})"
        )
    params = entry.get("params") or {}
    if not isinstance(params, dict):
        raise RulePackError(path, rid, "params", "must be a mapping")
    problem = check_kinds[kind].validate(params, trusted)
    if problem:
        raise RulePackError(path, rid, f"params.{problem[0]}", problem[1])
    params = with_defaults(kind, params)  # tendercheck/data/options.yaml
    # the shipped packs' patterns are checked by the test suite (as their schema and compiling
    # are): parsing ~160 patterns again at every start-up was most of loading them
    for key, pattern in () if trusted else _patterns(params):
        if nested_repeat(pattern):
            raise RulePackError(
                path,
                rid,
                f"params.{key}",
                f"regular expression {pattern!r} repeats a repeat with nothing fixed between "
                "them, which can take exponential time; rewrite it",
            )
    for key in ("applies_when", "not_assessed_when"):
        if entry.get(key) is not None:
            problem = validate_test(entry[key], key)
            if problem:
                raise RulePackError(path, rid, problem[0], problem[1])
    help_url = str(entry.get("help_url", ""))
    if help_url:
        link = urlsplit(help_url.strip())
        if link.scheme.lower() != "https" or not link.netloc:
            raise RulePackError(
                path, rid, "help_url", f"must be an https:// link, not {help_url!r}"
            )
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
                and (set(item) - {"text", "facts", "name", "supplied"} or "text" not in item)
            ):
                raise RulePackError(
                    path,
                    rid,
                    f"examples.{key}",
                    "an example is text, or {text, facts, supplied, name}",
                )
            if (
                isinstance(item, dict)
                and "supplied" in item
                and (not isinstance(item["supplied"], str) or not item.get("facts"))
            ):
                raise RulePackError(
                    path,
                    rid,
                    f"examples.{key}",
                    "'supplied' is text saying why only tender.toml (or the notice, or the "
                    "profile) can give the example's facts",
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
        not_assessed_when=entry.get("not_assessed_when"),
        pass_message=str(entry.get("pass_message", "")),
        test=str(entry.get("test", "")).strip(),
        figure=str(entry.get("figure", "")).strip(),
        help_url=help_url,
    )
