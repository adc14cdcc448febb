"""Benchmark start-up and PDF tables (issue 16): median wall time of N fresh `tendercheck`
processes, each with --no-cache --jobs 1, so imports, the spaCy pipeline and the rule packs
are paid every time, as a user pays them.

Run: python bench/bench_speed.py [--repeat 5] [--out bench/results/speed-16.json]

Cases: `--version`; a one-page Markdown tender; corpus 06, 07 and 08 (PDFs with ruled tables;
08 is the table-heavy one); and, in-process, where read_pdf spends its time on corpus 08 (the
PDFium pass vs the table step). Each line prints the median and the min..max of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PDFS = {
    "corpus06_pdf": CORPUS / "06_cabinet-office_ppn-03-24_standard-selection-questionnaire.pdf",
    "corpus07_pdf": CORPUS / "07_ccs_rm6264_attachment6-standard-selection-questionnaire.pdf",
    "corpus08_pdf": CORPUS / "08_build-uk_common-assessment-standard-v5.pdf",
}
ONE_PAGE_MD = """# Request for quotation: village hall cleaning

Little Snoring Parish Council invites quotations to clean the village hall twice a week for
one year from 1 April 2026. The budget is £6,000 a year. Quotations must be emailed by 12:00
on 6 March 2026. We will choose on price (60%) and quality (40%).

## What we need

- Clean floors, kitchen and toilets.
- Restock soap and paper towels.
"""


def runs(args: list[str], env: dict[str, str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return times


def read_breakdown(path: Path, repeat: int) -> dict[str, float]:
    """In-process: read_pdf on one file, and the time inside the table step."""
    from tendercheck.documents import pdf_reader
    from tendercheck.documents.limits import DEFAULT_LIMITS

    data = path.read_bytes()
    spent: list[float] = []
    original = pdf_reader.extract_tables

    def timed_tables(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    pdf_reader.extract_tables = timed_tables
    try:
        totals = []
        for _ in range(repeat):
            start = time.perf_counter()
            doc = pdf_reader.read_pdf(data, path.name, DEFAULT_LIMITS)
            totals.append(time.perf_counter() - start)
    finally:
        pdf_reader.extract_tables = original
    tables = sum(1 for b in doc.blocks if b.kind == "table")
    return {
        "read_pdf_s": statistics.median(totals),
        "table_step_s": statistics.median(spent) if spent else 0.0,
        "table_blocks": tables,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "speed-16.json"))
    args = parser.parse_args()
    exe = shutil.which("tendercheck") or str(Path(sys.executable).parent / "tendercheck")
    results: dict[str, object] = {"cores": os.cpu_count() or 0, "repeat": args.repeat}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(folder / "cache")}
        out = str(folder / "report.json")
        common = ["-f", "json", "-o", out, "--no-cache", "--jobs", "1"]
        page = folder / "one-page.md"
        page.write_text(ONE_PAGE_MD, encoding="utf-8")
        cases = {"version": [exe, "--version"], "one_page_md": [exe, str(page), *common]}
        for key, path in PDFS.items():
            if path.is_file():
                cases[key] = [exe, str(path), *common]
        for key, argv in cases.items():
            times = runs(argv, env, args.repeat)
            results[key] = {
                "median_s": round(statistics.median(times), 3),
                "min_s": round(min(times), 3),
                "max_s": round(max(times), 3),
            }
            print(
                f"{key:16} median {statistics.median(times):.3f} s  "
                f"({min(times):.3f}..{max(times):.3f})",
                flush=True,
            )
    if PDFS["corpus08_pdf"].is_file():
        split = read_breakdown(PDFS["corpus08_pdf"], args.repeat)
        results["corpus08_read"] = {
            k: round(v, 3) if isinstance(v, float) else v for k, v in split.items()
        }
        print(
            f"corpus08 read_pdf {split['read_pdf_s']:.3f} s, table step "
            f"{split['table_step_s']:.3f} s, {split['table_blocks']} table blocks"
        )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
