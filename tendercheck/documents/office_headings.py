"""Heading and label heuristics shared by the .docx and .odt readers."""

from __future__ import annotations

import re

from tendercheck import lazyre
from tendercheck.documents.model import Block
from tendercheck.documents.office_text import BULLET, clean_text

_LABEL_RE = lazyre.compile(
    r"""^[ \u00a0]*(?P<label>
        \d{1,3}(?:\.\d{1,3})+\.?                       # 3.1  3.1.2  1.1.
      | \d{1,3}[.)]                                    # 4.  4)
      | \(\d{1,3}\) | \([a-z]{1,2}\) | [a-z]\)         # (1) (a) a)
      | \([ivxlc]{1,6}\) | [ivxlc]{1,6}\)             # (iv) iv)
      | \d{1,3}(?=[ \u00a0]*\t)                        # 4<tab>
    )(?P<sep>[ \t\u00a0]+|(?=[A-Z]))(?=\S)""",
    re.X,
)
_SPACE_NUMBER_RE = lazyre.compile(r"^[ \u00a0]*(?P<label>\d{1,2})[ \u00a0]+(?=[A-Z])")
_KEYWORD_NUMBER_RE = lazyre.compile(
    r"^(schedule|section|part|annex|appendix|chapter)\s+(\d{1,3}[a-z]?|[ivx]{1,5}|[a-z])\b",
    re.I,
)
_MONTHS = lazyre.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_LIST_END = lazyre.compile(r"[;,]\s*(and|or|and/or)$", re.I)
_DECIMAL_LABEL = lazyre.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")


def split_literal_label(raw: str, heading_candidate: bool = False) -> tuple[str | None, str]:
    """("3.1.2", rest) when the paragraph text starts with a typed clause or list number.

    A digit label followed by a space must be followed by a capital, so "1.5 million" is not a
    label; a bare "4 " counts only for short bold or capitalised lines (``heading_candidate``),
    and never before a month ("18 October").
    """
    m = _LABEL_RE.match(raw)
    if m:
        label, sep = m.group("label"), m.group("sep")
        rest = raw[m.end() :]
        if (
            label[0].isdigit()
            and "\t" not in sep
            and not (rest[:1].isupper() or rest[:1] in "(“\"‘'[")
        ):
            return None, raw
        return label, rest
    if heading_candidate:
        m = _SPACE_NUMBER_RE.match(raw)
        if m and not _MONTHS.match(raw[m.end() :]):
            return m.group("label"), raw[m.end() :]
    return None, raw


def label_depth(label: str | None) -> int | None:
    """1 for "4" / "4.", 2 for "3.1", None for labels that are not decimal clause numbers."""
    if not label or not _DECIMAL_LABEL.match(label):
        return None
    return min(label.rstrip(".").count(".") + 1, 9)


def _upper(text: str, caps: bool) -> bool:
    return caps or (text.upper() == text and sum(c.isalpha() for c in text) >= 2)


def _sentence_case(text: str) -> bool:
    """Mostly lower-case words, as in a sentence (not "Social Value - Applicable to all lots")."""
    words = [w for w in text.split() if w[:1].isalpha()]
    capitals = sum(1 for w in words if w[0].isupper())
    return capitals < 0.34 * len(words)


def heading_plausible(
    text: str, words: int, named: bool, bold: bool, caps: bool, label: str | None
) -> bool:
    """Whether a paragraph that a style or outline level calls a heading reads like one.

    Templates put body clauses in outline-level styles ("Level 2" clauses of 40 words) and
    heading styles ("2.1 The Supplier grants the Buyer a licence on the terms set out in..."),
    and set outline levels on form lines ("Signed by"). A built-in heading style (``named``) is
    trusted unless the text reads as a sentence or a list entry; an outline level alone needs
    a short line that is also bold, capitalised or numbered like "5.1".
    """
    if words == 0 or text[0].islower() or text[-1] in ";," or _LIST_END.search(text):
        return False
    if not any(c.isalpha() for c in text):
        return False
    if text.startswith("[") and text.endswith("]"):
        return False  # a template placeholder such as "[Insert Timetable]"
    ends_sentence = text[-1] in ".:"
    if ends_sentence and label and not label_depth(label) and label != BULLET:
        return False  # "(e) Paragraph 11.1." is a list entry
    if named:
        if words > 25 or (ends_sentence and words > 10):
            return False
        return not (ends_sentence and words > 5 and _sentence_case(text))
    if words > 12 or ends_sentence:
        return False
    return bold or _upper(text, caps) or (label_depth(label) or 0) >= 2


def heuristic_heading(
    text: str, words: int, label: str | None, bold: bool, caps: bool
) -> int | None:
    """Level for a short bold or capitalised numbered line; 0 for an unnumbered line in bold
    capitals (one level below the last heading); None for anything else."""
    if words == 0 or words > 12 or text[-1] in ".;," or text[0].islower():
        return None
    upper = _upper(text, caps)
    if not (bold or upper):
        return None
    depth = label_depth(label)
    if depth:
        return depth
    keyword = _KEYWORD_NUMBER_RE.match(text)
    if keyword and (upper or keyword.group(1).lower() not in ("annex", "appendix")):
        return 1
    if bold and upper and words <= 8 and label is None and text[-1] != ":":
        return 0
    return None


class ParagraphClassifier:
    """Kind, level and label of body paragraphs, in document order, with what carries from one
    paragraph to the next: the last heading level, and how each heading style is used."""

    def __init__(self) -> None:
        self.last_level = 0  # level of the last styled or numbered heading
        self.style_use: dict[str, list[int]] = {}  # heading style -> [paragraphs, demoted]
        self.punctuated_headings: list[tuple[Block, str]] = []

    def block(
        self,
        raw: str,
        text: str,
        label: str | None,
        level: int | None,
        named: bool,
        bold: bool,
        caps: bool,
        style_key: str,
        in_list: bool = False,
        caption: bool = False,
    ) -> Block:
        """The block for a paragraph whose style or outline gives it ``level`` (None: not a
        heading by style), ``label`` from list numbering, and text ``raw`` (cleaned: ``text``).
        In a list (``in_list``) no label is read from the text and no heading is guessed."""
        punctuated = None
        words = len(text.split())
        if not label and not in_list:
            emphatic = bold or caps or text.upper() == text
            lit, rest = split_literal_label(raw, heading_candidate=words <= 12 and emphatic)
            if lit is not None and clean_text(rest):
                label, text = lit, clean_text(rest)
                words = len(text.split())
        plain = label if label != BULLET else None
        if level is not None:
            stats = self.style_use.setdefault(style_key, [0, 0])
            stats[0] += 1
            if not heading_plausible(text, words, named, bold, caps, plain):
                level = None
                stats[1] += 1
            elif text[-1] in ".:":
                punctuated = style_key
        if level is None and not in_list:
            guess = heuristic_heading(text, words, plain, bold, caps)
            if guess is not None:
                level = guess or min(9, self.last_level + 1)
                if guess:
                    self.last_level = guess
        elif level is not None:
            self.last_level = level
        if level is not None:
            block = Block(kind="heading", text=text.replace("\n", " "), level=level, label=plain)
            if punctuated is not None:
                self.punctuated_headings.append((block, punctuated))
            return block
        if label is not None:
            return Block(kind="list_item", text=text, label=label)
        return Block(kind="caption" if caption else "paragraph", text=text)

    def review_heading_styles(self) -> None:
        """Demote punctuated "headings" ("The Supplier must:") in a heading style the document
        mostly uses for clauses (CCS contracts number every clause in Heading 2)."""
        for block, style_key in self.punctuated_headings:
            total, demoted = self.style_use.get(style_key, (0, 0))
            if demoted * 2 > total:
                block.kind = "list_item" if block.label else "paragraph"
                block.level = None
