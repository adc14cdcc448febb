"""Validation of what users write (configuration, tender.toml, bidder profiles, rule packs)
against JSON Schemas shipped as data files in ``tendercheck/data/*.schema.json``.

jsonschema does the checking; this module turns its first error into one line that names the
key and says what was expected (each schema's ``x-expect`` words), with "did you mean" for an
unknown key. A wrong value is always an :class:`~tendercheck.errors.InputError` (exit 2), never a
traceback.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
from collections.abc import Iterable
from importlib import resources
from typing import Any

from tendercheck.errors import InputError

__all__ = ["SchemaProblem", "check", "problem", "schema", "suggest"]


class SchemaProblem(tuple):
    """(key, what is wrong): key is dotted ("thresholds.SUPPLIER-01.max_ratio", "waivers[0]")."""

    __slots__ = ()

    def __new__(cls, key: str, reason: str):
        return super().__new__(cls, (key, reason))

    @property
    def key(self) -> str:
        return self[0]

    @property
    def reason(self) -> str:
        return self[1]

    def line(self) -> str:
        return self.reason


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The shipped schema ``tendercheck/data/NAME.schema.json``."""
    text = resources.files("tendercheck.data").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@functools.cache
def _validator(name: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))


def check(data: Any, name: str, where: str) -> None:
    """Raise InputError(where, "key: reason") at the first problem of ``data`` under schema
    ``name``."""
    found = problem(data, name)
    if found is not None:
        raise InputError(where, found.line())


def problem(data: Any, name: str | dict, path: Iterable[str | int] = ()) -> SchemaProblem | None:
    """The first problem of ``data`` under a schema (a shipped schema's name, or a schema), or
    None. ``path`` is prefixed to the key named."""
    prefix = list(path)
    bad = _not_finite(data, prefix)
    if bad is not None:
        key = _dotted(bad)
        return SchemaProblem(key, f"'{key}' must be a finite number, not nan or inf")
    if isinstance(name, str):
        validator = _validator(name)
    else:
        from jsonschema import Draft202012Validator

        validator = Draft202012Validator(name)
    errors = list(validator.iter_errors(data))
    if not errors:
        return None
    error = _deepest(min(errors, key=_rank))
    return _describe(error, validator.schema, prefix)


def suggest(key: str, known: Iterable[str]) -> str:
    """ "did you mean 'x'?" or "known: a, b, c"."""
    known = list(known)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"known: {', '.join(known)}" if known else "no keys are allowed here"


# --- turning a jsonschema error into one line ---------------------------------------------------


def _rank(error) -> tuple:
    """The error to report: the first in document order, the deepest at one place."""
    return (list(map(str, error.absolute_path)), -len(error.absolute_path))


def _deepest(error):
    """For oneOf / anyOf, the branch's error that reached furthest into the value (the one
    the user meant: {fact, op: between} fails on 'op', not on a missing 'all'), when one did."""
    while error.validator in ("oneOf", "anyOf") and error.context:
        depth = len(error.absolute_path)
        inner = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type"))
        if len(inner.absolute_path) <= depth:
            break
        error = inner
    return error


def _dotted(path: list[str | int]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def shown(value: Any) -> str:
    """A user's value as an error line quotes it: short, and a table or list by its kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _expect(root: dict, schema_path: list) -> str:
    """The ``x-expect`` words of the deepest schema on the way to the failed keyword (local
    ``$ref``s followed)."""
    node: Any = root
    found = ""
    for part in schema_path:
        if isinstance(node, dict) and "x-expect" in node:
            found = node["x-expect"]
        if isinstance(node, dict) and part not in node and "$ref" in node:
            node = _resolve(root, node["$ref"])
            if isinstance(node, dict) and "x-expect" in node:
                found = node["x-expect"]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return found
    if isinstance(node, dict) and "x-expect" in node:
        found = node["x-expect"]
    return found


def _resolve(root: dict, ref: str) -> Any:
    """A local reference ("#/$defs/test") in ``root``."""
    node: Any = root
    for step in ref.removeprefix("#/").split("/") if ref.startswith("#/") else ():
        node = node.get(step, {}) if isinstance(node, dict) else {}
    return node


def _describe(error, root: dict, prefix: list) -> SchemaProblem:
    path = prefix + list(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = list(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known]
        key = extra[0] if extra else "?"
        what = error.schema.get("x-unknown", "key")
        name = key if what != "key" else _dotted([*path, key])
        return SchemaProblem(
            _dotted([*path, key]), f"unknown {what} '{name}' ({suggest(key, known)})"
        )
    if keyword == "required":
        missing = [k for k in error.validator_value if k not in instance]
        hint = error.schema.get("x-required", "")
        return SchemaProblem(
            _dotted([*path, missing[0]]),
            f"missing key '{_dotted([*path, missing[0]])}'" + (f" ({hint})" if hint else ""),
        )
    key = _dotted(path)
    if keyword == "minimum" and error.validator_value == 0 and _is_number(instance):
        return SchemaProblem(key, f"'{key}' must not be negative ({instance:g})")
    expect = _expect(root, list(error.absolute_schema_path)[:-1]) or _plain(error)
    return SchemaProblem(key, f"'{key}' must be {expect}, not {shown(instance)}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _plain(error) -> str:
    """Words for an error whose schema carries no x-expect."""
    keyword, value = error.validator, error.validator_value
    if keyword == "type":
        kinds = value if isinstance(value, list) else [value]
        words = {
            "string": "text",
            "number": "a number",
            "integer": "a whole number",
            "boolean": "true or false",
            "array": "a list",
            "object": "a table",
            "null": "empty",
        }
        return " or ".join(words.get(k, k) for k in kinds)
    if keyword == "enum":
        return "one of " + ", ".join(str(v) for v in value)
    if keyword == "const":
        return repr(value)
    if keyword in ("minimum", "exclusiveMinimum"):
        return f"{'more than' if keyword.startswith('exclusive') else 'at least'} {value}"
    if keyword in ("maximum", "exclusiveMaximum"):
        return f"{'less than' if keyword.startswith('exclusive') else 'at most'} {value}"
    if keyword == "minItems":
        return f"a list of at least {value}"
    if keyword == "minLength":
        return "non-empty text"
    if keyword == "pattern":
        return f"text matching {value}"
    return "valid here"


def _not_finite(value: Any, path: list) -> list | None:
    """The path of a NaN or infinity in ``value`` (TOML allows both), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return path
    if isinstance(value, dict):
        for k, v in value.items():
            found = _not_finite(v, [*path, k])
            if found is not None:
                return found
    if isinstance(value, list):
        for i, v in enumerate(value):
            found = _not_finite(v, [*path, i])
            if found is not None:
                return found
    return None
