"""Filters answered from memory must select exactly what Chroma selects for the same `where`."""
import pytest

from bot.answering.metadata_filter import MetadataIndex
from bot.answering.retrieve import where_clause
from core.types import Chunk, Filters


def task(i: int, **metadata) -> Chunk:
    return Chunk(id=f"t{i}", source=metadata.get("source", "a.txt"), ref=f"task:{i}", kind="task", text="x",
                 metadata=metadata)


@pytest.mark.unit
def test_equality_flags_ranges_and_their_combinations():
    chunks = {c.id: c for c in [
        task(1, province_key="an giang", deadline_year=2026, deadline_quarter=4, **{"lead:so y te": True}),
        task(2, province_key="an giang", deadline_year=2027, **{"coord:so y te": True}),
        task(3, province_key="nghe an", deadline_year=2026, source="b.txt", plan_number="07/KH-UBND"),
    ]}
    index = MetadataIndex(chunks)
    assert index.ids({"province_key": "an giang"}) == {"t1", "t2"}
    assert index.ids({"lead:so y te": True}) == {"t1"}
    assert index.ids({"$and": [{"deadline_year": {"$gte": 2026}}, {"deadline_year": {"$lte": 2026}}]}) == {"t1", "t3"}
    assert index.ids({"$or": [{"source": "07/KH-UBND"}, {"plan_number": "07/KH-UBND"}]}) == {"t3"}
    assert index.ids({"$and": [{"province_key": "an giang"}, {"deadline_quarter": 4}]}) == {"t1"}
    with pytest.raises(ValueError, match="not indexed"):
        index.ids({"title": "x"})


@pytest.mark.integration
@pytest.mark.parametrize("filters", [
    Filters(province="An Giang"), Filters(province="Kiên Hải"), Filters(province="An Giang", year_from=2027),
    Filters(year_from=2026, year_to=2026, quarter=4), Filters(lead="Sở Y tế"), Filters(coordinating="Sở Tài chính"),
    Filters(plan="07/KH-UBND"), Filters(lead="Sở Y tế", province="Quảng Ngãi", year_to=2026),
])
def test_memory_selects_what_chroma_selects_on_the_bundled_plans(planbot, filters):
    search = planbot.context().search
    where = where_clause(filters, search.localities)
    chroma = set(planbot.index.collection.get(where=where, include=[])["ids"])
    assert chroma and search.metadata.ids(where) == chroma
