"""Fixtures shared by several test modules."""

from __future__ import annotations

import pytest

from .test_report_html import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        pw = sync_api.sync_playwright().start()
    except Exception as exc:  # a broken driver install is a reason to skip, not a failure
        pytest.skip(f"Playwright did not start: {exc}")
    try:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:
        pw.stop()
        pytest.skip(f"Chromium did not start: {exc}")
    yield launched
    launched.close()
    pw.stop()
