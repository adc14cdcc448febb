"""Text of PDF lines: cleaning, joining lines with hyphenated words, clause labels."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from tendercheck import lazyre

if TYPE_CHECKING:
    from tendercheck.documents.pdf_headings import DocumentTypography

SPACES = lazyre.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = lazyre.compile(r"[\x00-\x01\x03-\x08\x0b-\x1f\x7f\ufeff\ufffd]")
_LIGATURES = lazyre.compile("[\ufb00-\ufb06]")
_ODD = lazyre.compile(
    "[\x00-\x1f\x7f\u00a0\u00ad\u2000-\u200a\u202f\u205f\u3000\ufeff\ufffd\ufffe\ufb00-\ufb06]|  "
)
BULLET_ITEM = lazyre.compile(r"^([●•▪■◦○❖►▶➢➤✓✔◆◇□▢–—*·∙-])\s+(?=\S)")
NUMBER_LABEL = lazyre.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,5}\.?(?:\([a-z0-9]{1,4}\))?)(?=\s|$)")
NAMED_LABEL = lazyre.compile(
    r"^((?:section|part|annex|appendix|schedule|chapter|article|clause|lot)\s+"
    r"(?:\d{1,3}(?:\.\d{1,3})*|[A-Z]{1,2}|[IVXL]{1,6})\b)",
    re.I,
)
NAMED_HEADING = lazyre.compile(
    r"^(?:section|part|annex|appendix|schedule|chapter|lot)\s+"
    r"(?:\d{1,3}(?:\.\d{1,3})*|[A-Z]{1,2}|[IVXL]{1,6})\b\s*(?:[:.–—-]|$|\s+[A-Z(])",
    re.I,
)
ENDS_SENTENCE = lazyre.compile(r"[.:;!?…]['\"’”)\]]*$")

# Word fragments after a line-end hyphen that show the hyphen only split a word
# ("require-ment"), as against joining two words ("work-related").
_SUFFIXES = lazyre.compile(
    r"(?:ment|ments|tion|tions|sion|sions|ing|ings|ness|ity|ities|ance|ances|ence|ences|ency"
    r"|able|ible|ably|ibly|ally|ure|ures|ated|ation|ations|ise|ize|ised|ized|ising|izing|ary"
    r"|ory|ous|ive|ives|ful|less|ship|ships|hood|ted|ting|ter|ters|tor|tors|ers|ed|es|ly|al"
    r"|ic|ical|ist|ists|ism|ant|ants|ent|ents|ial|ially|ual|ually|ing|ions|ion|cy|ty|age)",
)
_KEEP_HYPHEN_PREFIXES = frozenset(
    {"self", "non", "co", "sub", "pre", "post", "ex", "cross", "multi", "anti", "semi", "well"}
    | {"e", "mid", "pan"}
)


# ---------------------------------------------------------------------------------------------


def clean_line(text: str) -> str:
    """One line of PDFium text, normalised: hyphen markers, odd spaces, ligatures, controls."""
    if not _ODD.search(text):
        return text.strip()
    if "\ufffe" in text:
        text = re.sub(r"(\S*)\ufffe(\S*)", _resolve_marker, text)
    if "\x02" in text or "\u00ad" in text:
        text = re.sub(r"[\x02\u00ad](?=\S)", "", text)
        text = re.sub(r"[\x02\u00ad]$", "\x02", text)  # line-end soft hyphen, joined later
    text = _CONTROL.sub("", text)
    if _LIGATURES.search(text):
        text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return SPACES.sub(" ", text).strip()


def _resolve_marker(m: re.Match) -> str:
    # PDFium marks a hyphen it found at the end of a visual line (and joined across) as U+FFFE.
    left, right = m.group(1), m.group(2)
    return left + _hyphen(left, right, None) + right


def _hyphen(left: str, right: str, builder: DocumentTypography | None) -> str:
    """'-' to keep a line-end hyphen between left and right, '' to join the word back."""
    if not right or not right[0].islower() or not left or not left[-1].isalpha():
        return "-"
    word = left.split()[-1] if left.split() else left
    if any(c in word for c in "-/.@_:") or any(c.isdigit() for c in word):
        return "-"
    if word.lower() in _KEEP_HYPHEN_PREFIXES:
        return "-"
    tail = re.match(r"[^\W\d_]+", right)
    tail_word = tail.group() if tail else right
    joined = (word + tail_word).lower()
    hyphened = (word + "-" + tail_word).lower()
    if builder is not None:
        words = builder.words()
        if hyphened in words:
            return "-"
        if joined in words:
            return ""
    if _SUFFIXES.fullmatch(tail_word.lower()):
        return ""
    return "-"


def join_line(text: str, nxt: str, builder: DocumentTypography | None) -> str:
    """Append a line to a block's text, joining a word hyphenated across the line break."""
    if text.endswith("\x02"):
        return text[:-1] + nxt
    if text.endswith("-") and len(text) > 1 and text[-2].isalnum():
        head = text[:-1]
        if _hyphen(head, nxt, builder) == "":
            return head + nxt
        return text + nxt
    return text + " " + nxt


def join_lines(parts: list[str], builder: DocumentTypography | None) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = join_line(text, part, builder)
    return text.replace("\x02", "")


def last_word(text: str) -> str:
    words = text.split()
    return words[-1].lower().strip(",;:") if words else ""


def strip_bullet(text: str) -> str:
    m = BULLET_ITEM.match(text)
    return text[m.end() :] if m else text


def without_number_label(text: str, label: str) -> str:
    """The text after a typed clause number ("4.2 Insurance" -> "Insurance"), as the .docx
    reader gives it: the number lives in Block.label. Named labels ("Section 4") stay."""
    m = NUMBER_LABEL.match(text)
    if not m or m.group(1).rstrip(".") != label:
        return text
    rest = text[m.end() :].lstrip(" \t.:–—-")
    return rest or text


def line_label(text: str) -> str | None:
    m = NAMED_LABEL.match(text) or NUMBER_LABEL.match(text)
    if not m:
        return None
    label = m.group(1).rstrip(".")
    return label or None


def clause_depth(text: str) -> int:
    m = NUMBER_LABEL.match(text)
    if not m:
        return 0
    return m.group(1).rstrip(".").count(".") + 1
