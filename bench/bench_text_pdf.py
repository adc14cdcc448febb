"""Issue 16: a 263-page text PDF end to end, against bare pypdfium2 text extraction.

The corpus has no 263-page PDF, so one is built reproducibly with pypdfium2 from corpus PDFs:
  mixed:     corpus 07's 160 pages, corpus 06's 57 (which have ruled tables), then 07's first 46
  text-only: corpus 07's 160 pages, then its first 103 again (no ruled tables at all)
Each is timed in fresh processes (CPU time, user + system, children included; median of N):
  bare:  python -c "open the PDF with pypdfium2, every page's text through get_text_range"
  check: python -m tendercheck FILE -f json -o out.json --no-cache --jobs 1
and the ratio check / bare is printed (the target is <= 1.5).

Run: python bench/bench_text_pdf.py [--repeat 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# The checks run in an empty folder: `python -m tendercheck` and `-c` import the working
# directory's tendercheck first, so a run started from a checkout would measure that
# checkout's code, not the one --python or PYTHONPATH names (see bench/same_reports.py).
EMPTY = tempfile.TemporaryDirectory(prefix="bench-cwd-")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
C06 = CORPUS / "06_cabinet-office_ppn-03-24_standard-selection-questionnaire.pdf"
C07 = CORPUS / "07_ccs_rm6264_attachment6-standard-selection-questionnaire.pdf"
PAGES = 263

BARE = """
import sys
import pypdfium2 as pdfium
pdf = pdfium.PdfDocument(sys.argv[1])
chars = 0
for i in range(len(pdf)):
    page = pdf[i]
    text = page.get_textpage()
    chars += len(text.get_text_range())
    text.close()
    page.close()
print(chars)
"""


def build(kind: str, out: Path) -> Path:
    """The 263-page PDF of this kind (see the module docstring), written to ``out``."""
    import pypdfium2 as pdfium

    c07 = pdfium.PdfDocument(str(C07))
    c06 = pdfium.PdfDocument(str(C06))
    new = pdfium.PdfDocument.new()
    try:
        n07 = len(c07)
        if kind == "mixed":
            parts = [(c07, range(n07)), (c06, range(len(c06)))]
        else:
            parts = [(c07, range(n07))]
        count = sum(len(r) for _, r in parts)
        parts.append((c07, range(PAGES - count)))
        for source, pages in parts:
            new.import_pages(source, list(pages), index=len(new))
        assert len(new) == PAGES, len(new)
        with out.open("wb") as fh:
            new.save(fh)
    finally:
        for pdf in (new, c06, c07):
            pdf.close()
    return out


def cpu(args: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        args, env=env, cwd=EMPTY.name, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the built PDFs here and keep them")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TENDERCHECK_CACHE_DIR": str(Path(tmp) / "cache")}
        for kind in ("mixed", "text-only"):
            pdf = build(kind, folder / f"{kind}-{PAGES}.pdf")
            bare_cmd = [args.python, "-c", BARE, str(pdf)]
            check_cmd = [args.python, "-m", "tendercheck", str(pdf), "-f", "json", "-o",
                         str(Path(tmp) / "out.json"), "--no-cache", "--jobs", "1"]  # fmt: skip
            bare, check = [], []
            for _ in range(args.repeat):  # interleaved, so load spikes hit both alike
                bare.append(cpu(bare_cmd, env))
                check.append(cpu(check_cmd, env))
            b, c = statistics.median(bare), statistics.median(check)
            print(
                f"{kind:9} {PAGES} pages: bare pypdfium2 {b:.3f} s cpu, tendercheck {c:.3f} s cpu,"
                f" ratio {c / b:.2f} (runs: bare {min(bare):.2f}..{max(bare):.2f},"
                f" check {min(check):.2f}..{max(check):.2f})"
            )


if __name__ == "__main__":
    main()
