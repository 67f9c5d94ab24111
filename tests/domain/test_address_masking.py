"""Masked addresses keep the residential area only: generated addresses never show a house number."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from reception_tui.domain.masking import mask_address, mask_name

# Name characters that are no address word and no numeral, so a generated name is only a name.
NAME_CHARS = "宝石松木场翠竹清风明月桂香兰馨碧水云栖金沙玉泉望江钱塘湖滨东西南北和平幸福阳光绿城"
ESTATE_WORDS = ("小区", "花园", "苑", "公寓", "新村", "家园", "大厦", "社区")
DIGITS = st.sampled_from(["0123456789", "０１２３４５６７８９", "一二三四五六七八九十", "〇壹贰叁肆伍陆柒捌玖"])


@st.composite
def numerals(draw: st.DrawFn) -> str:
    alphabet = draw(DIGITS)
    return draw(st.text(alphabet=alphabet, min_size=1, max_size=4))


@st.composite
def numbered(draw: st.DrawFn, units: tuple[str, ...]) -> str:
    return draw(numerals()) + draw(st.sampled_from(units))


names = st.text(alphabet=NAME_CHARS, min_size=1, max_size=5)
prefixes = st.lists(
    st.tuples(names, st.sampled_from(["省", "市", "区", "县", "镇", "街道"])).map("".join), max_size=3
).map("".join)
streets = st.tuples(names, st.sampled_from(["路", "街", "道", "大道", "巷"])).map("".join)
house_numbers = st.lists(numbered(("号", "弄", "巷")), min_size=1, max_size=2).map("".join)
estates = st.tuples(names, st.sampled_from(ESTATE_WORDS)).map("".join)
building = st.lists(
    numbered(("栋", "幢", "座", "单元", "室", "号楼", "层", "组")) | numerals() | st.just("3-2-101") | st.just("Ａ座"),
    max_size=4,
).map("".join)


def numeral_free(text: str) -> bool:
    return not any(
        unicodedata.numeric(char, None) is not None or (unicodedata.normalize("NFKC", char).isascii() and char != "…")
        for char in text
    )


@given(prefixes, streets, house_numbers, estates, building)
def test_street_number_estate_shows_the_estate_only(
    prefix: str, street: str, number: str, estate: str, rest: str
) -> None:
    """保俶路12号宝石小区3幢 → 宝石小区, in every script of digits and with any province/city/district."""
    masked = mask_address(prefix + street + number + estate + rest)
    assert masked == estate
    assert numeral_free(masked)


@given(prefixes, st.lists(streets | house_numbers | building | names, max_size=5).map("".join))
def test_an_address_without_an_estate_shows_no_number_and_no_street(prefix: str, rest: str) -> None:
    """Unrecognised shapes show at most the administrative area, and never any numeral."""
    address = prefix + rest
    masked = mask_address(address)
    assert numeral_free(masked)
    assert masked.rstrip("…") == prefix[: len(masked.rstrip("…"))]
    assert len(masked.rstrip("…")) <= len(prefix)


@given(st.lists(prefixes | streets | house_numbers | estates | building | names | numerals(), max_size=8).map("".join))
def test_no_numeral_ever_survives(address: str) -> None:
    """Whatever the order of the parts, the masked address holds no digit, numeral or building letter."""
    masked = mask_address(address)
    assert numeral_free(masked)
    assert len(masked) <= len(address) + 1


def test_known_shapes() -> None:
    assert mask_address("保俶路12号宝石小区3幢") == "宝石小区"
    assert mask_address("浙江省杭州市西湖区文三路１２号翠苑一区5幢") == "翠苑"
    assert mask_address("西湖区北山街道保俶路十二号宝石小区三幢二单元") == "宝石小区"
    assert mask_address("张家村5组12号") == "张家村"
    assert mask_address("保俶路12号") == "…"
    # an estate named with a numeral cannot be told from a house number: shown as less
    assert mask_address("宝石二村3幢") == "…"
    assert mask_address("杭州市九龙花园") == "杭州市…"


def test_one_character_names_are_masked_too() -> None:
    assert mask_name("𪚥") == "*"
    assert mask_name("葛\U000e0100") == "*"  # a variation selector is no second character
    assert mask_name("张三") == "张*"
