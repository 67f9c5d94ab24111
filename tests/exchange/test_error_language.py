"""Refused files and exchange errors speak the interface's language: each hostile file's line of
``reception import`` reads in Chinese with --lang zh (no English words of the old details, only file
names, JSON paths, ids and the numbers) and in English with --lang en; so do the quarantine reason
files, the import's own result and the errors of acknowledgements, key files and the office store."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from reception_tui.cli import main
from reception_tui.exchange.ack import read_ack
from reception_tui.exchange.errors import ExchangeError, KeyFileError, RejectedFile
from reception_tui.exchange.keys import DEVICE_KEY_FILE, DeviceKey, OfficeKey, fingerprint
from reception_tui.exchange.office_import import REJECTED, import_files
from reception_tui.exchange.office_store import OfficeStore
from reception_tui.exchange.safe_json import MAX_CONTAINERS, MAX_DEPTH, MAX_FILE_BYTES
from reception_tui.exchange.schema import rule_message
from reception_tui.exchange.trust import TrustedDevices
from reception_tui.i18n import EN, ZH, describe, set_language
from reception_tui.i18n.messages import exchange as exchange_messages
from tests.exchange.helpers import Clock

OLD_ENGLISH = (
    "at most", "bytes", "byte ", "arrays", "objects", "nested", "levels", "line ", "column", "about ",
    "values", "fraction", "exponent", "integers", "same key", "twice", "payload", "device ", "key ",
    "required", "records", "more than",
)  # fmt: skip
"""Words of the old English details: none may be left in a Chinese line (outside a JSON path)."""
ALLOWED_ASCII = {"JSON", "UTF", "trust", "new", "devices"}
"""ASCII words the Chinese messages themselves hold: a format's name and a command-line option."""
CONTAINERS = MAX_CONTAINERS + 1
DEPTH = MAX_DEPTH + 8
BAD_BYTE_AT = 10
NOT_JSON = b'{\n  "format":\n    tru\n}'


@pytest.fixture(autouse=True)
def language_restored() -> Iterator[None]:
    yield
    set_language("zh")


def _not_json_message() -> tuple[int, int, str]:
    try:
        orjson.loads(NOT_JSON)
    except orjson.JSONDecodeError as error:
        return error.lineno, error.colno, error.msg
    raise AssertionError("orjson accepted broken JSON")


def _changed(good: bytes, change: Any) -> bytes:
    document = json.loads(good)
    change(document)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _drop_queue_number(document: dict[str, Any]) -> None:
    del document["payload"]["visitors"][1]["queue_number"]


def _rename_visitor(document: dict[str, Any]) -> None:
    document["payload"]["visitors"][0]["name"] = "冒名"


@pytest.fixture
def stick(make_laptop, tmp_path: Path) -> dict[str, tuple[Path, str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    """Hostile files on a stick: name -> (path, reason key, numbers and values its line must show)."""
    good = make_laptop("good", visitors=3, seed=91).export(tmp_path / "good-stick")[0].path.read_bytes()
    folder = tmp_path / "stick"
    folder.mkdir()
    line, column, message = _not_json_message()
    files: dict[str, tuple[bytes | None, str, tuple[str, ...]]] = {
        "containers.json": (b"[" + b",".join([b"[]"] * CONTAINERS) + b"]", "exchange.reject.too_many_values",
                            (str(CONTAINERS + 1), str(MAX_CONTAINERS))),
        "deep.json": (b"[" * DEPTH + b"]" * DEPTH, "exchange.reject.too_deep", (str(DEPTH), str(MAX_DEPTH))),
        "latin1.json": (b'{"name": "\xe9t\xe9"}', "exchange.reject.not_utf8", (str(BAD_BYTE_AT),)),
        "broken.json": (NOT_JSON, "exchange.reject.not_json", (str(line), str(column), message)),
        "float.json": (b'{"format": 1.5}', "exchange.reject.not_json", ()),
        "twice.json": (b'{"format": 1, "format": 2}', "exchange.reject.duplicate_key", ()),
        "schema.json": (_changed(good, _drop_queue_number), "exchange.reject.schema",
                        ("$.payload.visitors[1]", "queue_number")),
        "checksum.json": (_changed(good, _rename_visitor), "exchange.reject.checksum", ()),
        "huge.json": (None, "exchange.reject.too_large", (str(MAX_FILE_BYTES + 1), str(MAX_FILE_BYTES))),
    }  # fmt: skip
    made: dict[str, tuple[Path, str, tuple[str, ...]]] = {}
    for name, (data, reason, shown) in files.items():
        path = folder / name
        if data is None:
            with path.open("wb") as handle:  # sparse: refused on its size before a byte is read
                handle.truncate(MAX_FILE_BYTES + 1)
        else:
            path.write_bytes(data)
        made[name] = (path, reason, shown)
    unknown = tmp_path / "unknown-stick"
    unknown.mkdir()
    (unknown / "unknown.json").write_bytes(good)
    manifest = json.loads(good)["manifest"]
    device, key = manifest["device_id"][:8], fingerprint(manifest["device_key"]["public_key"])
    made["unknown.json"] = (unknown / "unknown.json", "exchange.reject.unknown_device", (device, key))
    return made


def _english_left(line: str, *allowed: str) -> list[str]:
    """ASCII words in ``line`` once the file name, the JSON paths and the ``allowed`` values are removed."""
    for value in sorted(allowed, key=len, reverse=True):
        line = line.replace(value, "")
    line = re.sub(r"\$[^\s：（）]*", "", line)
    return [word for word in re.findall(r"[A-Za-z]+", line) if word not in ALLOWED_ASCII]


def _line_of(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if f"{name}：" in line or f"{name}:" in line)


def _check_zh(line: str, name: str, shown: tuple[str, ...]) -> None:
    _, _, message = _not_json_message()
    assert line.startswith("已拒收"), line
    for value in shown:
        assert value in line, (value, line)
    for words in OLD_ENGLISH:
        assert words not in re.sub(r"\$[^\s：（）]*", "", line.replace(message, "").replace(name, "")), (words, line)
    assert not _english_left(line, name, message, *shown), line


def _check_en(line: str, shown: tuple[str, ...]) -> None:
    assert line.startswith("REJECTED"), line
    for value in shown:
        assert value in line, (value, line)
    assert not re.search(r"[\u4e00-\u9fff]", line), line


ENGLISH_WORDS = {
    "containers.json": ("arrays and objects, at most",),
    "deep.json": ("nested", "levels, at most"),
    "latin1.json": ("byte 10",),
    "broken.json": ("line ", "column "),
    "float.json": ("a number with a fraction or exponent",),
    "twice.json": ("an object names the same key twice",),
    "schema.json": ("'queue_number' is required",),
    "checksum.json": ("(payload)",),
    "huge.json": ("bytes, at most",),
    "unknown.json": ("device ", "key "),
}
CHINESE_WORDS = {
    "containers.json": ("个数组和对象，上限",),
    "deep.json": ("嵌套", "层，上限"),
    "latin1.json": ("第 10 个字节",),
    "broken.json": ("行第", "列"),
    "float.json": ("小数或指数",),
    "twice.json": ("同一字段名出现了两次",),
    "schema.json": ("缺少必填字段“queue_number”",),
    "checksum.json": ("（数据部分）",),
    "huge.json": ("字节，上限",),
    "unknown.json": ("设备 ", "密钥指纹 "),
}


def _cli_import(paths: list[Path], office: Path, lang: str, trust: bool, capsys: pytest.CaptureFixture[str]) -> str:
    office.mkdir(exist_ok=True)
    args = ["--lang", lang, "import", *map(str, paths), "--office-dir", str(office)]
    assert main([*args, "--trust-new-devices"] if trust else args) == 1
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_refused_file_reads_in_the_interface_language(stick, tmp_path, lang, capsys):  # type: ignore[no-untyped-def]
    trusted = [path for name, (path, _, _) in stick.items() if name != "unknown.json"]
    out = _cli_import(trusted, tmp_path / f"office-{lang}", lang, True, capsys)
    out += _cli_import([stick["unknown.json"][0]], tmp_path / f"office-{lang}-2", lang, False, capsys)
    for name, (_, reason, shown) in stick.items():
        line = _line_of(out, name)
        words = CHINESE_WORDS[name] if lang == "zh" else ENGLISH_WORDS[name]
        for text in words:
            assert text in line, (text, line)
        if lang == "zh":
            _check_zh(line, name, shown)
            assert ZH[reason] in line
        else:
            _check_en(line, shown)
            assert EN[reason] in line


def test_the_quarantine_reason_file_is_in_the_interface_language(stick, tmp_path, capsys):  # type: ignore[no-untyped-def]
    office = tmp_path / "office"
    _cli_import([stick["deep.json"][0]], office, "zh", True, capsys)
    (reason_file,) = (office / "quarantine").glob("*.reason.txt")
    text = reason_file.read_text(encoding="utf-8")
    assert f"详情：嵌套 {DEPTH} 层，上限 {MAX_DEPTH} 层" in text and "nested" not in text
    assert "code: exchange.reject.too_deep" in text


def test_the_import_keeps_details_as_messages_rendered_when_shown(stick, tmp_path):  # type: ignore[no-untyped-def]
    office = tmp_path / "office"
    office.mkdir()
    set_language("zh")  # the language when the import runs does not fix the words of its result
    paths = [stick[name][0] for name in ("containers.json", "schema.json", "checksum.json")]
    report = import_files(paths, office, trust_new_devices=True, now=Clock())
    assert [o.status for o in report.outcomes] == [REJECTED] * 3
    details = {o.path.name: o for o in report.outcomes}
    assert details["containers.json"].detail_text("en") == (
        f"{CONTAINERS + 1} arrays and objects, at most {MAX_CONTAINERS}"
    )
    assert details["containers.json"].detail_text("zh") == f"{CONTAINERS + 1} 个数组和对象，上限 {MAX_CONTAINERS} 个"
    assert details["schema.json"].detail_text("en") == "$.payload.visitors[1]: 'queue_number' is required"
    assert details["checksum.json"].detail_text("zh") == "数据部分"


def test_the_real_command_in_a_child_process_speaks_chinese(stick, tmp_path, run_cli):  # type: ignore[no-untyped-def]
    office = tmp_path / "office"
    office.mkdir()
    names = ("containers.json", "latin1.json", "broken.json", "huge.json")
    done = run_cli("--lang", "zh", "import", *(str(stick[n][0]) for n in names), "--office-dir", str(office),
                   "--trust-new-devices")  # fmt: skip
    assert done.returncode == 1, done.stderr
    for name in names:
        _check_zh(_line_of(done.stdout, name), name, stick[name][2])


def test_str_of_a_refusal_stays_english_and_describe_follows_the_language() -> None:
    from reception_tui.exchange.safe_json import parse_untrusted

    with pytest.raises(RejectedFile) as caught:
        parse_untrusted(b"[" * DEPTH + b"]" * DEPTH)
    error = caught.value
    assert str(error) == f"exchange.reject.too_deep: nested {DEPTH} levels, at most {MAX_DEPTH}"
    assert describe(error, "en") == f"the file is nested too deeply (nested {DEPTH} levels, at most {MAX_DEPTH})"
    assert describe(error, "zh") == f"文件嵌套层数过多（嵌套 {DEPTH} 层，上限 {MAX_DEPTH} 层）"


def test_schema_rules_have_chinese_words_and_unknown_ones_keep_their_keyword() -> None:
    for keyword in ("required", "type", "pattern", "maxLength", "minLength", "enum", "additionalProperties",
                    "format", "maximum", "minimum", "maxItems", "const"):  # fmt: skip
        zh, en = rule_message(keyword).text("zh"), rule_message(keyword).text("en")
        assert en == keyword
        assert re.search(r"[\u4e00-\u9fff]", zh) and keyword not in zh, (keyword, zh)
    assert rule_message("someNewKeyword").text("zh") == "不符合规则 someNewKeyword"
    assert rule_message("someNewKeyword").text("en") == "someNewKeyword"
    assert rule_message("'name' is required").text("zh") == "缺少必填字段“name”"


def test_acknowledgement_key_file_and_office_store_errors_follow_the_language(tmp_path: Path) -> None:
    not_ack = tmp_path / "ack.json"
    not_ack.write_text('{"format": "something else"}', encoding="utf-8")
    deep_ack = tmp_path / "deep-ack.json"
    deep_ack.write_bytes(b"[" * DEPTH + b"]" * DEPTH)
    errors: list[ExchangeError] = []
    for path in (not_ack, deep_ack, tmp_path / "missing-ack.json"):
        with pytest.raises(ExchangeError) as caught:
            read_ack(path)
        errors.append(caught.value)
    office = tmp_path / "office"
    office.mkdir()
    (office / "office-key.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(KeyFileError) as key_error:
        OfficeKey.load(office)
    errors.append(key_error.value)
    (office / "trusted-devices.json").write_text("{", encoding="utf-8")
    with pytest.raises(KeyFileError) as trust_error:
        TrustedDevices.load(office)
    errors.append(trust_error.value)
    with pytest.raises(KeyFileError) as exists_error:
        OfficeKey.create(office)
    errors.append(exists_error.value)
    (tmp_path / DEVICE_KEY_FILE).write_text('{"device_id": "x", "seed": "y"}', encoding="utf-8")
    with pytest.raises(KeyFileError) as device_error:
        DeviceKey.load_or_create(tmp_path)  # what the desk's sync screen shows through describe()
    errors.append(device_error.value)
    stale = tmp_path / "stale"
    stale.mkdir()
    with sqlite3.connect(stale / "office.sqlite3") as db:
        db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(ExchangeError) as store_error:
        OfficeStore(stale)
    errors.append(store_error.value)
    for error in errors:
        zh, en = describe(error, "zh"), describe(error, "en")
        assert en == str(error)
        assert re.search(r"[\u4e00-\u9fff]", zh), zh
        path_free = re.sub(r"/[^：\s]*", "", zh)  # the file's path
        assert not re.findall(r"[A-Za-z]+", path_free), zh
    assert "not an acknowledgement file" in str(errors[0]) and "不是回执文件" in describe(errors[0], "zh")
    assert "上限" in describe(errors[1], "zh") and "at most" in str(errors[1])
    assert "设备密钥文件已损坏" in describe(errors[-2], "zh") and "damaged device key file" in str(errors[-2])
    assert "第 99 版" in describe(errors[-1], "zh") and "format 99" in str(errors[-1])


def test_every_exchange_message_exists_in_both_languages() -> None:
    assert set(exchange_messages.ZH) == set(exchange_messages.EN)
    for key in exchange_messages.ZH:
        assert ZH[key] == exchange_messages.ZH[key] and EN[key] == exchange_messages.EN[key], key
    new = ("exchange.detail.", "exchange.rule.", "exchange.problem.", "exchange.error.")
    for key in [k for k in exchange_messages.ZH if k.startswith(new)]:
        assert set(re.findall(r"\{(\w+)", ZH[key])) == set(re.findall(r"\{(\w+)", EN[key])), key


def test_a_ledger_that_cannot_be_written_says_why_in_the_interface_language(make_laptop, tmp_path, capsys):  # type: ignore[no-untyped-def]
    laptop = make_laptop("a", visitors=1, seed=5)
    laptop.export(tmp_path / "stick")
    office = tmp_path / "office"
    office.mkdir()
    assert main(["import", str(tmp_path / "stick"), "--office-dir", str(office), "--trust-new-devices"]) == 0
    capsys.readouterr()
    out = tmp_path / "taken.csv"
    out.mkdir()  # a folder where the ledger should go: the rename onto it fails (EISDIR)
    shown = {}
    for lang in ("zh", "en"):
        assert main(["--lang", lang, "ledger", "--office-dir", str(office), "--out", str(out)]) == 1
        shown[lang] = capsys.readouterr().err
    assert "这是一个文件夹" in shown["zh"] and not re.findall(r"[A-Za-z]+", shown["zh"].replace(str(out), "")), shown
    assert "Is a directory" in shown["en"] and "give a file name" in shown["en"], shown
