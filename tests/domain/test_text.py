"""The control-character rule for user text."""

from reception_tui.domain.text import clean_text, normalise_digits


def test_markup_like_text_is_kept_exactly() -> None:
    for name in ("[b]张三[/b]", "[VIP] 李四", "[@click=app.quit]王五[/]", "[/]"):
        assert clean_text(name) == name


def test_escape_sequences_are_removed_whole() -> None:
    assert clean_text("\x1b[31m张三\x1b[0m") == "张三"
    assert clean_text("李\x1b]0;pwned\x07四") == "李四"
    assert clean_text("王\x1b]8;;http://x\x1b\\五\x1b]8;;\x1b\\") == "王五"


def test_control_and_bidi_characters_are_dropped() -> None:
    assert clean_text("赵\x00\x07\x7f\x9b六") == "赵六"
    assert clean_text("abc\u202edef") == "abcdef"


def test_line_breaks_only_in_multiline_fields() -> None:
    assert clean_text("第一行\r\n第二行") == "第一行 第二行"
    assert clean_text("  第一行\r\n第二行\t末  ", multiline=True) == "第一行\n第二行 末"


def test_full_width_digits_fold_to_ascii() -> None:
    assert normalise_digits("１３８００１３８０００") == "13800138000"
