"""Checks every correctly read table passes, turned into warnings for the person who uploaded it.

The same checks run label-free over hundreds of real tables (eval.table_check) and on every upload
(the read report): a table that fails one was probably read wrong, and the user is told where.
"""
from __future__ import annotations

from core.types import ReadWarning, TableSummary
from ingest.read import TableBlock


def table_warnings(block: TableBlock, summary: TableSummary) -> list[ReadWarning]:
    return []
