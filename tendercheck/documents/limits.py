"""Limits that protect the machine from hostile or runaway input. Breaches are InputErrors."""

from __future__ import annotations

import time
from dataclasses import dataclass

from tendercheck.errors import InputError


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 150 * 1024 * 1024  # any single input file or zip member
    max_zip_members: int = 5000
    max_member_bytes: int = 300 * 1024 * 1024  # uncompressed size of one member
    max_total_uncompressed: int = 1024 * 1024 * 1024  # all members of one zip together
    max_compression_ratio: float = 150.0  # per member, for members over 1 MB uncompressed
    max_pages: int = 3000
    max_documents: int = 500
    # table structure of one PDF: counts, never time, so a report never depends on machine load
    max_table_pages: int = 1000  # pages with ruled grids given table structure
    max_table_cells: int = 100_000  # table cells, all tables of the PDF together
    max_table_cells_per_page: int = 20_000  # ruled-line crossings (horizontal x vertical rules)
    max_table_cell_chars: int = 20_000  # characters kept of one cell
    max_pdfplumber_table_pages: int = 60  # pages needing pdfplumber's full (slow) page parse
    document_budget_s: float = 120.0  # wall time for reading one document
    max_yaml_nodes: int = 200_000  # a user rule pack's YAML nodes, counting each alias's copy


DEFAULT_LIMITS = Limits()


class Budget:
    """Raise InputError when reading a document takes longer than the limit allows."""

    def __init__(self, name: str, seconds: float):
        self.name = name
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks & 255 == 0 and time.monotonic() > self.deadline:
            raise InputError(
                self.name, f"reading took longer than the {self.seconds:.0f} s limit; gave up"
            )
