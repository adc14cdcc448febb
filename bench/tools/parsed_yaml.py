"""Write tendercheck/data/parsed_yaml.jsonl: every YAML file shipped in tendercheck (the data
files and the built-in rule packs) as already parsed, keyed by the sha256 of its text (issue 16:
a faster start).

Every check read ~210,000 characters of YAML at start-up (PyYAML's import and its C loader,
~0.05 s CPU of a one-page check); the same data as JSON lines is read in about a millisecond
and PyYAML is not imported. A file goes into the table only if its JSON form gives back exactly
what the YAML parse gives (the same types all through: a key that is not text, or any value
other than text, numbers, booleans, null, lists, mappings and dates, keeps the file out of
the table). A text whose hash the table lacks (a changed file, before this is re-run) is parsed
as YAML, so a stale table makes start-up slower, never the data different;
tests/test_startup_cost.py checks that the table is current and equal to the YAML.

Run from the repository root:
  python bench/tools/parsed_yaml.py           write the table
  python bench/tools/parsed_yaml.py --check   exit 1 if the table is not current
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tendercheck.data import PARSED_FILE, _from_json, parse_yaml, text_digest  # noqa: E402

TABLE = ROOT / "tendercheck" / "data" / PARSED_FILE


def shipped_texts() -> list[tuple[str, str]]:
    """(name, text) of every YAML file the package ships, in name order."""
    from tendercheck.engine.loader import builtin_pack_files

    data = sorted((ROOT / "tendercheck" / "data").glob("*.yaml"))
    found = [(f"tendercheck/data/{p.name}", p.read_text(encoding="utf-8")) for p in data]
    return found + builtin_pack_files()


def _to_json(value: Any, path: list, dates: list) -> Any:
    """The value with its dates as ISO text (their paths added to ``dates``)."""
    if type(value) is dt.date and path:
        dates.append(list(path))
        return value.isoformat()
    if type(value) is dict:
        return {k: _to_json(v, [*path, k], dates) for k, v in value.items()}
    if type(value) is list:
        return [_to_json(v, [*path, i], dates) for i, v in enumerate(value)]
    return value


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all through (1 == 1.0 == True for ``==``, not here)."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(
            same(ka, kb) and same(a[ka], b[kb]) for ka, kb in zip(a, b, strict=True)
        )
    if type(a) is list:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def entry(text: str) -> str | None:
    """The table's line for a YAML text, or None when JSON cannot give back its parse."""
    value = parse_yaml(text)
    dates: list = []
    try:
        line = json.dumps(
            {"value": _to_json(value, [], dates), "dates": dates},
            ensure_ascii=False,
            allow_nan=False,
            separators=(",", ":"),
        )
    except (TypeError, ValueError):
        return None
    if not same(_from_json(line), value):
        return None
    return f"{text_digest(text)} {line}\n"


def table() -> tuple[str, list[str]]:
    """The table's text, and the names of the files left out of it."""
    lines, left_out = [], []
    for name, text in shipped_texts():
        line = entry(text)
        if line is None:
            left_out.append(name)
        else:
            lines.append(line)
    return "".join(sorted(set(lines))), left_out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is stale")
    args = parser.parse_args()
    text, left_out = table()
    for name in left_out:
        print(f"left out (its parse does not survive JSON): {name}")
    if args.check:
        current = TABLE.read_text(encoding="utf-8") if TABLE.is_file() else ""
        if current != text:
            print(
                f"{TABLE.relative_to(ROOT)} is not current: run python bench/tools/parsed_yaml.py"
            )
            return 1
        print(f"{TABLE.relative_to(ROOT)} is current ({text.count(chr(10))} files)")
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE.relative_to(ROOT)} ({text.count(chr(10))} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
