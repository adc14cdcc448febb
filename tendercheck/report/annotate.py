"""--annotate: write a copy of each .docx in the pack with a Word comment at each finding.

Where copies go (the original is never modified; each copy is written atomically):

- a single .docx input ``dir/spec.docx`` -> ``dir/spec.tendercheck.docx``;
- a document in a folder or zip pack ``dir/pack`` or ``dir/pack.zip`` -> beside the pack, never
  inside it (so the next run does not read the copies as part of the pack), named after the
  pack and the member's path: ``Annex/Spec.docx`` -> ``dir/pack.Annex-Spec.tendercheck.docx``;
- with ``--output-dir DIR`` the same names, in DIR (which must exist);
- two copies that would still get the same name are told apart by "-2", "-3"...

An existing copy is replaced only with ``force``; otherwise the run stops with an InputError
before anything is written. Documents that are not .docx are reported and skipped, and so are
documents with no finding to comment on (a pack of 60 contract schedules should not leave 60
unchanged copies beside it).

Comments are short: the rule, one line (the finding's first sentence) and the fix's first
sentence ("SUPPLIER-06: ...\nFix: ..."; author "tendercheck", initials "TC"); the whole message
is in the report. One per failing, unwaived finding per place: on the paragraph (or table row
cells) holding a quote, once however many of its quotes are there. A quote that cannot be found
goes on the document's first heading with where it was read ("p.N, section"). Findings with no
place in any annotated .docx (about the pack as a whole, or read from a PDF) share one comment at
the start of the first .docx, a line each.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tendercheck import lazyre
from tendercheck.documents.limits import DEFAULT_LIMITS
from tendercheck.documents.safety import check_xml_total, open_office_zip, read_member
from tendercheck.errors import InputError
from tendercheck.report.annotate_anchor import BodyIndex, Placer, mark_range

AUTHOR = "tendercheck"
INITIALS = "TC"
SUFFIX = ".tendercheck.docx"
_BAD_NAME_CHARS = lazyre.compile(r'[\x00-\x1f/\\:*?"<>|]+')
_XML_INVALID = lazyre.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_STEM = 180


@dataclass
class _Owner:
    """An input path, what kind of input it is, and the path the pack recorded for it (an
    earlier location when the analysis was answered from the cache, which is keyed by content:
    documents' recorded paths are rebased from it onto ``path``)."""

    path: Path
    kind: str  # file | dir | zip
    recorded: str

    def owns(self, doc_path: str) -> bool:
        if self.kind == "zip":
            return doc_path.startswith(self.recorded + "!")
        if self.kind == "dir":
            return bool(self._inside(doc_path))
        return doc_path == self.recorded

    def current(self, doc_path: str) -> str:
        """Where a document it owns is now: "dir/Annex/Spec.docx", "pack.zip!Spec.docx"."""
        if self.kind == "zip":
            return str(self.path) + doc_path[len(self.recorded) :]
        if self.kind == "dir":
            return str(self.path / self._inside(doc_path))
        return str(self.path)

    def _inside(self, doc_path: str) -> str:
        root = str(Path(self.recorded).resolve()).rstrip(os.sep) + os.sep
        resolved = str(Path(doc_path).resolve())
        return resolved[len(root) :] if resolved.startswith(root) else ""


@dataclass
class _Copy:
    doc_index: int
    owner: _Owner
    source: str  # where the original is now (for reading and messages)
    target: Path
    docx: Any = None  # the python-docx Document being annotated
    data: bytes = b""  # the finished copy
    placer: Placer | None = None
    comments: int = 0
    placed: set = field(default_factory=set)  # (rule id, first, last) already commented


def annotate_documents(
    analysis: Any,
    result: Any,
    inputs: list[Path],
    output_dir: Path | None,
    force: bool = False,
) -> list[str]:
    """Write the annotated copies; return one message per copy written or document skipped."""
    documents = analysis.pack.documents
    if output_dir is not None and not output_dir.is_dir():
        reason = "is not a folder" if output_dir.exists() else "the output folder does not exist"
        raise InputError(str(output_dir), reason)
    owners = _owners(inputs, analysis.pack.inputs)
    messages: list[str] = []
    copies: list[_Copy] = []
    not_docx: dict[int, list[str]] = {}
    sources: list[Path] = [o.path for o in owners]
    used: set[str] = set()
    for i, doc in enumerate(documents):
        owner = next((o for o in owners if o.owns(doc.path)), None)
        source = owner.current(doc.path) if owner else doc.path
        if "!" not in source:
            sources.append(Path(source))
        if doc.format != "docx":
            if owner is None or owner.kind == "file":
                messages.append(f"{source}: --annotate only annotates .docx files; skipped")
            else:
                not_docx.setdefault(owners.index(owner), []).append(doc.name)
        elif owner is None:
            messages.append(f"{source}: cannot tell which input it came from; not annotated")
        else:
            copies.append(_Copy(i, owner, source, _copy_path(doc.name, owner, output_dir, used)))
    for n, names in not_docx.items():
        messages.append(
            f"{owners[n].path}: --annotate only annotates .docx files; not annotated: "
            + _some(names)
        )
    from tendercheck.report.output import protected_files, write_output_file

    protected = protected_files(sources)
    for copy in copies:  # an existing copy stops the run before the work, not only after it
        _check_target(copy.target, protected, force)

    annotated = _annotate_all(copies, _Findings(analysis, result), messages)
    empty: dict[int, list[str]] = {}
    for copy in annotated:
        if not copy.comments:
            empty.setdefault(owners.index(copy.owner), []).append(documents[copy.doc_index].name)
    for copy in annotated:
        if copy.comments:
            write_output_file(copy.target, copy.data, protected, "the annotated copy")
            plural = "" if copy.comments == 1 else "s"
            messages.append(f"{copy.source}: wrote {copy.target} ({copy.comments} comment{plural})")
    for n, names in empty.items():
        owner = owners[n]
        if owner.kind == "file":
            messages.append(f"{owner.path}: no findings to comment on; no copy written")
        else:
            messages.append(
                f"{owner.path}: no findings to comment on in {len(names)} document"
                f"{'' if len(names) == 1 else 's'}; no copies written for {_some(names)}"
            )
    return messages


def _annotate_all(copies: list[_Copy], findings: _Findings, messages: list[str]) -> list[_Copy]:
    """Comment every copy, one open document at a time (a pack may hold dozens), except the
    first that opens: it is finished last, with the findings placed in no other copy."""
    first: _Copy | None = None
    annotated: list[_Copy] = []
    for copy in copies:
        try:
            _open(copy, findings.documents[copy.doc_index])
        except Exception as exc:  # python-docx raises assorted errors on files it cannot edit
            messages.append(f"{copy.source}: could not be annotated ({_reason(exc)}); skipped")
            continue
        findings.place(copy)
        annotated.append(copy)
        if first is None:
            first = copy
        else:
            _finish(copy)
    if first is not None:
        findings.place_the_rest(first)
        _finish(first)
    return annotated


def _some(names: list[str], shown: int = 5) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


# -- where copies go ---------------------------------------------------------------------------


def _owners(inputs: list[Path], recorded: list[dict]) -> list[_Owner]:
    """One owner per input, paired in order with what the pack recorded for each."""
    if len(recorded) != len(inputs):
        recorded = [{"path": str(p), "format": "dir" if p.is_dir() else "file"} for p in inputs]
    owners = []
    for path, item in zip(inputs, recorded, strict=True):
        kind = item["format"] if item["format"] in ("dir", "zip") else "file"
        owners.append(_Owner(Path(path), kind, item["path"]))
    return owners


def _copy_path(member: str, owner: _Owner, output_dir: Path | None, used: set[str]) -> Path:
    resolved = owner.path.resolve()
    if owner.kind == "file":
        stem = Path(member).stem
    else:
        pack = resolved.name if owner.kind == "dir" else resolved.stem
        parts = member.split("/")
        folders = [p[:-4] if p.lower().endswith(".zip") else p for p in parts[:-1]]
        stem = ".".join((pack, "-".join([*folders, Path(parts[-1]).stem])))
    stem = _BAD_NAME_CHARS.sub("_", stem).lstrip(".")[:_MAX_STEM] or "document"
    folder = output_dir if output_dir is not None else resolved.parent
    name, n = stem + SUFFIX, 1
    while str(folder / name).lower() in used:
        n += 1
        name = f"{stem}-{n}{SUFFIX}"
    used.add(str(folder / name).lower())
    return folder / name


def _check_target(target: Path, protected: dict[tuple[int, int], str], force: bool) -> None:
    """Refuse an existing copy without force, or a copy that would land on an input or on a
    document that was read (``protected``: files by device and inode, so any spelling, symbolic
    or hard link of them is caught)."""
    from tendercheck.report.output import refuse_inputs

    refuse_inputs(target, protected, "the annotated copy")
    if target.is_dir():
        raise InputError(str(target), "is a folder; cannot write the annotated copy there")
    if (target.exists() or target.is_symlink()) and not force:
        raise InputError(str(target), "already exists; use --force to replace it")


# -- reading the original ----------------------------------------------------------------------


def _open(copy: _Copy, doc: Any) -> None:
    import docx

    data = _original_bytes(copy.owner, copy.source)
    # python-docx parses every part, the reader only a few: the reading limits, and one on
    # all the XML together, before it does.
    with open_office_zip(data, copy.source, DEFAULT_LIMITS) as zf:
        check_xml_total(zf, copy.source, DEFAULT_LIMITS)
    copy.docx = docx.Document(io.BytesIO(data))
    copy.placer = Placer(BodyIndex.build(copy.docx.element.body), doc.blocks)


def _original_bytes(owner: _Owner, doc_path: str) -> bytes:
    """The document's bytes, read fresh: a file as it is, a zip member from the zip in memory."""
    if owner.kind == "zip":
        data = _read_capped(owner.path, doc_path)
        return _member(data, doc_path[len(str(owner.path)) + 1 :], doc_path)
    path = Path(doc_path)
    if path.is_file():
        return _read_capped(path, doc_path)
    for match in re.finditer("!", doc_path):  # a zip inside a folder pack: "dir/x.zip!Spec.docx"
        outer = Path(doc_path[: match.start()])
        if outer.is_file():
            return _member(_read_capped(outer, doc_path), doc_path[match.end() :], doc_path)
    raise InputError(doc_path, "cannot be found again to copy it")


def _read_capped(path: Path, display: str) -> bytes:
    """A file's bytes, within the reading limit on file size (it may have changed since)."""
    with path.open("rb") as fh:
        data = fh.read(DEFAULT_LIMITS.max_file_bytes + 1)
    if len(data) > DEFAULT_LIMITS.max_file_bytes:
        raise InputError(display, "is now over the file size limit; it changed since it was read")
    return data


def _member(data: bytes, chain: str, display: str) -> bytes:
    """A member of a zip, following "inner.zip!member" one zip at a time."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = {info.filename: info for info in zf.infolist()}
        if chain in names:
            return read_member(zf, names[chain], display, DEFAULT_LIMITS)
        for match in re.finditer("!", chain):
            inner = chain[: match.start()]
            if inner in names:
                member = read_member(zf, names[inner], display, DEFAULT_LIMITS)
                return _member(member, chain[match.end() :], display)
    raise InputError(display, "cannot be found in its zip again to copy it")


def _reason(exc: Exception) -> str:
    text = exc.reason if isinstance(exc, InputError) else str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


# -- placing comments --------------------------------------------------------------------------


class _Findings:
    """The failing, unwaived findings, by the document their evidence is in, and the rules
    that have had a comment in some copy."""

    def __init__(self, analysis: Any, result: Any):
        self.documents = analysis.pack.documents
        self.failed = result.failed()
        self.handled: set[str] = set()
        names: dict[str, int] = {}
        for i, doc in enumerate(self.documents):
            names.setdefault(doc.name, i)
        self.by_doc: dict[int, list[tuple[Any, Any]]] = {}
        for finding in self.failed:
            for ev in finding.evidence:
                doc_index = ev.doc_index if 0 <= ev.doc_index < len(self.documents) else -1
                if doc_index < 0 and ev.page:
                    doc_index = names.get(ev.document, -1)  # evidence made without an index
                if doc_index >= 0:
                    self.by_doc.setdefault(doc_index, []).append((finding, ev))

    def place(self, copy: _Copy) -> None:
        """A comment at each piece of evidence in the copy's document; evidence whose quote is
        not found goes on its first heading, saying where it is."""
        assert copy.placer is not None
        unplaced: dict[str, list[Any]] = {}
        for finding, ev in self.by_doc.get(copy.doc_index, []):
            spot = copy.placer.locate(ev.quote, ev.block, ev.start)
            if spot is None:
                unplaced.setdefault(finding.rule.id, []).append(ev)
                continue
            _comment(copy, finding.rule.id, spot, _finding_text(finding))
            self.handled.add(finding.rule.id)
        for finding in self.failed:
            evidence = unplaced.get(finding.rule.id)
            if evidence:
                where = "; ".join(_where(ev, None) for ev in evidence[:5])
                _comment_on_heading(copy, finding, f"Not found in the text; it is at {where}.")
                self.handled.add(finding.rule.id)

    def place_the_rest(self, copy: _Copy) -> None:
        """Findings with no comment in any copy: one comment at the start of the copy, a line
        each (the pack as a whole, or where in another document)."""
        here = self.documents[copy.doc_index].name
        lines = []
        for finding in self.failed:
            if finding.rule.id in self.handled:
                continue
            located = [ev for ev in finding.evidence if ev.document]
            line = f"{finding.rule.id}: {finding.rule.title}. {_one_line(finding.message)}"
            if located:
                more = f" and {len(located) - 2} more" if len(located) > 2 else ""
                line += f" (see {'; '.join(_where(ev, here) for ev in located[:2])}{more})"
            lines.append(f"{line}\nFix: {_one_line(finding.rule.fix)}")
        if not lines or copy.placer is None:
            return
        spot = copy.placer.heading()
        if spot is None:
            return
        head = (
            "tendercheck: a finding about the pack as a whole or another document"
            if len(lines) == 1
            else f"tendercheck: {len(lines)} findings about the pack as a whole or other documents"
        )
        _comment(copy, "(pack)", spot, head + ":\n" + "\n".join(lines))


def _finish(copy: _Copy) -> None:
    """Serialise the annotated copy and let its document tree go."""
    buffer = io.BytesIO()
    copy.docx.save(buffer)
    copy.data = _reproducible(buffer.getvalue())
    copy.docx = copy.placer = None


def _comment_on_heading(copy: _Copy, finding: Any, note: str) -> None:
    assert copy.placer is not None
    spot = copy.placer.heading()
    if spot is not None:
        _comment(copy, finding.rule.id, spot, f"{_finding_text(finding)}\n{note}")


def _comment(copy: _Copy, rule_id: str, spot: tuple[int, int], text: str) -> None:
    assert copy.placer is not None
    key = (rule_id, *spot)
    if key in copy.placed:
        return
    copy.placed.add(key)
    comment = copy.docx.comments.add_comment(
        text=_XML_INVALID.sub("", text), author=AUTHOR, initials=INITIALS
    )
    _pin_date(comment)
    anchors = copy.placer.body.anchors
    mark_range(anchors[spot[0]], anchors[spot[1]], comment.comment_id)
    copy.comments += 1


def _epoch() -> int | None:
    """SOURCE_DATE_EPOCH, when set: copies made with it are reproducible byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return int(epoch) if epoch and epoch.isdigit() else None


def _pin_date(comment: Any) -> None:
    epoch = _epoch()
    element = getattr(comment, "_comment_elm", None)  # python-docx has no public date setter
    if epoch is not None and element is not None:
        element.date = dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc)


def _reproducible(data: bytes) -> bytes:
    """With SOURCE_DATE_EPOCH, the package's zip entries dated then rather than now."""
    epoch = _epoch()
    if epoch is None:
        return data
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)  # type: ignore[arg-type]
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()


def _finding_text(finding: Any) -> str:
    """The comment on a finding: its rule (ID and title), one line, and the fix."""
    return (
        f"{finding.rule.id}: {finding.rule.title}\n{_one_line(finding.message)}\n"
        f"Fix: {_one_line(finding.rule.fix)}"
    )


_SENTENCE_END = lazyre.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
ONE_LINE = 160  # characters: a comment in Word's margin, not the report


def _one_line(text: str) -> str:
    """The first sentence, within ONE_LINE characters: cut at the last clause (";") or word
    that fits, with "…"."""
    flat = " ".join(str(text).split())
    first = _SENTENCE_END.split(flat, 1)[0]
    if len(first) <= ONE_LINE:
        return first
    head = first[: ONE_LINE - 1]
    cut = head.rsplit("; ", 1)[0] if "; " in head else head.rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"


def _where(ev: Any, here: str | None) -> str:
    """Where evidence is: "p.4, Instructions > Insurance: “quote”", with the document's name
    when it is not ``here``; for a fact supplied outside the documents, where it came from."""
    quote = ev.quote if len(ev.quote) <= 80 else ev.quote[:79] + "…"
    if not ev.page:
        return f"{ev.section or ev.document}: “{quote}”"
    parts = [ev.document] if here is not None and ev.document != here else []
    parts.append(f"p.{ev.page}")
    if ev.section:
        parts.append(ev.section)
    return ", ".join(parts) + (f": “{quote}”" if quote else "")
