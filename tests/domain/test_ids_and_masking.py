"""Case numbers with check digits, and masking of personal data."""

from datetime import date

import pytest

from reception_tui.domain.errors import FieldError
from reception_tui.domain.ids import CaseNumber, new_id
from reception_tui.domain.masking import mask_address, mask_id_number, mask_name, mask_phone


def test_case_number_round_trip_and_typos_caught() -> None:
    number = CaseNumber("BSJD", date(2026, 11, 29), 7, 2)
    text = str(number)
    assert text.startswith("BSJD-20261129-007-2-")
    assert CaseNumber.parse(text) == number
    assert CaseNumber.parse(text.lower().replace("-", "- ", 1)) == number
    # every single-character substitution and neighbour swap in the digits is caught
    body = text
    for index, char in enumerate(body):
        if not char.isdigit():
            continue
        for other in "0123456789":
            if other == char:
                continue
            typo = body[:index] + other + body[index + 1 :]
            with pytest.raises(FieldError):
                CaseNumber.parse(typo)
    swapped = body.replace("007-2", "070-2")
    with pytest.raises(FieldError):
        CaseNumber.parse(swapped)


def test_case_number_full_width_and_format_errors() -> None:
    number = CaseNumber("BSJD", date(2026, 11, 29), 12, 1)
    wide = str(number).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    assert CaseNumber.parse(wide) == number
    with pytest.raises(FieldError) as caught:
        CaseNumber.parse("hello")
    assert caught.value.key == "field.case_number.format"


def test_ids_are_random_uuids() -> None:
    ids = {new_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(len(i) == 36 and i[14] == "4" for i in ids)


def test_masks() -> None:
    assert mask_name("张三明") == "张*明"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_name("") == ""
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("057187654321") == "0571****4321"
    assert mask_phone("01012345678") == "010****5678"
    assert mask_id_number("11010519491231002X") == "****002X"
    assert mask_address("保俶社区松木场小区3幢2单元101室") == "保俶社区松木场小区"
    assert mask_address("杭州市西湖区保俶路121号") == "杭州市西湖区…"
    assert mask_address("西溪花园5幢") == "西溪花园"
