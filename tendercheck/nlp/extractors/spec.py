"""Specification facts: where the specification starts, outcomes vs inputs, KPIs, market
engagement, SME/VCSE suitability and placeholders.

Facts:

- ``spec_start``: {"document", "page", "fraction", "clauses_before", "heading"}: the first
  specification / statement of requirements / scope HEADING in pack order (contents lists and
  prose mentions do not count), or the first page of a document whose name says specification.
- ``outcome_statements``: quotes from the specification that state outcomes.
- ``requirement_statements``: [{"quote", "kind": input|method|output|outcome}] from the spec.
- ``kpis``: [{"quote", "kind": output|outcome}].
- ``spec_in_another_document``: bool: the pack holds no specification because it is only part
  of a procurement (a selection questionnaire, guidance, forms or terms alone) or names a
  specification document it does not include ("Framework Schedule 1 (Specification)").
- ``notice_only``: bool: every document of the pack reads as a tender notice (clauses.yaml
  notice_fields), so its specification, terms and forms are in tender documents not given.
- ``market_engagement``: bool (False, with no evidence, when nothing is found in the pack).
- ``sme_vcse_suitability``: {"sme": bool|None, "vcse": bool|None, "quote"} when stated, else False.
- ``placeholder`` facts (value None, placeholder=True), one per placeholder found.
"""

from __future__ import annotations

from collections.abc import Iterable

from tendercheck.nlp.extractors import Context, extractor
from tendercheck.nlp.extractors.market_and_suitability import market_facts
from tendercheck.nlp.extractors.placeholders import placeholder_facts
from tendercheck.nlp.extractors.spec_start import (
    find_spec,
    notice_only_fact,
    spec_elsewhere_fact,
    spec_region,
    spec_start_fact,
)
from tendercheck.nlp.extractors.spec_statements import spec_statement_facts
from tendercheck.nlp.model import Fact


@extractor
def spec_facts(ctx: Context) -> Iterable[Fact]:
    found = find_spec(ctx)
    region = None
    if found is not None:
        yield spec_start_fact(ctx, found)
        region = spec_region(ctx, found)
    notice = notice_only_fact(ctx)
    yield notice
    yield spec_elsewhere_fact(ctx, found is not None, notice.value is True)
    yield from spec_statement_facts(ctx, region)
    yield from market_facts(ctx)
    yield from placeholder_facts(ctx)
