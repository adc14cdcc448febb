"""Screenshots of the HTML report for a bad tender and a good one, at desktop and phone widths.

    python bench/screenshots.py                 # top of each report -> docs/screenshots/*.png
    python bench/screenshots.py --full -o /tmp/shots   # whole pages, for reviewing the layout

Needs Playwright (pip install playwright) and Debian's Chromium (/usr/bin/chromium); Playwright's
own browser download is not used. The reports are rendered with no timestamp, so the images
change only when the report or the fixtures change.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = {
    "bad-tender": ROOT / "fixtures" / "council-cleaning-itt.docx",
    "good-tender": ROOT / "fixtures" / "nhs-community-wellbeing-spec.docx",
}
# name -> (CSS width, CSS height of the top-of-page clip, device pixel ratio)
VIEWPORTS = {"desktop": (1280, 1800, 1), "phone": (390, 1700, 2)}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def render_report(path: Path) -> str:
    from tendercheck.documents import read_pack
    from tendercheck.engine import evaluate, load_rules
    from tendercheck.nlp import analyse
    from tendercheck.report import Report, render

    analysis = analyse(read_pack([str(path)]))
    result = evaluate(analysis, load_rules())
    return render(Report(analysis=analysis, result=result, generated=None), "html")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output-dir", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--full", action="store_true", help="whole pages, not the top")
    args = parser.parse_args(argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("screenshots: needs playwright (pip install playwright)", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(
            f"screenshots: needs Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr
        )
        return 2
    args.output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, fixture in FIXTURES.items():
            page_file = Path(tmp) / f"{name}.html"
            page_file.write_text(render_report(fixture), encoding="utf-8")
            for view, (width, height, scale) in VIEWPORTS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=scale,
                    java_script_enabled=False,  # the report must read without scripts
                )
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith("file:")
                        else route.abort()
                    ),
                )
                page = context.new_page()
                page.goto(page_file.as_uri())
                target = args.output_dir / f"{name}-{view}.png"
                page.screenshot(path=str(target), full_page=args.full)
                _shrink(target)
                print(f"screenshots: wrote {target}")
                context.close()
        browser.close()
    return 0


def _shrink(png: Path) -> None:
    """Re-save with a 256-colour palette: a text page loses nothing visible and shrinks ~3x."""
    try:
        from PIL import Image
    except ImportError:
        return
    Image.MAX_IMAGE_PIXELS = None  # our own page, not an untrusted file (--full pages are tall)
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(png, optimize=True)


if __name__ == "__main__":
    sys.exit(main())
