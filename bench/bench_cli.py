"""Benchmark the command line as users run it (issue 8): start-up, a one-page check, the
73-file G-Cloud 15 pack with --jobs 1 and --jobs 2, and a second, cached run of the pack.

Run: python bench/bench_cli.py [--repeat 3]
Each figure is the best wall time of N runs of the installed `tendercheck` command, in a fresh
process every time (so spaCy's import and the pipeline build are included). Results are printed
and written to bench/results/cli.json. Targets (DESIGN.md): --version < 0.3 s; one page < 2 s;
the whole pack < 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT.parent / "shared" / "corpus" / "gcloud15-pack"


def timed(args: list[str], env: dict[str, str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
        best = min(best, elapsed)
    return best


def one_page_docx(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Request for quotation: village hall cleaning", 1)
    document.add_paragraph(
        "Little Snoring Parish Council invites quotations to clean the village hall twice a "
        "week for one year from 1 April 2026. The budget is £6,000 a year. Quotations must be "
        "emailed by 12:00 on 6 March 2026. We will choose on price (60%) and quality (40%)."
    )
    document.add_heading("What we need", 2)
    for line in ("Clean floors, kitchen and toilets.", "Restock soap and paper towels."):
        document.add_paragraph(line, style="List Bullet")
    path = folder / "one-page.docx"
    document.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = shutil.which("tendercheck")
    if not exe:
        raise SystemExit("install tendercheck first: pip install -e .")
    results: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(folder / "cache")}
        out = str(folder / "report.json")
        results["version_s"] = timed([exe, "--version"], env, args.repeat)
        page = one_page_docx(folder)
        results["one_page_check_s"] = timed(
            [exe, str(page), "-f", "json", "-o", out, "--no-cache"], env, args.repeat
        )
        if PACK.is_dir():
            for jobs in (1, 2):
                results[f"pack_jobs{jobs}_s"] = timed(
                    [exe, str(PACK), "-f", "json", "-o", out, "--no-cache", "--jobs", str(jobs)],
                    env,
                    args.repeat,
                )
            subprocess.run(
                [exe, str(PACK), "-f", "json", "-o", out],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fill the cache
            results["pack_cached_s"] = timed(
                [exe, str(PACK), "-f", "json", "-o", out], env, args.repeat
            )
        else:
            results["pack"] = "skipped: ../shared/corpus/gcloud15-pack is absent"
    results["cores"] = os.cpu_count() or 0
    for key, value in results.items():
        print(f"{key:18} {value:.3f}" if isinstance(value, float) else f"{key:18} {value}")
    target = ROOT / "bench" / "results"
    target.mkdir(exist_ok=True)
    (target / "cli.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
