"""Province lists and filters hold real places only, in their usual spelling (spec: Documents and their place)."""
import pytest

from bot.service import place_names
from bot.serving.views import _place

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("meta, names", [
    ({"province": "Nghệ An", "locality": "Nghệ An"}, ["Nghệ An"]),
    ({"province": "NGHỆ AN", "locality": "NGHỆ AN"}, ["Nghệ An"]),  # an old index in capitals
    ({"province": "NGHỆ AN ------- Số: 980/KH-UBND", "locality": "NGHỆ AN ------- Số: 980/KH-UBND"}, []),
    ({"province": "An Giang", "locality": "Kiên Hải"}, ["An Giang", "Kiên Hải"]),  # a đặc khu keeps its province
    ({"province": "", "locality": "Hà Nội", "scope": "toàn quốc"}, []),  # where a national text was signed
    ({"province": "Thành phố Hồ Chí Minh", "locality": "Hồ Chí Minh"}, ["Hồ Chí Minh"]),
    ({"province": "An Giang", "locality": "Số 12"}, ["An Giang"]),
])
def test_place_names_are_real_and_usually_spelled(meta, names):
    assert place_names(meta) == names


def test_national_sources_show_their_scope_not_an_empty_province():
    assert _place("Nghệ An") == "Tỉnh: Nghệ An · "
    assert _place("", "toàn quốc") == "Phạm vi: toàn quốc · "
    assert _place("") == ""
