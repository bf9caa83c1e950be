"""A message → the question inside it: instructions cut out, the asking sentences found, and the
sentences beside them that state what the question is about (not who asks or why).

Users paste e-mails and paragraphs around a question; this module reads sentences, bot/answering/query.py
reads the question they leave.
"""
from __future__ import annotations

import re

from bot.answering.lexicon import asked_kinds, lexicon
from core.text import fold, nfc

_INJECTION = re.compile(
    r"(bo qua|phot lo|quen)\s+(het\s+|moi\s+|tat ca\s+|cac\s+|toan bo\s+|nhung\s+)*(huong dan|chi dan|quy tac|lenh|"
    r"yeu cau|tai lieu|ngu canh|du lieu|ke hoach)|ignore\s+(all|any|previous|the above|your)|"
    r"(hay|phai|cu)\s+(tra loi|noi|khang dinh|viet|xac nhan|bia|doan)\s*(rang|la|ra)?\b|dong vai|"
    r"system prompt|prompt he thong|tu (bay gio|nay) (ban|may) la|(tiet lo|in ra) (huong dan|prompt)|"
    r"\bbia ra\b|\bdoan (dai|bua)\b")
_CUT_AT = re.compile(r"\s(va|roi|sau do)\s|[,:]")


def strip_injection(text: str) -> tuple[str, bool]:
    """Cut instruction-like spans out of the question; keep any real question after them."""
    kept, found = [], False
    for sentence in re.split(r"(?<=[.!?;\n])\s+", text):  # "10.000" is no sentence end
        m = _INJECTION.search(fold(sentence))
        if not m:
            kept.append(sentence)
            continue
        found = True
        cut = _CUT_AT.search(fold(sentence), m.end())
        if cut and not _INJECTION.search(fold(sentence)[cut.end():]):
            kept.append(sentence[cut.end():])
    return " ".join(s.strip() for s in kept if s.strip()), found


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\n])\s+", text.strip()) if s.strip()]


def _asks(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(asked_kinds(fold(sentence)))


def question_part(text: str) -> str:
    """The sentences that ask something, when others around them only talk ("Cảm ơn.", "Tôi cần gấp
    để báo cáo.", an e-mail's greeting): a sentence asks when it ends in '?' or says what it wants."""
    sentences = _sentences(text)
    asking = [s for s in sentences if _asks(s)]
    return " ".join(asking) if asking and len(asking) < len(sentences) else text


def statements(text: str) -> str:
    """The sentences beside the question that state what it is about, not who asks or why."""
    typed, folded = lexicon().asker
    return " ".join(s for s in _sentences(text) if not _asks(s) and not typed.search(nfc(s).lower())
                    and not folded.search(fold(s)))
