"""Documents in the official layout (Nghị định 30/2020/NĐ-CP, Phụ lục I), written for tests in the forms
users upload: a Word file with a borderless header table and signature table, the pipe-cell text a
legal site's scrape gives, and plain text (one printed line per line).

    | ỦY BAN NHÂN DÂN       | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
    | TỈNH NGHỆ AN          | Độc lập - Tự do - Hạnh phúc         |
    | -------               | ---------------                     |
    | Số: 980/KH-UBND       | Nghệ An, ngày 15 tháng 3 năm 2025   |
                         KẾ HOẠCH / title / I. … II. (task table) … III. …
    | Nơi nhận: - …         | TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Văn A |
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"]
TASK_HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
TASKS = [["1", "Tổ chức khám sàng lọc bệnh không lây nhiễm cho người dân", "Sở Y tế", "UBND các xã, phường",
          "Quý II/2026"],
         ["2", "Bảo đảm kinh phí thực hiện kế hoạch", "Sở Tài chính", "Sở Y tế", "Hằng năm"]]


@dataclass
class Official:
    """What the header and signature print; every field is read back by the parser."""
    issuer_lines: list[str] = field(default_factory=lambda: ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"])
    number: str = "980/KH-UBND"
    place: str = "Nghệ An"
    day: int = 15
    month: int = 3
    year: int = 2025
    heading: str = "KẾ HOẠCH"
    title: list[str] = field(default_factory=lambda: ["TRIỂN KHAI CÔNG TÁC Y TẾ DỰ PHÒNG", "NĂM 2025"])
    authority: list[str] = field(default_factory=list)  # a decision's 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH'
    signing: list[str] = field(default_factory=lambda: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
    signer: str = "Nguyễn Văn An"
    body: list[str] = field(default_factory=list)  # replaces the plan body (a directive's prose)

    @property
    def date_line(self) -> str:
        return f"{self.place}, ngày {self.day} tháng {self.month} năm {self.year}"

    @property
    def date(self) -> str:
        return f"{self.day:02d}/{self.month:02d}/{self.year}"

    def left_cell(self) -> list[str]:
        return [*self.issuer_lines, "-------", f"Số: {self.number}"]

    def right_cell(self) -> list[str]:
        return [*MOTTO, self.date_line]

    def recipients(self) -> list[str]:
        return ["Nơi nhận:", "- Bộ Y tế;", "- TT Tỉnh ủy, TT HĐND tỉnh;", "- Các sở, ban, ngành;", "- Lưu: VT."]

    def sign_cell(self) -> list[str]:
        return [*self.signing, "", self.signer]

    def opening(self) -> list[str]:
        return [self.heading, *self.title, *self.authority,
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]

    def plan_body(self) -> list[str]:
        return self.body or ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
                             "Nâng cao sức khỏe Nhân dân, giảm tỷ lệ mắc bệnh.", "II. NHIỆM VỤ"]

    def closing(self) -> list[str]:
        return [] if self.body else ["III. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế",
                                     "Chủ trì, theo dõi việc thực hiện kế hoạch này."]


def build_docx(doc: Official, path: Path) -> Path:
    """The Word file: borderless header table, title and body paragraphs, a bordered task table (when
    the document has a plan body) and the borderless signature table."""
    import docx

    document = docx.Document()
    _layout_table(document, doc.left_cell(), doc.right_cell())
    for line in doc.opening() + doc.plan_body():
        document.add_paragraph(line)
    if not doc.body:
        table = document.add_table(rows=1 + len(TASKS), cols=len(TASK_HEADER))
        table.style = "Table Grid"
        for r, row in enumerate([TASK_HEADER, *TASKS]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    for line in doc.closing():
        document.add_paragraph(line)
    _layout_table(document, doc.recipients(), doc.sign_cell())
    document.save(str(path))
    return path


def _layout_table(document, left: list[str], right: list[str]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=2)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    table._tbl.tblPr.append(borders)
    for cell, lines in zip(table.rows[0].cells, (left, right)):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def pipe_text(doc: Official) -> str:
    """The scrape of a legal site: each layout cell between '|' lines, its lines as printed."""
    task_rows = [] if doc.body else ["| " + " | ".join(TASK_HEADER) + " |",
                                     "|" + "---|" * len(TASK_HEADER)] + ["| " + " | ".join(r) + " |" for r in TASKS]
    return "\n".join(["|", *doc.left_cell(), "|", *doc.right_cell(), "|", "", *doc.opening(), *doc.plan_body(),
                      "", *task_rows, "", *doc.closing(), "", "|", *doc.recipients(), "|",
                      *[l for l in doc.sign_cell() if l], "|", ""])


def plain_text(doc: Official) -> str:
    """One printed line per line, the header's left cell before its right one (a copy from Word)."""
    return "\n".join([*doc.left_cell(), *doc.right_cell(), *doc.opening(), *doc.plan_body(),
                      *("\t".join(r) for r in ([] if doc.body else [TASK_HEADER, *TASKS])), *doc.closing(),
                      *doc.recipients(), *[l for l in doc.sign_cell() if l], ""])
