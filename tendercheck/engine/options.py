"""Typed options, declared once: ``tendercheck/data/options.yaml`` gives each check kind's and
each named check's options with a type and, where it has one, a default.

The loader checks a rule's own values against the declarations (an unknown option, a missing
required one or a wrong type stops the load, naming the file, the rule and the option) and fills
in the defaults, so a check reads ``options["max_ratio"]`` and never hides a default of its own.
``[thresholds.RULE-ID]`` in configuration may set any declared option, checked the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from tendercheck import lazyre
from tendercheck.schema import shown

__all__ = [
    "check_values",
    "declared",
    "describe_type",
    "option_problem",
    "rule_declarations",
    "rule_values",
    "with_defaults",
]

FACT_NAME = lazyre.compile(r"^[a-z][a-z0-9_]*$")
TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "text": "text",
    "date": "a date, YYYY-MM-DD",
    "fact": "a fact name",
    "pattern": "a regular expression",
    "patterns": "a list of regular expressions",
    "words": "a list of text",
    "table": "a table",
    "levels": "a list of tables {severity, ...}",
    "problems": "a list of tables {when: a fact test, says: text}",
    "fact_test": "a fact test {fact, op, value}",
    "fact_patterns": "a table {fact name: a list of regular expressions}",
    "texts": "a table {name: a list of tables {when: a fact test, says: text}}",
    "sources": "a list of tables {fact, where, skip, patterns} or {patterns}",
}


@functools.cache
def _declarations() -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    from tendercheck.data import data_yaml

    data = data_yaml("options.yaml")
    return {
        "kinds": {k: dict(v or {}) for k, v in data["kinds"].items()},
        "named_checks": {k: dict(v or {}) for k, v in data["named_checks"].items()},
    }


def declared(kind: str, function: str | None = None) -> dict[str, dict[str, Any]] | None:
    """The options declared for a check kind, or for the named check ``function`` of the
    ``python`` kind; None when nothing is declared for it."""
    table = _declarations()
    if kind == "python":
        return table["named_checks"].get(str(function))
    return table["kinds"].get(kind)


def rule_declarations(check: str, params: dict) -> dict[str, dict[str, Any]]:
    """The declared options of a rule: its named check's, or its kind's parameters."""
    return declared(check, params.get("function")) or {}


def rule_values(check: str, params: dict) -> dict[str, Any]:
    """The rule's own option values (params.options for a named check)."""
    if check == "python":
        return dict(params.get("options") or {})
    return dict(params)


def with_defaults(check: str, params: dict) -> dict:
    """``params`` with every declared default the rule leaves out filled in."""
    decl = rule_declarations(check, params)
    defaults = {k: spec["default"] for k, spec in decl.items() if "default" in spec}
    if check == "python":
        return {**params, "options": {**defaults, **(params.get("options") or {})}}
    return {**defaults, **params}


def check_values(
    decl: dict[str, dict[str, Any]],
    values: dict[str, Any],
    prefix: str = "",
    compile_patterns: bool = True,
) -> tuple[str, str] | None:
    """(option, problem) for the first unknown, mistyped or missing required option.
    ``compile_patterns=False`` (the shipped packs, which the test suite compiles) skips
    compiling each regular expression: about 40 ms of every start."""
    from tendercheck.schema import suggest

    for key, value in values.items():
        if key not in decl:
            return f"{prefix}{key}", f"unknown option ({suggest(str(key), decl)})"
        problem = option_problem(decl[key], value, compile_patterns)
        if problem:
            return f"{prefix}{key}", problem
    for key, spec in decl.items():
        if key not in values and "default" not in spec and not spec.get("optional"):
            return f"{prefix}{key}", "missing required option"
    return None


def describe_type(spec: dict[str, Any]) -> str:
    if spec["type"] == "choice":
        return "one of " + ", ".join(str(c) for c in spec["choices"])
    return TYPE_WORDS.get(spec["type"], spec["type"])


def option_problem(spec: dict[str, Any], value: Any, compile_patterns: bool = True) -> str | None:
    """What is wrong with ``value`` for an option declared as ``spec`` ("must be a number, not
    'two'"), or None."""
    kind = spec["type"]
    ok = _fits(kind, spec, value, compile_patterns)
    if ok is True:
        return None
    why = f"must be {describe_type(spec)}, not {shown(value)}"
    return why if ok is False else f"{why} ({ok})"


def _fits(kind: str, spec: dict, value: Any, compile_patterns: bool = True) -> bool | str:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "number":
        return number
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "text":
        return isinstance(value, str)
    if kind == "choice":
        return value in spec["choices"]
    if kind == "fact":
        return isinstance(value, str) and bool(FACT_NAME.match(value))
    if kind == "date":
        if not isinstance(value, (str, dt.date)):
            return False
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return False
        return True
    if kind == "pattern":
        if not isinstance(value, str):
            return False
        return _compiles(value) if compile_patterns else True
    if kind in ("patterns", "words"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return False
        if kind == "patterns" and compile_patterns:
            for pattern in value:
                problem = _compiles(pattern)
                if problem is not True:
                    return problem
        return True
    if kind == "table":
        return isinstance(value, dict)
    if kind == "fact_patterns":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and FACT_NAME.match(k) for k in value
        ):
            return False
        for patterns in value.values():
            ok = _fits("patterns", spec, patterns, compile_patterns)
            if ok is not True:
                return ok
        return True
    if kind == "texts":
        return isinstance(value, dict) and all(
            isinstance(v, list) and all(isinstance(i, dict) for i in v) for v in value.values()
        )
    if kind in ("levels", "problems"):
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    if kind == "sources":
        return _sources_fit(value, compile_patterns)
    if kind == "fact_test":
        from tendercheck.engine.context import validate_test

        if not isinstance(value, dict):
            return False
        problem = validate_test(value)
        return True if problem is None else f"{problem[0]}: {problem[1]}"
    return False


def _sources_fit(value: Any, compile_patterns: bool) -> bool | str:
    """Item sources (tendercheck/engine/kinds_pack.py): each reads a list fact, or with only
    ``patterns`` the pack's sentences; ``where`` and ``skip`` are tables of field values."""
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        return False
    for n, source in enumerate(value, 1):
        unknown = set(source) - {"fact", "where", "skip", "patterns"}
        if unknown:
            return f"source {n} has an unknown key {sorted(unknown)[0]!r}"
        if "fact" in source and not _fits("fact", {}, source["fact"]):
            return f"source {n}: fact must be a fact name"
        if "fact" not in source and not source.get("patterns"):
            return f"source {n} needs a fact or patterns"
        if "fact" not in source and ("where" in source or "skip" in source):
            return f"source {n}: where and skip need a fact"
        for key in ("where", "skip"):
            if key in source and not isinstance(source[key], dict):
                return f"source {n}: {key} must be a table"
        if "patterns" in source:
            fit = _fits("patterns", {}, source["patterns"], compile_patterns)
            if fit is not True:
                return f"source {n}: patterns must be a list of regular expressions" + (
                    f" ({fit})" if isinstance(fit, str) else ""
                )
    return True


def _compiles(pattern: str) -> bool | str:
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"bad regular expression {pattern!r}: {exc}"
    return True
