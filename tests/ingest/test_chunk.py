import pytest

from ingest.chunk import chunk_document
from tests.conftest import AN_GIANG, KIEN_GIANG, KIEN_HAI, NGHE_AN

pytestmark = pytest.mark.unit


def by_ref(chunks, ref):
    return [c for c in chunks if c.ref == ref]


def test_one_chunk_per_task_indicator_and_plan(parsed):
    for source, doc in parsed.items():
        chunks = chunk_document(doc)
        kinds = [c.kind for c in chunks]
        assert kinds.count("task") == len(doc.tasks)
        assert kinds.count("indicator") == len(doc.indicators)
        assert kinds.count("document") == 1
        assert kinds.count("section") >= len(doc.sections)
        assert len({c.id for c in chunks}) == len(chunks)


def test_task_chunk_reads_on_its_own_and_carries_filterable_metadata(parsed):
    [c] = by_ref(chunk_document(parsed[AN_GIANG]), "task:18")
    assert c.text.splitlines() == [
        "Kế hoạch 186/KH-UBND của UBND tỉnh An Giang — nhiệm vụ 18",
        "Nhiệm vụ: Xây dựng Đề án phát triển hệ thống cấp cứu ngoại viện giai đoạn 2026 - 2030 trên địa bàn tỉnh An Giang",
        "Cơ quan chủ trì: Sở Y tế",
        "Cơ quan phối hợp: Công an tỉnh, Bộ Chỉ huy quân sự tỉnh, các sở, ngành, địa phương",
        "Thời gian hoàn thành: Quý II/2026"]
    m = c.metadata
    assert (m["source"], m["ref"], m["province"], m["province_key"], m["plan_number"]) == (
        AN_GIANG, "task:18", "An Giang", "an giang", "186/KH-UBND")
    assert (m["lead"], m["lead:so y te"], m["deadline_from"], m["deadline_to"], m["deadline_quarter"]) == (
        "Sở Y tế", True, 2026, 2026, 2)
    assert m["deadline_year"] == 2026
    assert all(v is not None for v in m.values())


def test_empty_cells_are_said_plainly(parsed):
    [c] = by_ref(chunk_document(parsed[KIEN_HAI]), "task:21")
    assert "Cơ quan phối hợp: (không ghi)" in c.text
    assert "deadline_from" not in c.metadata and c.metadata["recurring"] is True


def test_indicator_chunk_keeps_sub_rows_and_parent(parsed):
    chunks = chunk_document(parsed[KIEN_GIANG])
    [c23] = by_ref(chunks, "indicator:23")
    assert "Nam (cm): Năm 2025: 167; Năm 2030: 168,5" in c23.text
    [c152] = by_ref(chunks, "indicator:15.2")
    assert "Thuộc chỉ tiêu 15: Cơ bản chấm dứt các dịch bệnh AIDS" in c152.text


def test_long_sections_split_by_paragraph_with_heading_path(parsed):
    parts = by_ref(chunk_document(parsed[NGHE_AN], section_max_words=120), "section:IV/3")
    assert len(parts) > 1
    assert all(p.text.startswith("Kế hoạch (dự thảo, chưa có số) của UBND tỉnh Nghệ An — mục IV.3") for p in parts)
    assert sorted(p.metadata["part"] for p in parts) == list(range(len(parts)))
    title = "3. Nâng cao năng lực hệ thống y tế, nhất là y tế dự phòng"
    for p in parts:
        lines = p.text.split("\n")
        assert lines[1].startswith(title)  # every part repeats the section's own title
        body = lines[2:]
        assert len(" ".join(body).split()) <= 120 or len(body) == 1  # only a lone long paragraph may exceed


def test_ids_are_content_hashes(parsed):
    a = chunk_document(parsed[AN_GIANG])
    b = chunk_document(parsed[AN_GIANG].model_copy(deep=True))
    assert [c.id for c in a] == [c.id for c in b]
    edited = parsed[AN_GIANG].model_copy(deep=True)
    edited.tasks[17].time = "Quý III/2026"
    changed = {c.id for c in chunk_document(edited)} ^ {c.id for c in a}
    assert len(changed) == 4  # old and new task:18, and the document chunk (its content key names the plan)


def test_document_chunk(parsed):
    [c] = by_ref(chunk_document(parsed[KIEN_HAI]), "document")
    assert (c.metadata["province"], c.metadata["locality"], c.metadata["locality_level"]) == (
        "An Giang", "Kiên Hải", "đặc khu")
    assert "Số hiệu: dự thảo, chưa có số" in c.text and "Tỉnh: An Giang" in c.text
    assert "Người ký: KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Minh Trị" in c.text  # the title as printed above the name
    assert "Căn cứ: Thực hiện Kế hoạch số 186/KH-UBND ngày 11/11/2025" in c.text  # quoted, not rebuilt
    assert "Thực hiện: Kế hoạch 186/KH-UBND" in c.text


def test_the_plan_chunk_carries_its_fields_as_metadata(parsed):
    """Answers quote the signer, title, what the plan implements and its basis from metadata, never by
    parsing the chunk text back."""
    [c] = by_ref(chunk_document(parsed[KIEN_HAI]), "document")
    m, meta = c.metadata, parsed[KIEN_HAI].metadata
    assert m["signed_by"].endswith(meta.signer) and meta.signer_title in m["signed_by"]
    assert m["full_title"] == meta.title and m["implements"] == "; ".join(meta.implements) and m["basis"] == meta.basis


def test_structured_parts_travel_as_metadata_and_agree_with_the_text(parsed):
    """Answers read a row's cells, a passage's heading, title and quotable part from metadata;
    they must be exactly what the text shows (so nothing needs to parse the text back)."""
    import json

    for doc in parsed.values():
        for c in chunk_document(doc):
            m = c.metadata
            if c.kind in ("task", "indicator"):
                lines = [f"{label}: {value}" for label, value in json.loads(m["fields"])]
                assert c.text[m["body_at"]:] == "\n".join(lines)
            if c.kind == "section":
                passage = c.text[m["passage_at"]:]
                assert c.text == "\n".join(filter(None, [m["heading"], m["title_line"], passage]))
                assert c.text[m["body_at"]:] == "\n".join(filter(None, [m["title_line"], passage]))
                assert m["heading"].endswith(" › ".join(json.loads(m["parent_titles"])))


def test_indicator_values_and_extra_task_columns_are_pairs(parsed):
    import json

    chunks = [c for doc in parsed.values() for c in chunk_document(doc)]
    indicator = next(c for c in chunks if c.kind == "indicator" and c.metadata["sub_rows"] == 0)
    values = json.loads(indicator.metadata["values"])
    assert values and all(f"{label}: {value}" in indicator.text for label, value in values)
    extra = [json.loads(c.metadata["extra"]) for c in chunks if c.kind == "task"]
    assert any(extra), "a bundled plan has a task table with extra columns"
