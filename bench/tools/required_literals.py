"""Write tendercheck/data/required_literals.json: the pre-filter's required words of every
pre-filtered pattern the package ships (issue 16: a faster start).

tendercheck.nlp.prefilter derives a pattern's required words from its parse, so each such
pattern was parsed twice at start-up (once by re.compile, once for its words). The table holds
the words of the patterns known when it is written: the extractors' module-level pre-filtered
patterns and the phrase lists of the shipped rule packs (joined as named_checks.patterns joins
them). A pattern not in the table (a user's pack, a changed pattern) is parsed as before, so the
table can make start-up slower when stale, never the answers different; tests/test_lazyre.py
checks that it is current. Re-run after changing a pattern or a rule pack's phrase list.

Run from the repository root:
  python bench/tools/required_literals.py           write the table
  python bench/tools/required_literals.py --check   exit 1 if the table is not current
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import tendercheck  # noqa: E402
from tendercheck.lazyre import LazyPattern  # noqa: E402
from tendercheck.nlp import prefilter  # noqa: E402

TABLE = ROOT / "tendercheck" / "data" / prefilter.LITERALS_FILE


def _phrase_lists(value) -> list[list[str]]:
    """Every list of strings in a rule's parameters (phrase lists and others alike)."""
    if isinstance(value, dict):
        return [found for v in value.values() for found in _phrase_lists(v)]
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            return [value]
        return [found for v in value for found in _phrase_lists(v)]
    return []


def patterns() -> list[re.Pattern[str]]:
    """The pre-filtered patterns the package ships, compiled (not pre-filtered)."""
    for info in pkgutil.walk_packages(tendercheck.__path__, "tendercheck."):
        importlib.import_module(info.name)
    found = {}
    for obj in gc.get_objects():
        if isinstance(obj, LazyPattern):
            build, args = obj.__dict__["_lazy"]
            if build is prefilter.compile_filtered:
                compiled = re.compile(*args)
                found[prefilter.literals_key(compiled)] = compiled
    from tendercheck.engine.loader import load_rules

    for rule in load_rules():
        for phrases in _phrase_lists(rule.params):
            joined = "|".join(f"(?:{p})" for p in phrases)  # as named_checks.patterns joins them
            try:
                compiled = re.compile(joined, re.I)
            except re.error:
                continue  # not a list of patterns
            found[prefilter.literals_key(compiled)] = compiled
    return [found[key] for key in sorted(found)]


def table() -> dict[str, list[str] | None]:
    out = {}
    for compiled in patterns():
        words = prefilter.parse_literals(compiled)
        out[prefilter.literals_key(compiled)] = None if words is None else sorted(words)
    return out


def text() -> str:
    rows = sorted(table().items())
    lines = (f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in rows)
    return "{\n" + ",\n".join(lines) + "\n}\n"  # one pattern a line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is not current")
    args = parser.parse_args(argv)
    wanted = text()
    current = TABLE.read_text(encoding="utf-8") if TABLE.exists() else ""
    if args.check:
        print("current" if current == wanted else f"{TABLE} is not current: re-run {__file__}")
        return 0 if current == wanted else 1
    TABLE.write_text(wanted, encoding="utf-8")
    print(f"wrote {TABLE} ({len(json.loads(wanted))} patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
