"""Configuration: tendercheck.toml or [tool.tendercheck] in pyproject.toml, found by walking up
from the first input. Every key is checked; an unknown key is an error naming the file and key.

A configuration inside an input folder belongs to the pack, and whoever wrote the pack could use
it to switch rules off or load rule packs of their own: it is used only when the user trusts it
(``--trust-pack-config``); otherwise the walk starts above the folder and the report says which
pack configuration was not used.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendercheck.engine.model import SEVERITIES
from tendercheck.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KEYS = {
    "select",
    "ignore",
    "severity",
    "thresholds",
    "effort",
    "rules",
    "waivers",
    "fail_on",
    "fail_under",
    "region",
}
WAIVER_KEYS = {"rule", "document", "hash", "reason"}
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
    where = str(path)
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(
            where, f"unknown key {sorted(unknown)[0]!r} (known: {', '.join(sorted(KEYS))})"
        )
    config = Config(path=where)
    for key in ("select", "ignore"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(where, f"{key} must be a list of rule IDs or prefixes")
        setattr(config, key, value)
    severity = data.get("severity", {})
    for rule_id, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(where, f"severity.{rule_id} must be one of {', '.join(SEVERITIES)}")
    config.severity = dict(severity)
    thresholds = data.get("thresholds", {})
    if not all(isinstance(v, dict) for v in thresholds.values()):
        raise ConfigError(where, "thresholds.<RULE-ID> must be tables of parameters")
    for rule_id, params in thresholds.items():
        for key, value in params.items():
            if not _all_finite(value):
                raise ConfigError(where, f"thresholds.{rule_id}.{key} must be a finite number")
    config.thresholds = {k: dict(v) for k, v in thresholds.items()}
    from tendercheck.engine.effort import DEFAULTS

    effort = data.get("effort", {})
    for key, value in effort.items():
        if key not in DEFAULTS:
            raise ConfigError(where, f"unknown key 'effort.{key}' (known: {', '.join(DEFAULTS)})")
        if not _is_number(value) or not 0 <= value < math.inf:
            raise ConfigError(where, f"effort.{key} must be a non-negative number")
    config.effort = dict(effort)
    config.rules = [(path.parent / p).resolve() for p in data.get("rules", [])]
    for i, waiver in enumerate(data.get("waivers", [])):
        if not isinstance(waiver, dict):
            raise ConfigError(where, f"waivers[{i}] must be a table")
        bad = set(waiver) - WAIVER_KEYS
        if bad:
            raise ConfigError(where, f"unknown key 'waivers[{i}].{sorted(bad)[0]}'")
        missing = WAIVER_KEYS - set(waiver)
        if missing:
            raise ConfigError(where, f"waivers[{i}] needs {', '.join(sorted(missing))}")
        config.waivers.append({k: str(v) for k, v in waiver.items()})
    fail_on = data.get("fail_on", "error")
    if fail_on not in SEVERITIES:
        raise ConfigError(where, f"fail_on must be one of {', '.join(SEVERITIES)}")
    config.fail_on = fail_on
    if "fail_under" in data:
        value = data["fail_under"]
        if not _is_number(value) or not 0 <= value <= 100:  # also rules out nan
            raise ConfigError(where, "fail_under must be a score from 0 to 100")
        config.fail_under = float(value)
    region = data.get("region", "ENG")
    if region not in REGIONS:
        raise ConfigError(where, f"region must be one of {', '.join(REGIONS)}")
    config.region = region
    return config


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _all_finite(value: Any) -> bool:
    """No NaN or infinity anywhere in a value (TOML allows both)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_all_finite(v) for v in value)
    return True
