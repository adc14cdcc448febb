"""Issue 16: what the per-document cache costs and saves, on a pack an officer edits and reruns.

For each round and each code (this checkout, and --base when given, alternated), in a fresh
cache folder:
  cold     the first check of the pack with the cache on (reading, analysis, storing entries)
  rerun    the check again after one paragraph of one .docx changed (a fresh edit each time:
           the whole-run entry misses; with the per-document cache the other documents hit)
  warm     the same check once more (the whole-run entry answers)
and, once per round, the check with --no-cache. CPU seconds (user + system of the child and
its children, so with --jobs N the workers' too), --jobs 1 unless --jobs says otherwise, each
check in an empty working folder so the code run is the one asked for. Medians of the rounds
are printed last.

Run:
  python bench/bench_doccache.py [--pack DIR] [--edit NAME] [--repeat 5] [--base PYTHON]
                                 [--jobs N] [--work DIR]
--base names a Python (or a wrapper script) that imports the code to compare with, e.g. a
script running `PYTHONPATH=/path/to/main-checkout .venv/bin/python "$@"`.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT.parent / "shared" / "corpus" / "gcloud15-pack"
EDIT = "Call-Off-Schedule-10-Exit-Management-RM1557.15-v1.0.docx"


def cpu_of(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of ``command`` and the processes it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(prefix="bench-doccache-") as empty:
        done = subprocess.run(command, env=env, cwd=empty, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def edit_docx(path: Path, mark: str) -> None:
    """Append ``mark`` to the first run of text of 40 characters or more in the body."""
    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                found = re.search(r"(<w:t(?: [^>]*)?>)([^<]{40,})(</w:t>)", text)
                if found is None:
                    raise SystemExit(f"{path.name}: no paragraph to edit")
                start = found.start(2) + len(found.group(2))
                data = (text[:start] + f" ({mark})" + text[start:]).encode("utf-8")
            zf.writestr(info, data)
    path.write_bytes(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pack", type=Path, default=PACK)
    parser.add_argument("--edit", default=EDIT, help="the .docx of the pack to edit")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--base", help="a Python importing the code to compare with")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs of each check (default 1)")
    args = parser.parse_args()
    codes = {"this": sys.executable}
    if args.base:
        codes = {"base": args.base, **codes}
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-doccache-"))
    work.mkdir(parents=True, exist_ok=True)
    pack = work / "pack"
    shutil.rmtree(pack, ignore_errors=True)
    shutil.copytree(args.pack, pack)
    target = pack / args.edit
    original = target.read_bytes()
    figures: dict[tuple[str, str], list[float]] = {}
    for n in range(args.repeat):
        for label, python in codes.items():
            cache = work / f"cache-{label}"
            shutil.rmtree(cache, ignore_errors=True)
            env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(cache)}
            env.pop("TENDERCHECK_DEBUG", None)
            check = [python, "-m", "tendercheck", str(pack), "-f", "json",
                     "-o", str(work / f"{label}.json"), "--jobs", str(args.jobs)]  # fmt: skip
            target.write_bytes(original)
            row = {"no-cache": cpu_of([*check, "--no-cache"], env), "cold": cpu_of(check, env)}
            edit_docx(target, f"edited {label} {n}")
            row["rerun"] = cpu_of(check, env)
            row["warm"] = cpu_of(check, env)
            target.write_bytes(original)
            for stage, seconds in row.items():
                figures.setdefault((label, stage), []).append(seconds)
            print(f"round {n + 1} {label:5} " + "  ".join(f"{k} {v:6.2f}" for k, v in row.items()))
            sys.stdout.flush()
    print(f"\nmedians of {args.repeat} (CPU s, --jobs {args.jobs}):")
    for label in codes:
        cells = []
        for stage in ("no-cache", "cold", "rerun", "warm"):
            values = figures[(label, stage)]
            spread = f"{min(values):.2f}..{max(values):.2f}"
            cells.append(f"{stage} {statistics.median(values):6.2f} ({spread})")
        print(f"  {label:5} " + "  ".join(cells))


if __name__ == "__main__":
    main()
