"""What generated plans are made of: words and names that real plans use.

WORDS come from the bundled plans (tests/gen/build_vocab.py); agencies, deadlines and units are
the forms those plans and the scraped corpus print. Nothing is random unicode.
"""
from __future__ import annotations

from pathlib import Path

from core.provinces import PROVINCES as _ALL_PLACES

WORDS = tuple(Path(__file__).with_name("words.txt").read_text(encoding="utf-8").split())

# Provinces headed 'ỦY BAN NHÂN DÂN TỈNH X': the real list without its cities and spelling variants.
_NOT_TINH = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Thừa Thiên Huế", "Thành phố Hồ Chí Minh",
             "Hồ Chí Minh", "TP.HCM", "TPHCM", "Sài Gòn", "Bà Rịa Vũng Tàu"}
PROVINCES = tuple(p for p in _ALL_PLACES if p not in _NOT_TINH)

AGENCIES = ("Sở Y tế", "Sở Tài chính", "Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường",
            "Sở Khoa học và Công nghệ", "Sở Tư pháp", "Sở Xây dựng", "Sở Văn hóa và Thể thao", "Sở Du lịch",
            "Công an tỉnh", "Bảo hiểm xã hội tỉnh", "Bộ Chỉ huy quân sự tỉnh", "Ủy ban nhân dân các xã, phường",
            "Trung tâm Kiểm soát bệnh tật", "Báo và Phát thanh, Truyền hình tỉnh", "Sở, ban, ngành có liên quan",
            "Văn phòng Ủy ban nhân dân tỉnh", "Bệnh viện đa khoa tỉnh")

DEADLINES = ("Năm 2026", "Quý II/2026", "Quý IV năm 2025", "Thường xuyên", "Hằng năm", "2026 - 2030",
             "Giai đoạn 2026 - 2030", "Tháng 6/2026", "Trước 31/12/2026", "Từ năm 2026", "Đến năm 2030",
             "Theo tiến độ của Trung ương")

RESULTS = ("Kế hoạch", "Báo cáo", "Quyết định của Ủy ban nhân dân tỉnh", "Đề án", "Văn bản hướng dẫn",
           "Hội nghị tập huấn")

UNITS = ("%", "người", "cơ sở", "lượt", "bác sĩ/vạn dân", "giường bệnh/vạn dân", "tuổi", "trạm")

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Hữu", "Đức", "Quốc", "Ngọc")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Mừng", "Tuấn", "Phương", "Sơn", "Thắng")

ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
PARTS = ("A", "B", "C", "D")
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h")
