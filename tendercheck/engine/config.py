"""Configuration: tendercheck.toml or [tool.tendercheck] in pyproject.toml, found by walking up
from the first input. Every key is checked; an unknown key is an error naming the file and key.

A configuration inside an input folder belongs to the pack, and whoever wrote the pack could use
it to switch rules off or load rule packs of their own: it is used only when the user trusts it
(``--trust-pack-config``); otherwise the walk starts above the folder and the report says which
pack configuration was not used.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendercheck.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REGIONS = ("ENG", "WLS", "SCT", "NIR")


class ConfigError(InputError):
    pass


@dataclass
class Config:
    path: str = ""
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    thresholds: dict[str, dict[str, Any]] = field(default_factory=dict)
    effort: dict[str, float] = field(default_factory=dict)
    rules: list[Path] = field(default_factory=list)
    waivers: list[dict[str, str]] = field(default_factory=list)
    fail_on: str = "error"
    fail_under: float | None = None
    region: str = "ENG"
    source: str = "default"  # default | option (--config) | found (above the input) | pack
    pack_config_ignored: str = ""  # a configuration inside an input folder that was not used

    def describe(self) -> dict[str, str | None]:
        """Which configuration was used, for reports."""
        out: dict[str, str | None] = {"path": self.path or None, "source": self.source}
        if self.pack_config_ignored:
            out["pack_config_ignored"] = self.pack_config_ignored
        return out

    def enabled(self, rule_id: str) -> bool:
        def hit(patterns: list[str]) -> bool:
            return any(rule_id == p or rule_id.startswith(p.rstrip("-") + "-") for p in patterns)

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)


def find_config(start: Path, trust_pack: bool = False) -> Path | None:
    """The configuration above ``start``; inside ``start`` (a pack folder) only if trusted."""
    if start.is_dir():
        folder = start.resolve()
        candidates = (folder, *folder.parents) if trust_pack else folder.parents
    else:
        folder = start.resolve().parent
        candidates = (folder, *folder.parents)
    for candidate in candidates:
        own = candidate / "tendercheck.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def pack_config(start: Path) -> Path | None:
    """A configuration file inside an input folder (the pack's own), if there is one."""
    if not start.is_dir():
        return None
    own = start / "tendercheck.toml"
    if own.is_file():
        return own
    pyproject = start / "pyproject.toml"
    return pyproject if pyproject.is_file() and _has_tool_table(pyproject) else None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return False
    return "tendercheck" in data.get("tool", {})


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"not valid TOML ({exc})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot be read ({exc})") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tendercheck", {})
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    """A Config from a parsed table; every key and type is checked against
    ``tendercheck/data/config.schema.json`` (the options under [thresholds.RULE] are checked
    against each rule's declared options when the rules are known, see engine.check_thresholds).
    """
    from tendercheck.schema import problem

    where = str(path)
    found = problem(data, "config")
    if found is not None:
        raise ConfigError(where, found.line())
    config = Config(path=where)
    config.select = list(data.get("select", []))
    config.ignore = list(data.get("ignore", []))
    config.severity = dict(data.get("severity", {}))
    config.thresholds = {k: dict(v) for k, v in data.get("thresholds", {}).items()}
    config.effort = dict(data.get("effort", {}))
    config.rules = [(path.parent / p).resolve() for p in data.get("rules", [])]
    config.waivers = [{k: str(v) for k, v in w.items()} for w in data.get("waivers", [])]
    config.fail_on = data.get("fail_on", "error")
    if "fail_under" in data:
        config.fail_under = float(data["fail_under"])
    config.region = data.get("region", "ENG")
    return config
