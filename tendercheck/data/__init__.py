"""Data files shipped with tendercheck (clause vocabularies, thresholds)."""

from __future__ import annotations

from typing import Any


def trusted_yaml(text: str) -> Any:
    """Parse YAML that ships inside tendercheck (these data files, the built-in rule packs):
    trusted, so libyaml's C safe loader reads it when PyYAML has it (several times faster than
    the pure-Python one, and the same data). User YAML never comes here: it goes through the
    bounded loader in :mod:`tendercheck.engine.loader`, which counts nodes through aliases."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # a safe loader, C or Python


def data_yaml(name: str) -> Any:
    """One of these data files (``clauses.yaml``, ``thresholds.yaml``…), parsed."""
    from importlib import resources

    return trusted_yaml(resources.files("tendercheck.data").joinpath(name).read_text("utf-8"))


def data_json(name: str) -> Any:
    """One of these data files written as JSON (``required_literals.json``), parsed."""
    import json
    from importlib import resources

    return json.loads(resources.files("tendercheck.data").joinpath(name).read_text("utf-8"))
