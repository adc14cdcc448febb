"""Issue 16's targets, in CPU seconds (user + system of the child and its children), each run a
fresh process with --no-cache --jobs 1, median of N, before and after a change interleaved
run by run (so that load on a shared machine hits both alike):

  corpus 08 (table-heavy, 79 pages)     target <= 2.5 s
  G-Cloud 15 pack (68 documents)        target <= 5 s
  one-page .md check                    target <= 0.5 s
  263-page text PDFs / bare pypdfium2   target <= 1.5 (the PDFs are built by bench_text_pdf.py)

Run: python bench/bench_targets.py [--repeat 5] [--base PYTHON] [--only NAME ...]
(--base: an interpreter running the code before the change, e.g. a wrapper that puts an
exported copy of the old package first on PYTHONPATH.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_startup import ONE_PAGE
from bench_text_pdf import BARE, build, cpu

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CASES = {
    "corpus08": CORPUS / "08_build-uk_common-assessment-standard-v5.pdf",
    "gcloud15-pack": CORPUS / "gcloud15-pack",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--base", help="interpreter for the code before the change")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    pythons = {"after": sys.executable}
    if args.base:
        pythons = {"before": args.base, "after": sys.executable}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(folder / "cache")}
        page = folder / "one-page.md"
        page.write_text(ONE_PAGE, encoding="utf-8")
        cases = {**CASES, "one-page-md": page}
        for kind in ("text-only", "mixed"):
            cases[f"pdf263-{kind}"] = build(kind, folder / f"{kind}-263.pdf")
        out = str(folder / "out.json")
        for name, path in cases.items():
            if args.only and name not in args.only:
                continue
            runs: dict[str, list[float]] = {label: [] for label in pythons}
            bare: list[float] = []
            for _ in range(args.repeat):
                for label, python in pythons.items():
                    check = [python, "-m", "tendercheck", str(path), "-f", "json", "-o", out,
                             "--no-cache", "--jobs", "1"]  # fmt: skip
                    runs[label].append(cpu(check, env))
                if name.startswith("pdf263"):
                    bare.append(cpu([sys.executable, "-c", BARE, str(path)], env))
            line = f"{name:18}"
            for label, times in runs.items():
                line += f"  {label} {statistics.median(times):6.3f} s cpu"
                line += f" ({min(times):.2f}..{max(times):.2f})"
            if bare:
                b = statistics.median(bare)
                ratios = "  ".join(
                    f"{label} {statistics.median(t) / b:.2f}x" for label, t in runs.items()
                )
                line += f"  bare pypdfium2 {b:.3f} s; ratio {ratios}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
