"""The batch summary, written one row at a time as each pack finishes.

A batch that is stopped (Ctrl-C, killed, a power cut) keeps the rows written so far, and
``batch --resume`` reads them back and checks only the packs that have no row yet, so no row is
ever written twice.

- CSV: a header, then one line per row, appended and flushed. Text that would start a
  spreadsheet formula is made inert (see :func:`csv_cell`).
- JSON: an array with one row per line; each new row is written over the closing bracket, so the
  file is a complete JSON array after every row, without rewriting what is already there.

The first row replaces an earlier file atomically (and a device or pipe is written through, as
for reports); a row cut short by a kill in the middle of a write is dropped when the summary is
resumed. A file that is not a summary is never resumed over: it is refused, exit 2.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from tendercheck.errors import InputError
from tendercheck.report.output import is_stream, refuse_inputs, write_output_file

ROW_START = ("pack", "status", "error", "exit_code")

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage
# return, strips it and reads what follows): "=HYPERLINK(...)" in a file name would run.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_JSON_END = b"\n]\n"


def csv_cell(value: Any) -> Any:
    """A summary value made inert for spreadsheets: text that would start a formula gets a
    leading single quote, as OWASP advises (numbers are left as numbers)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class SummaryWriter:
    """Rows of a batch summary (.csv or .json), appended as they come; with ``resume``, the
    rows already in the file are kept and :meth:`has` says which packs they cover."""

    def __init__(
        self, target: str, columns: list[str], protected: dict | None, resume: bool = False
    ):
        self.target = target
        self.columns = [*ROW_START, *(c for c in columns if c not in ROW_START)]
        self.protected = protected
        self.json = target.lower().endswith(".json")
        self.stream = is_stream(target)
        self.earlier: list[dict[str, Any]] = []
        self._fh = None
        if resume and not self.stream and os.path.lexists(target):
            self.earlier = self._read_earlier()
            self._rewrite(self.earlier, read_back=True)  # drops a row cut short; appends follow
        self._done = {self._key(row.get("pack")) for row in self.earlier}

    # -- which packs are done ---------------------------------------------------------------

    def _key(self, pack: Any) -> str:
        return os.path.abspath(str(pack)) if pack not in (None, "") else ""

    def has(self, pack: str) -> bool:
        """Whether the summary already has a row for ``pack`` (matched by its path)."""
        return self._key(pack if self.json else csv_cell(pack)) in self._done

    # -- reading an earlier summary ---------------------------------------------------------

    def _read_earlier(self) -> list[dict[str, Any]]:
        try:
            data = Path(self.target).read_bytes()
        except OSError as exc:
            raise InputError(self.target, f"cannot be read to resume ({_why(exc)})") from exc
        text = data.decode("utf-8", errors="replace")
        rows = self._json_rows(text) if self.json else self._csv_rows(text)
        if rows is None:
            raise InputError(
                self.target, "is not a tendercheck batch summary; refusing to resume over it"
            )
        return rows

    def _csv_rows(self, text: str) -> list[dict[str, Any]] | None:
        if not text.strip():
            return []
        records = list(csv.reader(io.StringIO(text, newline="")))
        header, body = records[0], records[1:]
        if "pack" not in header or "status" not in header:
            return None
        # The earlier file's columns, then any it lacks (its rows get them empty): the file is
        # rewritten with the rows kept before any is added.
        self.columns = [*header, *(c for c in self.columns if c not in header)]
        if body and not text.endswith("\n"):
            body = body[:-1]  # the last row was cut short
        return [dict(zip(header, r, strict=True)) for r in body if len(r) == len(header)]

    def _json_rows(self, text: str) -> list[dict[str, Any]] | None:
        if not text.strip():
            return []
        try:
            data = json.loads(text)
        except ValueError:
            return self._json_lines(text)
        if isinstance(data, list) and all(isinstance(r, dict) and "pack" in r for r in data):
            return data
        return None

    def _json_lines(self, text: str) -> list[dict[str, Any]] | None:
        """The complete rows of a summary whose last write was cut short."""
        lines = text.split("\n")
        if lines[0].strip() != "[":
            return None
        rows = []
        for line in lines[1:]:
            try:
                row = json.loads(line.rstrip().removesuffix(","))
            except ValueError:
                break
            if not isinstance(row, dict) or "pack" not in row:
                break
            rows.append(row)
        return rows

    # -- writing ------------------------------------------------------------------------------

    def _text(self, rows: list[dict[str, Any]], header: bool, read_back: bool = False) -> str:
        """Rows as summary text; ``read_back`` rows came from the file, already made inert."""
        if self.json:
            return ",\n".join(_json_line(r) for r in rows)
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=self.columns, extrasaction="ignore", lineterminator="\n"
        )
        if header:
            writer.writeheader()
        for row in rows:
            writer.writerow(row if read_back else {k: csv_cell(v) for k, v in row.items()})
        return buf.getvalue()

    def _rewrite(self, rows: list[dict[str, Any]], read_back: bool = False) -> None:
        """The whole summary, atomically (the first row, or the rows kept on resuming); then
        the file is kept open for the rows that follow."""
        if self.json:
            content = "[\n" + self._text(rows, True) + "\n]\n" if rows else "[\n]\n"
        else:
            content = self._text(rows, header=True, read_back=read_back)
        write_output_file(self.target, content, self.protected, what="the summary")
        try:
            self._fh = open(self.target, "r+b" if self.json else "ab")  # noqa: SIM115
        except OSError as exc:
            raise InputError(self.target, f"cannot be written ({_why(exc)})") from exc

    def write(self, row: dict[str, Any]) -> None:
        """Add one row, flushed to the file before this returns."""
        pack = row.get("pack")
        self._done.add(self._key(pack if self.json else csv_cell(pack)))
        if self.stream:
            self._write_through(row)
        elif self._fh is None:
            self._rewrite([row])
        else:
            self._append(row)

    def _append(self, row: dict[str, Any]) -> None:
        assert self._fh is not None
        try:
            if self.json:  # over the closing bracket, in one write
                end = self._fh.seek(0, os.SEEK_END)
                first = end <= len(b"[" + _JSON_END)
                self._fh.seek(1 if first else end - len(_JSON_END))
                lead = b"\n" if first else b",\n"
                self._fh.write(lead + _json_line(row).encode() + _JSON_END)
            else:
                self._fh.write(self._text([row], header=False).encode())
            self._fh.flush()
        except OSError as exc:
            raise InputError(self.target, f"cannot be written ({_why(exc)})") from exc

    def _write_through(self, row: dict[str, Any]) -> None:
        """A device or pipe: rows as they come (the JSON array is closed by :meth:`close`)."""
        try:
            if self._fh is None:
                if self.protected:
                    refuse_inputs(self.target, self.protected, "the summary")
                self._fh = open(self.target, "wb")  # noqa: SIM115
                text = "[\n" + _json_line(row) if self.json else self._text([row], header=True)
            else:
                text = ",\n" + _json_line(row) if self.json else self._text([row], header=False)
            self._fh.write(text.encode())
            self._fh.flush()
        except OSError as exc:
            raise InputError(self.target, f"cannot be written ({_why(exc)})") from exc

    def close(self) -> None:
        if self._fh is None:
            return
        try:
            if self.stream and self.json:
                self._fh.write(_JSON_END)
            self._fh.close()
        except OSError as exc:
            raise InputError(self.target, f"cannot be written ({_why(exc)})") from exc
        finally:
            self._fh = None


def _json_line(row: dict[str, Any]) -> str:
    return json.dumps(row, allow_nan=False, default=str)


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
