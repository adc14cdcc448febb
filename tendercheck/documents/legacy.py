"""Legacy Word (.doc): convert to .docx with LibreOffice when it is installed, else refuse.

The conversion runs in a private temporary folder that is removed afterwards; the input is
never touched and nothing is left behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tendercheck.documents.limits import Limits
from tendercheck.documents.model import Document
from tendercheck.errors import InputError

HOW_TO_CONVERT = (
    "legacy Word .doc is not read directly; install LibreOffice (soffice) or open it in Word and "
    "'Save As' .docx, or run: soffice --headless --convert-to docx FILE.doc"
)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_doc(data: bytes, name: str, limits: Limits) -> Document:
    soffice = find_soffice()
    if soffice is None:
        raise InputError(name, HOW_TO_CONVERT)
    from tendercheck.documents.docx_reader import read_docx

    with tempfile.TemporaryDirectory(prefix="tendercheck-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(
                cmd,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=limits.document_budget_s,
                check=False,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired as exc:
            raise InputError(name, "LibreOffice took too long converting the .doc") from exc
        out = Path(tmp) / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise InputError(name, "LibreOffice could not convert the .doc (corrupt or protected?)")
        doc = read_docx(out.read_bytes(), name, limits)
    doc.format = "doc"
    doc.notes.append("converted from legacy .doc with LibreOffice")
    return doc
