"""Clarification questions: each about a clause of the pack that asks something, and named.

A question is asked only about a clause the clause model reads as asking something of bidders:
a condition with force must or conditional at bid stage (the ``clarification`` reader in
clauses.yaml), or a contract term that binds this contract (``clarification_terms``). A table row
(a line of required cover, a date in a timetable) carries no force of its own: it is asked
about when a unit of its section asks (the row is what it asks for). A question the document
already answers (an equivalent it already accepts) is never made: see
:mod:`tendercheck.bidder.eligibility`.
"""

from __future__ import annotations

from dataclasses import replace

from tendercheck.nlp.clauses import reads
from tendercheck.nlp.model import Analysis, Evidence

QUOTE_CHARS = 90


class Asking:
    """Which clauses of an analysis ask something, by reader, and the questions about them."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self._sections: dict[str, set[tuple[str, str]]] = {}
        self.questions: list[str] = []

    def _asking_sections(self, reader: str) -> set[tuple[str, str]]:
        if reader not in self._sections:
            self._sections[reader] = {
                (s.document, " > ".join(s.section))
                for s in self.analysis.sentences
                if s.clause is not None and reads(reader, s.clause)
            }
        return self._sections[reader]

    def asks(self, ev: Evidence | None, reader: str = "clarification") -> bool:
        if ev is None:
            return False
        if ev.clause is None:  # evidence built by hand (tests): read, as reads() does
            return True
        if reads(reader, ev.clause):
            return True
        return (
            ev.clause.force == "none"
            and reads(reader, replace(ev.clause, force="must"))
            and (ev.document, ev.section) in self._asking_sections(reader)
        )

    def ask(self, question: str, ev: Evidence | None, reader: str = "clarification") -> None:
        """Add the question, naming its clause, when the clause asks something."""
        if not self.asks(ev, reader):
            return
        text = f"{question} (About “{_short(ev.quote)}”, {ev.document}"
        if isinstance(ev.page, int) and ev.page > 0:
            text += f" p.{ev.page}"
        text += ".)"
        if text not in self.questions:
            self.questions.append(text)


def _short(quote: str) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1].rstrip() + "…"
