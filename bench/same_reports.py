"""Issue 16: check that a speed change leaves the reports alone.

Writes the JSON report (`--no-cache --jobs 1`) of the G-Cloud 15 pack and of corpus documents
01-08 into a folder, or compares two such folders, ignoring only the generation time.

Run:
  python bench/same_reports.py write DIR [--python PATH]   # e.g. before and after a change
  python bench/same_reports.py compare DIR_BEFORE DIR_AFTER
`compare` prints one line per report and exits 1 if any differs (with the first differing path).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def inputs() -> dict[str, Path]:
    found = {"gcloud15-pack": CORPUS / "gcloud15-pack"}
    for path in sorted(CORPUS.glob("0[1-8]_*")):
        found[path.name[:2]] = path
    return found


def write(folder: Path, python: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(folder / ".cache")}
    for name, path in inputs().items():
        out = folder / f"{name}.json"
        done = subprocess.run(
            [
                python,
                "-m",
                "tendercheck",
                str(path),
                "-f",
                "json",
                "-o",
                str(out),
                "--no-cache",
                "--jobs",
                "1",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if done.returncode not in (0, 1):
            raise SystemExit(f"{path}: exit {done.returncode}: {done.stderr[-500:]}")
        print(f"wrote {out}")


def first_difference(a, b, where: str = "") -> str | None:
    if type(a) is not type(b):
        return where or "/"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}/{key}"
            found = first_difference(a[key], b[key], f"{where}/{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where} (length {len(a)} vs {len(b)})"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else where or "/"


def compare(before: Path, after: Path) -> int:
    failed = 0
    for name in inputs():
        a = json.loads((before / f"{name}.json").read_text(encoding="utf-8"))
        b = json.loads((after / f"{name}.json").read_text(encoding="utf-8"))
        a.pop("generated", None)
        b.pop("generated", None)
        found = first_difference(a, b)
        print(f"{name:14} {'identical' if found is None else 'DIFFERS at ' + found}")
        failed += found is not None
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("folder", type=Path)
    w.add_argument("--python", default=sys.executable)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.folder, args.python)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
