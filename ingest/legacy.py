"""Recognise Vietnamese text typed in the pre-Unicode font encodings (TCVN3/ABC, VNI) and seen as
mojibake: "Së Y tÕ" (TCVN3) or "Sôû Y teá" (VNI) for "Sở Y tế".

Such text cannot be matched or searched; converting it needs the font's own table, so it is refused
with a message that names the encoding and how to convert it (Unikey's "Chuyển mã"), never guessed.
"""
from __future__ import annotations

from core.errors import IngestError

# Characters the encodings put where Vietnamese letters should be; none of them is a Vietnamese letter.
TCVN3_MARKS = set("¸µ¶·¹¨©ª«¬®¯±²³´½¾ÆÇËÌÎÏÑÖ×ØÜÞß¦¢¤¥§")
VNI_MARKS = set("øûïëäåöüÿñçæ")
_SHARE = 0.01  # of letters: plain Unicode Vietnamese has none of these; a mojibake line has one every few words
_AT_LEAST = 5  # marks in all: a stray symbol or a foreign name is not an encoding


def legacy_encoding(text: str) -> str:
    """'TCVN3', 'VNI' or '' for the first 50,000 characters of a text."""
    sample = text[:50_000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    tcvn3 = sum(ch in TCVN3_MARKS for ch in sample)
    vni = sum(ch in VNI_MARKS for ch in sample)
    if max(tcvn3, vni) < max(_AT_LEAST, _SHARE * letters):
        return ""
    return "TCVN3" if tcvn3 >= vni else "VNI"


def refuse_legacy(text: str, name: str) -> None:
    encoding = legacy_encoding(text)
    if encoding:
        raise IngestError(f"Tệp '{name}' dùng bảng mã cũ {encoding} (chữ hiển thị sai, ví dụ \"Së Y tÕ\").",
                          f"File '{name}' is typed in the legacy {encoding} Vietnamese encoding (garbled text).",
                          file=name,
                          hint_vi=f"Hãy chuyển mã từ {encoding} sang Unicode (Unikey: Công cụ chuyển mã) rồi tải lại.",
                          hint_en=f"Convert it from {encoding} to Unicode (e.g. Unikey's converter) and upload again.")
