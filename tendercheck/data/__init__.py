"""Data files shipped with tendercheck (clause vocabularies, thresholds)."""

from __future__ import annotations

import functools
from typing import Any

# The shipped YAML files (these data files and the built-in rule packs) as already parsed, one
# line each: the sha256 of the file's text, a space, then its parse as JSON (see _from_json).
# Written by bench/tools/parsed_yaml.py; a text whose hash is not here is parsed as YAML.
PARSED_FILE = "parsed_yaml.jsonl"


def trusted_yaml(text: str) -> Any:
    """Parse YAML that ships inside tendercheck (these data files, the built-in rule packs):
    trusted, so read from the table of their parses when the text is one the table holds (as
    the YAML parse, a new object each call; PyYAML is then not imported at all), else with
    libyaml's C safe loader when PyYAML has it (several times faster than the pure-Python
    one, and the same data). User YAML never comes here: it goes through the bounded loader in
    :mod:`tendercheck.engine.loader`, which counts nodes through aliases."""
    line = _parsed().get(text_digest(text))
    if line is not None:
        return _from_json(line)
    return parse_yaml(text)


def parse_yaml(text: str) -> Any:
    """The YAML parse itself (the C safe loader when PyYAML has it), without the table."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # a safe loader, C or Python


def text_digest(text: str) -> str:
    """A YAML text's key in the table of parses."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _parsed() -> dict[str, str]:
    """sha256 of a shipped YAML text -> its parse as a line of JSON, decoded only when asked
    for (each call then gets objects of its own, as from the YAML)."""
    from importlib import resources

    try:
        text = resources.files("tendercheck.data").joinpath(PARSED_FILE).read_text("utf-8")
    except OSError:  # pragma: no cover - a broken install: parse the YAML
        return {}
    return dict(line.split(" ", 1) for line in text.splitlines() if line)


def _from_json(line: str) -> Any:
    """A parse as stored in the table: ``{"value": ..., "dates": [path, ...]}``, where each path
    (the keys and list positions leading to a value) marks an ISO date YAML read as a date."""
    import json

    entry = json.loads(line)
    value = entry["value"]
    if entry["dates"]:
        import datetime as dt

        for path in entry["dates"]:
            holder = value
            for step in path[:-1]:
                holder = holder[step]
            holder[path[-1]] = dt.date.fromisoformat(holder[path[-1]])
    return value


def data_yaml(name: str) -> Any:
    """One of these data files (``clauses.yaml``, ``thresholds.yaml``…), parsed."""
    from importlib import resources

    return trusted_yaml(resources.files("tendercheck.data").joinpath(name).read_text("utf-8"))


def data_json(name: str) -> Any:
    """One of these data files written as JSON (``required_literals.json``), parsed."""
    import json
    from importlib import resources

    return json.loads(resources.files("tendercheck.data").joinpath(name).read_text("utf-8"))
