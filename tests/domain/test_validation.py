"""Phone numbers and GB 11643 ID numbers."""

from datetime import date

import pytest

from reception_tui.domain.errors import FieldError
from reception_tui.domain.validation import id_check_char, normalise_phone, parse_id_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812341234", "13812341234"),
        ("１３８１２３４１２３４", "13812341234"),
        ("+86 138-1234-1234", "13812341234"),
        ("0086 13812341234", "13812341234"),
        ("8613812341234", "13812341234"),
        ("0571-87654321", "057187654321"),
        ("(010) 1234 5678", "01012345678"),
        ("０５７１－８７６５４３２１", "057187654321"),
    ],
)
def test_valid_phones_are_normalised(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("12812341234", "field.phone.mobile_invalid"),
        ("1381234123", "field.phone.mobile_invalid"),
        ("05718765", "field.phone.landline_invalid"),
        ("23812341234", "field.phone.unknown_prefix"),
        ("138abc41234", "field.phone.not_digits"),
        ("", "field.phone.empty"),
        ("١٣٨١٢٣٤١٢٣٤", "field.phone.not_digits"),
    ],
)
def test_invalid_phones_name_the_problem(raw: str, key: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_phone(raw)
    assert caught.value.key == key
    assert caught.value.field == "phone"


def _id(birth: str, seq: str = "123") -> str:
    body = f"330106{birth}{seq}"
    return body + id_check_char(body)


def test_id_number_check_character() -> None:
    # The published GB 11643 example.
    assert id_check_char("11010519491231002") == "X"
    parsed = parse_id_number("11010519491231002x")
    assert parsed.value == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)


def test_id_number_full_width_and_wrong_check() -> None:
    good = _id("19800101")
    assert parse_id_number(good.translate(str.maketrans("0123456789", "０１２３４５６７８９"))).value == good
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(FieldError) as caught:
        parse_id_number(wrong)
    assert caught.value.key == "field.id.check_char"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("1234", "field.id.length"),
        ("33010619801301123X", "field.id.birth_date"),
        ("3301061980010112AX", "field.id.characters"),
    ],
)
def test_bad_id_numbers(raw: str, key: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_id_number(raw)
    assert caught.value.key == key


def test_under_14_needs_guardian() -> None:
    today = date(2026, 11, 29)
    child = parse_id_number(_id("20121130"), today=today)
    assert child.age_on(today) == 13
    assert child.needs_guardian(today)
    teen = parse_id_number(_id("20121129"), today=today)
    assert teen.age_on(today) == 14
    assert not teen.needs_guardian(today)
    with pytest.raises(FieldError):
        parse_id_number(_id("20271129"), today=today)
