"""Benchmark: how much the analysis stage adds to reading (target: <= 1 s on corpus 07).

Run: python bench/bench_analyse.py [--repeat 3] [PATH]
Prints reading time, analysis time (pipeline already built, as in a long run, and cold with
the pipeline build), words and words per second; writes bench/results/analyse.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = (
    ROOT.parent
    / "shared"
    / "corpus"
    / "07_ccs_rm6264_attachment6-standard-selection-questionnaire.pdf"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from tendercheck.documents import read_pack
    from tendercheck.nlp import analyse
    from tendercheck.nlp.pipeline import get_nlp

    t = time.perf_counter()
    get_nlp()
    build = time.perf_counter() - t
    reads, analyses = [], []
    words = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        pack = read_pack([args.path])
        reads.append(time.perf_counter() - t)
        t = time.perf_counter()
        analysis = analyse(pack)
        analyses.append(time.perf_counter() - t)
        words = analysis.word_count
    result = {
        "path": args.path,
        "pages": pack.pages,
        "words": words,
        "read_s": round(min(reads), 3),
        "analyse_s": round(min(analyses), 3),
        "pipeline_build_s": round(build, 3),
        "words_per_s": round(words / min(analyses)),
        "facts": len(analysis.facts),
    }
    for key, value in result.items():
        print(f"{key:18} {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "analyse.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
