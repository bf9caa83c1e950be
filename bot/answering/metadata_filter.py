"""Which chunks pass a metadata filter, answered from memory.

Asking Chroma (`collection.get(where=…)`) scans the metadata table: at 1,000 plans (89,515 chunks)
a province filter took 307 ms the first time it was asked, and every new combination of agency,
place and period is a first time, so a list question paid it on most calls. The filters
`bot.answering.retrieve.where_clause` writes use a handful of keys; an inverted index over those keys, built
when the search swaps in new chunks, answers the same `where` in well under a millisecond. The
dense search still sends the same `where` to Chroma, so both sides filter alike.
"""
from __future__ import annotations

from collections import defaultdict

from core.types import Chunk

EQUAL_KEYS = frozenset({"province_key", "locality_key", "source", "plan_number", "deadline_quarter"})
FLAG_PREFIXES = ("lead:", "coord:")  # one boolean key per agency a task names (ingest/chunk.py)
RANGE_KEYS = frozenset({"deadline_year"})


class MetadataIndex:
    def __init__(self, chunks: dict[str, Chunk]):
        self.equal: dict[tuple[str, object], set[str]] = defaultdict(set)
        self.ranged: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for cid, chunk in chunks.items():
            for key, value in chunk.metadata.items():
                if key in EQUAL_KEYS or key.startswith(FLAG_PREFIXES):
                    self.equal[(key, value)].add(cid)
                elif key in RANGE_KEYS and isinstance(value, int):
                    self.ranged[key][value].add(cid)

    def ids(self, where: dict) -> set[str]:
        """The ids a Chroma `where` of `where_clause`'s making selects."""
        if "$and" in where:
            parts = [self.ids(w) for w in where["$and"]]
            return set.intersection(*parts) if parts else set()
        if "$or" in where:
            return set().union(*(self.ids(w) for w in where["$or"]))
        (key, condition), = where.items()
        if isinstance(condition, dict):
            return self._range(key, condition)
        if key not in EQUAL_KEYS and not key.startswith(FLAG_PREFIXES):
            raise ValueError(f"metadata key '{key}' is not indexed in memory (bot/answering/metadata_filter.py)")
        return set(self.equal.get((key, condition), ()))

    def _range(self, key: str, condition: dict) -> set[str]:
        (op, bound), = condition.items()
        if key not in RANGE_KEYS or op not in ("$gte", "$lte"):
            raise ValueError(f"filter {key} {op} is not supported in memory (bot/answering/metadata_filter.py)")
        keep = (lambda v: v >= bound) if op == "$gte" else (lambda v: v <= bound)
        return set().union(*(ids for value, ids in self.ranged[key].items() if keep(value)))
