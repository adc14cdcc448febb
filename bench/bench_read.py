"""Benchmark: reading PDFs and a whole pack (target: read_pdf within 2x bare PDFium on corpus 07).

Run: python bench/bench_read.py [--repeat 3] [--pdf PATH] [--pack DIR]

Times, best of --repeat runs:
- bare pypdfium2 text extraction (page.get_textpage().get_text_range() over every page);
- tendercheck's read_pdf on the same file;
- tendercheck.documents.read_pack on the G-Cloud 15 pack folder (skipped with a message if the
  readers it needs are not importable yet).
Prints a table and the read_pdf / bare ratio; writes bench/results/read.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_PDF = CORPUS / "07_ccs_rm6264_attachment6-standard-selection-questionnaire.pdf"
DEFAULT_PACK = CORPUS / "gcloud15-pack"
RESULTS = ROOT / "bench" / "results" / "read.json"
TARGET_RATIO = 2.0


def best_of(repeat: int, fn) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def bare_pdfium(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    chars = 0
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        doc.close()
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", default=str(DEFAULT_PDF))
    parser.add_argument("--pack", default=str(DEFAULT_PACK))
    args = parser.parse_args()

    pdf_path = Path(args.pdf)
    if not pdf_path.is_file():
        raise SystemExit(f"no PDF at {pdf_path} (the corpus lives in ../shared/corpus)")
    data = pdf_path.read_bytes()

    from tendercheck.documents.limits import DEFAULT_LIMITS
    from tendercheck.documents.pdf_reader import read_pdf

    bare_pdfium(data)  # warm up: library load, first-call costs
    read_pdf(data, pdf_path.name, DEFAULT_LIMITS)

    rows: list[tuple[str, float, str]] = []
    bare_s, chars = best_of(args.repeat, lambda: bare_pdfium(data))
    rows.append(("pypdfium2 bare text", bare_s, f"{chars} chars"))
    read_s, doc = best_of(args.repeat, lambda: read_pdf(data, pdf_path.name, DEFAULT_LIMITS))
    rows.append(
        (
            "read_pdf",
            read_s,
            f"{doc.pages} pages, {len(doc.blocks)} blocks, {len(doc.tables)} tables",
        )
    )
    ratio = read_s / bare_s

    pack_result: dict | None = None
    pack_path = Path(args.pack)
    if not pack_path.is_dir():
        print(f"(pack timing skipped: no folder at {pack_path})")
    else:
        try:
            from tendercheck.documents import read_pack
            from tendercheck.documents.docx_reader import read_docx  # noqa: F401
        except ImportError as exc:
            print(f"(pack timing skipped: the readers are not all there yet: {exc})")
        else:
            pack_s, pack = best_of(args.repeat, lambda: read_pack([pack_path]))
            rows.append(
                (
                    "read_pack gcloud15",
                    pack_s,
                    f"{len(pack.documents)} documents, {pack.pages} pages, "
                    f"{len(pack.skipped)} skipped",
                )
            )
            pack_result = {
                "path": str(pack_path),
                "seconds": round(pack_s, 3),
                "documents": len(pack.documents),
                "pages": pack.pages,
                "skipped": len(pack.skipped),
            }

    print(f"{pdf_path.name}, best of {args.repeat}")
    print(f"{'what':<22} {'seconds':>8}  detail")
    for what, seconds, detail in rows:
        print(f"{what:<22} {seconds:>8.3f}  {detail}")
    verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"read_pdf / bare = {ratio:.2f}x (target <= {TARGET_RATIO:g}x: {verdict})")

    result = {
        "pdf": str(pdf_path),
        "repeat": args.repeat,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "bare_pdfium_s": round(bare_s, 3),
        "read_pdf_s": round(read_s, 3),
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "pages": doc.pages,
        "blocks": len(doc.blocks),
        "pack": pack_result,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
