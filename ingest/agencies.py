"""Agencies named by a heading: '1. Sở Y tế', '*2.5. Ủy ban nhân dân các xã*', 'Giao Công an Thành phố'.

Spec: a plan's fields belong to the unit that states them, so an agency written once in a heading
leads every item under it. Vietnamese public bodies are named type word first (Sở …, Ban …, Ủy ban
nhân dân …), which is what these tables recognise; nothing here names a particular plan.
"""
from __future__ import annotations

import re

from core.text import AGENCY_HEADS, collapse, fold

# Type words that open the name of a public body or of the group of bodies a plan assigns work to
# live in core.text (AGENCY_HEADS): splitting an agency cell needs them too.
# Words that open an assignment before the agency: "Đề nghị Ban …", "Giao Sở …".
LEAD_INS = re.compile(r"^(de nghi|giao|yeu cau)\s+", re.IGNORECASE)
# Where the agency's name ends and the assignment begins: "Sở Tài chính: …", "Sở X chủ trì …", "Sở X (…)".
# (" - " is not an end: "Sở Lao động - Thương binh và Xã hội", "Phòng Văn hoá - Xã hội".)
NAME_END = re.compile(r"\s*(?:[:;(]|\s(?:chủ trì|chỉ đạo|có trách nhiệm|phối hợp|tham mưu|thực hiện|"
                      r"căn cứ|tổ chức|xây dựng|triển khai|hướng dẫn|theo dõi|theo chức năng)\b)", re.IGNORECASE)
_LONGEST_NAME = 90  # characters; a longer "name" is a sentence, not an agency
# Type words that lose their meaning with their accents: the folded head matches a common word too
# ('Bảo đảm …' is a verb, 'Báo Nghệ An' a newspaper; 'Quy định' / 'Quỹ'; 'Đại hội' / 'Đài'). The agency
# is written with these spellings only.
_ACCENTED_HEADS = {"bao": ("Báo", "Bảo hiểm"), "quy": ("Quỹ",), "dai": ("Đài",), "tram": ("Trạm",),
                   "hoi": ("Hội",), "doan": ("Đoàn",), "bo": ("Bộ",)}
# Bodies national documents assign work to, besides the local ones of core.text.AGENCY_HEADS: the
# ministries ('Bộ Y tế', 'Các Bộ, cơ quan ngang Bộ', 'Bộ trưởng Bộ Nội vụ'; 'bổ sung' folds alike, hence
# the accented check), state groups and the news agency.
_NATIONAL_HEADS = re.compile(r"^(cac\s+)?(bo|tap doan|tong cong ty|thong tan xa)\b")


def _has_head(name: str) -> bool:
    folded = fold(name)
    return bool(AGENCY_HEADS.match(folded) or _NATIONAL_HEADS.match(folded)) and _true_head(name)


def _true_head(name: str) -> bool:
    """The name opens with its type word as the agency spells it, not a word that folds alike."""
    words = re.sub(r"^các\s+", "", name, flags=re.IGNORECASE).split()
    spellings = _ACCENTED_HEADS.get(fold(words[0]) if words else "")
    return not spellings or any(" ".join(words).lower().startswith(s.lower()) for s in spellings)


def is_agency_name(name: str) -> bool:
    """A whole agency name ('Sở Y tế', 'Công an tỉnh'), not a fragment a list split off ('ban', 'ngành
    theo chức năng', 'địa phương'): names are capitalised, fragments of a list go on in lower case."""
    return name[:1].isupper() and len(name.split()) >= 2 and _has_head(name)


def agency_in_heading(title: str) -> str:
    """The agency a heading names, or '' when the heading is about something else."""
    text = collapse(title.replace("*", "")).strip(" .")
    ins = LEAD_INS.match(fold(text))
    if ins:
        text = text[len(ins.group(0)):]
    words = text.split()
    cut = NAME_END.search(text, len(" ".join(words[:2])))  # a verb right after the type word is the name: "Sở Xây dựng"
    name = (text[:cut.start()] if cut else text).strip(" .,:")
    if not name or len(name) > _LONGEST_NAME or not _has_head(name):
        return ""
    return name


def mentions_agency(text: str) -> bool:
    """Some whole agency name stands in the text ('… do Sở Y tế chủ trì …'): a capitalised type word
    that opens a name of two words or more."""
    words = text.split()
    return any(w[:1].isupper() and is_agency_name(" ".join(words[i:i + 4])) for i, w in enumerate(words))
