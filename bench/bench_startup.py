"""Issue 16, start-up: time `tendercheck --version`, a one-page Markdown check and (optionally)
the G-Cloud 15 pack, each in a fresh process, and where a one-page check spends its start-up.

Run: python bench/bench_startup.py [--repeat 5] [--pack] [--python PATH]
(--pack adds the G-Cloud 15 pack with --jobs 1, and its CPU by stage, measured in-process.)
Every figure is the median of N runs: wall time and CPU time (user + system of the child).
CPU time is the fairer figure on a shared machine. `--python` times another checkout's
interpreter (e.g. a copy of the code before a change, on PYTHONPATH). Results go to stdout.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The checks run in an empty folder: `python -m tendercheck` and `-c` import the working
# directory's tendercheck first, so a run started from a checkout would measure that
# checkout's code, not the one --python or PYTHONPATH names (see bench/same_reports.py).
EMPTY = tempfile.TemporaryDirectory(prefix="bench-cwd-")

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT.parent / "shared" / "corpus" / "gcloud15-pack"
ONE_PAGE = """# Request for quotation: village hall cleaning

Little Snoring Parish Council invites quotations to clean the village hall twice a week for one
year from 1 April 2026. The budget is £6,000 a year. Quotations must be emailed by 12:00 on
6 March 2026. We will choose on price (60%) and quality (40%).

## What we need

- Clean floors, kitchen and toilets.
- Restock soap and paper towels.
"""

STAGES = """
import time
t0 = time.perf_counter()
from tendercheck.nlp import pipeline
spacy = pipeline.import_spacy() if hasattr(pipeline, "import_spacy") else __import__("spacy")
t1 = time.perf_counter()
pipeline.get_nlp()
t2 = time.perf_counter()
from tendercheck.nlp.clauses import get_matcher
get_matcher()
t3 = time.perf_counter()
from tendercheck.engine.loader import load_rules
load_rules()
t4 = time.perf_counter()
from tendercheck.nlp.extractors import load_extractors
load_extractors()
t5 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
"""

PACK_STAGES = """
import sys, time
from pathlib import Path
from tendercheck.nlp.pipeline import get_nlp
from tendercheck.engine import evaluate
from tendercheck.engine.loader import load_rules
from tendercheck.nlp.extractors import Context, load_extractors
get_nlp(); rules = load_rules(); extractors = load_extractors()
from tendercheck.documents import read_pack
from tendercheck.nlp import analyse
from tendercheck.nlp.text import build_sentences
t0 = time.process_time()
pack = read_pack([Path(sys.argv[1])])
t1 = time.process_time()
sentences = build_sentences(pack, 1)
t2 = time.process_time()
context = Context(pack=pack, sentences=sentences)
for extract in extractors:
    list(extract(context))
t3 = time.process_time()
analysis = analyse(pack, jobs=1)
t4 = time.process_time()
evaluate(analysis, rules, jobs=1)
t5 = time.process_time()
print(t1 - t0, t2 - t1, t3 - t2, t5 - t4)
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        args, env=env, cwd=EMPTY.name, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median(args: list[str], env: dict[str, str], repeat: int) -> str:
    runs = [run(args, env) for _ in range(repeat)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return f"wall {wall:.3f} s  cpu {cpu:.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pack", action="store_true", help="also the G-Cloud 15 pack, --jobs 1")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    cli = [args.python, "-m", "tendercheck"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(folder / "cache")}
        page = folder / "one-page.md"
        page.write_text(ONE_PAGE, encoding="utf-8")
        out = str(folder / "report.json")
        print(f"--version            {median([*cli, '--version'], env, args.repeat)}")
        check = [*cli, str(page), "-f", "json", "-o", out, "--no-cache", "--jobs", "1"]
        print(f"one-page .md check   {median(check, env, args.repeat)}")
        stages = []
        for _ in range(args.repeat):
            done = subprocess.run([args.python, "-c", STAGES], env=env, cwd=EMPTY.name,
                                  capture_output=True, text=True, check=True)  # fmt: skip
            stages.append([float(x) for x in done.stdout.split()])
        names = ("import spacy", "pipeline", "clause matcher", "rule packs", "extractors")
        for i, name in enumerate(names):
            print(f"  {name:18} {statistics.median(s[i] for s in stages):.3f} s (wall)")
        if args.pack and PACK.is_dir():
            pack = [*cli, str(PACK), "-f", "json", "-o", out, "--no-cache", "--jobs", "1"]
            print(f"G-Cloud 15 pack      {median(pack, env, max(1, args.repeat // 2))}")
            stages = []
            for _ in range(max(1, args.repeat // 2)):
                done = subprocess.run([args.python, "-c", PACK_STAGES, str(PACK)], env=env,
                                      cwd=EMPTY.name, capture_output=True, text=True,
                                      check=True)  # fmt: skip
                stages.append([float(x) for x in done.stdout.split()])
            for i, name in enumerate(("read", "sentences", "extractors", "evaluate")):
                print(f"  {name:18} {statistics.median(s[i] for s in stages):.3f} s (cpu)")


if __name__ == "__main__":
    main()
