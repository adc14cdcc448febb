"""Issue 16: check that a speed change leaves the reports alone.

Writes the JSON report (`--no-cache --jobs 1`) of the G-Cloud 15 pack and of corpus documents
01-08 into a folder, or compares two such folders, ignoring only the generation time.

Run:
  python bench/same_reports.py write DIR [--python PATH]   # e.g. before and after a change
  python bench/same_reports.py compare DIR_BEFORE DIR_AFTER [--same-code]
`compare` prints one line per report and exits 1 if any differs (with the first differing path).

With the cache (issue 16, the per-document cache): `write DIR --cache CACHE_DIR` checks with the
cache in CACHE_DIR instead of --no-cache; with `--drop-runs` the whole-run entries are removed
before each check, so every document is answered from its per-document entries. E.g.
  write R-PLAIN; write R-COLD --cache C; write R-DOCS --cache C --drop-runs;
  write R-WARM --cache C; then compare R-PLAIN with each.

Which code writes the reports: `python -m tendercheck` puts the working directory first on
sys.path, ahead of PYTHONPATH and the interpreter's own install, so a run started from a
checkout (/work/main, another worktree) imports that checkout's tendercheck. That made an 08
report "written under load" differ from the idle one (facts.questions.evidence[2].clause.force
"conditional" for "must"): the loaded runs had imported main's clause model, which reads
"(if applicable)" as a condition, not the branch's. So the checks run in an empty folder, and
`write` records in code.json which package wrote the reports and a hash of its files;
`compare` prints both and, with --same-code (for load or seed comparisons), refuses two folders
written by different code.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def inputs() -> dict[str, Path]:
    found = {"gcloud15-pack": CORPUS / "gcloud15-pack"}
    for path in sorted(CORPUS.glob("0[1-8]_*")):
        found[path.name[:2]] = path
    return found


# Run in a folder of its own: whatever the caller's working directory holds is not imported.
IDENTITY = """
import hashlib, json, pathlib, tendercheck
root = pathlib.Path(tendercheck.__file__).resolve().parent
digest = hashlib.sha256()
for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
    digest.update(path.relative_to(root).as_posix().encode() + b"\\0" + path.read_bytes())
print(json.dumps({"package": str(root), "sha256": digest.hexdigest()}))
"""


def run_check(
    python: str, path: Path, out: Path, env: dict[str, str], use_cache: bool = False
) -> None:
    """One check, --no-cache (unless ``use_cache``) --jobs 1, its JSON report to ``out``, run
    in an empty folder."""
    with tempfile.TemporaryDirectory(prefix="same-reports-") as empty:
        command = [python, "-m", "tendercheck", str(path.resolve()), "-f", "json",
                   "-o", str(out.resolve()), "--jobs", "1"]  # fmt: skip
        if not use_cache:
            command.append("--no-cache")
        done = subprocess.run(
            command,
            env=env,
            cwd=empty,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    if done.returncode not in (0, 1):
        raise SystemExit(f"{path}: exit {done.returncode}: {done.stderr[-500:]}")


def code_identity(python: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """The tendercheck package ``python`` imports (from an empty folder) and a hash of its files."""
    with tempfile.TemporaryDirectory(prefix="same-reports-") as empty:
        done = subprocess.run(
            [python, "-c", IDENTITY], env=env, cwd=empty, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
    return json.loads(done.stdout)


def drop_run_entries(cache: Path) -> int:
    """Remove the whole-run entries of the cache folder (the per-document ones stay)."""
    dropped = 0
    for entry in cache.glob("*.json"):
        try:
            kind = json.loads(entry.read_text(encoding="utf-8")).get("kind")
        except (OSError, ValueError):
            continue
        if kind == "run":
            entry.unlink()
            dropped += 1
    return dropped


def write(folder: Path, python: str, cache: Path | None = None, drop_runs: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    where = cache if cache is not None else folder / ".cache"
    env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(where.resolve())}
    code = code_identity(python, env)
    (folder / "code.json").write_text(json.dumps(code, indent=1) + "\n", encoding="utf-8")
    print(f"code: {code['package']} ({code['sha256'][:12]})")
    for name, path in inputs().items():
        out = folder / f"{name}.json"
        dropped = drop_run_entries(where) if cache is not None and drop_runs else 0
        run_check(python, path, out, env, use_cache=cache is not None)
        print(f"wrote {out}" + (f" ({dropped} run entries dropped first)" if drop_runs else ""))


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


def compare(before: Path, after: Path, same_code: bool = False) -> int:
    codes = []
    for label, folder in (("before", before), ("after", after)):
        try:
            code = json.loads((folder / "code.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            code = {"package": "unknown (no code.json)", "sha256": ""}
        codes.append(code)
        print(f"{label:7} code: {code['package']} ({code['sha256'][:12] or '?'})")
    if same_code and (not codes[0]["sha256"] or codes[0]["sha256"] != codes[1]["sha256"]):
        print("the two folders were not written by the same code: comparing them says nothing "
              "about load or seeds")  # fmt: skip
        return 2
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
    w.add_argument("--cache", type=Path, help="check with the cache in this folder")
    w.add_argument(
        "--drop-runs",
        action="store_true",
        help="with --cache: remove the whole-run entries before each check",
    )
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument(
        "--same-code",
        action="store_true",
        help="exit 2 unless both folders were written by the same code (load or seed runs)",
    )
    args = parser.parse_args()
    if args.command == "write":
        if args.drop_runs and args.cache is None:
            parser.error("--drop-runs needs --cache")
        write(args.folder, args.python, args.cache, args.drop_runs)
    else:
        sys.exit(compare(args.before, args.after, args.same_code))


if __name__ == "__main__":
    main()
