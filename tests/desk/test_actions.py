"""One declaration per action: every action reaches the footer, the palette and the help in both languages,
a site's ``keys:`` remaps it, and the labels follow the language chosen after import."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable

import pytest
from textual.command import CommandPalette
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reception_tui.config import ConfigError, parse_config_text, sample_config_path
from reception_tui.domain.site import KeyRemap, SiteConfig
from reception_tui.i18n import set_language, t
from reception_tui.services.demo import make_demo_session
from reception_tui.storage.data_folder import DataFolder
from reception_tui.ui.app import ReceptionApp, action_tables
from reception_tui.ui.desk.screens.desk import DeskScreen
from reception_tui.ui.desk.screens.visitor_form import VisitorForm
from reception_tui.ui.shared.actions import Action, help_rows, palette_entries
from reception_tui.ui.shared.screens.help import HelpScreen
from reception_tui.ui.shared.services import AppServices
from tests.conftest import REPO_ROOT

from .conftest import DAY, FixedClock
from .keys import save, settle, type_text

LANGS = ("zh", "en")
WIDE = (200, 30)  # wide enough that the compact footer hides no key


def every_action() -> list[tuple[str, Action]]:
    return [(name, action) for name, table in action_tables().items() for action in table]


def footer(app: ReceptionApp) -> dict[str, str]:
    """Label → key, as the footer shows them."""
    return {key.description: key.key_display for key in app.screen.query(FooterKey) if key.display}


def test_action_ids_are_unique_across_the_program() -> None:
    ids = [action.id for _, action in every_action()]
    assert len(ids) == len(set(ids)), "an id names one action: a site's keys: remaps it everywhere"


@pytest.mark.parametrize("lang", LANGS)
def test_every_label_and_help_line_is_translated(lang: str) -> None:
    set_language(lang)
    for name, action in every_action():
        for key in filter(None, (action.label, action.help)):
            assert t(key) != key, f"{name}.{action.id}: {key} has no {lang} text"


def test_the_labels_are_not_fixed_at_import(config: SiteConfig, data_folder: DataFolder) -> None:
    """The sync screen was imported in Chinese long ago; opened in English, it speaks English."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=3)

    async def run(lang: str) -> dict[str, str]:
        app = ReceptionApp(AppServices(config, sample_config_path(), data_folder, lang, clock=FixedClock()))
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("f7")
            await pilot.pause()
            return footer(app)

    english = asyncio.run(run("en"))
    assert t("exchange.ui.key.export", lang="en") in english
    assert t("exchange.ui.key.export", lang="zh") not in english
    chinese = asyncio.run(run("zh"))
    assert t("exchange.ui.key.export", lang="zh") in chinese


@pytest.mark.parametrize("lang", LANGS)
def test_every_action_is_in_footer_palette_and_help(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig, lang: str
) -> None:
    """On the desk and each feature screen: shown actions in the footer and the help, all in the palette."""
    make_demo_session(data_folder, config, visitors=2, day=DAY, seed=9)
    tables = action_tables()

    def check(app: ReceptionApp, table: tuple[Action, ...]) -> None:
        shown = footer(app)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        rows = {label for _key, label in help_rows(app.screen, app)}
        for action in table:
            label = t(action.label)
            if action.show:
                assert label in shown, (action.id, shown)
                assert label in rows, action.id
            if action.palette:
                assert label in titles, action.id
        for action in tables["app"]:
            if action.palette:
                assert t(action.label) in titles, action.id

    async def run() -> None:
        app = make_app(lang=lang)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DeskScreen)
            check(app, tables["desk"])
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            listed = {label for _key, label in app.screen.keys}
            assert {t(a.label) for a in (*tables["desk"], *tables["app"]) if a.show} <= listed
            await pilot.press("escape")
            for key, name in (("f6", "schedule"), ("f7", "sync"), ("f8", "scan")):
                await pilot.press(key)
                await pilot.pause()
                check(app, tables[name])
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, DeskScreen)

    asyncio.run(run())


def test_a_site_remaps_register_visitor(config: SiteConfig, data_folder: DataFolder) -> None:
    """keys: {desk_new_visitor: a}: the footer shows a, a registers a visitor, n no longer does."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=4)
    remapped = dataclasses.replace(config, keys=(KeyRemap("desk_new_visitor", "a", 40),))
    app = ReceptionApp(AppServices(remapped, sample_config_path(), data_folder, "zh", clock=FixedClock()))

    async def run() -> None:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DeskScreen)
            assert footer(app)[t("desk.key.new_visitor")] == "a"
            assert ("a", t("desk.key.new_visitor")) in help_rows(app.screen, app)
            palette = {title: help_line for title, help_line, _ in palette_entries(app.screen, app)}
            assert palette[t("desk.key.new_visitor")] == t("desk.palette.key", shortcut="a")
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, DeskScreen), "the default key is given up"
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, VisitorForm)
            await type_text(pilot, "孙小红")
            await pilot.press("enter")
            await type_text(pilot, "13812345678")
            await save(pilot)
            assert isinstance(app.screen, DeskScreen)

    asyncio.run(run())
    stored = data_folder.read(data_folder.session_folders()[0])
    assert [visitor.name for visitor in stored.visitors][-1] == "孙小红"


def test_a_palette_entry_runs_its_action(
    make_app: Callable[..., ReceptionApp], data_folder: DataFolder, config: SiteConfig
) -> None:
    """Chosen in the palette, 'register a visitor' opens the visitor form, as N does."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=5)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            commands = {command.title: command for command in app.get_system_commands(app.screen)}
            app.call_later(commands[t("desk.key.new_visitor")].callback)
            await pilot.pause()
            assert isinstance(app.screen, VisitorForm)

    asyncio.run(run())


def test_the_palette_key_can_move(config: SiteConfig, data_folder: DataFolder) -> None:
    """keys: {command_palette: f2}: the footer's right end shows f2, and f2 opens the palette."""
    make_demo_session(data_folder, config, visitors=1, day=DAY, seed=6)
    remapped = dataclasses.replace(config, keys=(KeyRemap("command_palette", "f2", 40),))
    app = ReceptionApp(AppServices(remapped, sample_config_path(), data_folder, "zh", clock=FixedClock()))

    async def run() -> None:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            palette_key = [key for key in app.screen.query(FooterKey) if key.has_class("-command-palette")]
            assert [key.key_display for key in palette_key] == ["f2"]
            await pilot.press("f2")
            await pilot.pause()
            assert CommandPalette.is_open(app)

    asyncio.run(run())


def config_with_keys(keys: str) -> SiteConfig:
    text = sample_config_path().read_text(encoding="utf-8") + "\nkeys:\n" + keys
    return parse_config_text(text, "site.yaml")


def test_keys_are_read_from_the_config_with_their_lines() -> None:
    config = config_with_keys("  desk_new_visitor: a\n  open_sync: ctrl+e\n")
    lines = sample_config_path().read_text(encoding="utf-8").count("\n") + 1
    assert config.keys == (
        KeyRemap("desk_new_visitor", "a", lines + 2),
        KeyRemap("open_sync", "ctrl+e", lines + 3),
    )


@pytest.mark.parametrize(
    ("keys", "field", "says"),
    [
        ("  desk_new_visiter: a\n", "keys.desk_new_visiter", "unknown action 'desk_new_visiter'"),
        ("  desk_new_visitor: i\n", "keys.desk_new_visitor", "already used by 'desk_new_issue'"),
        ("  desk_find: f6\n", "keys.desk_find", "already used by 'open_schedule'"),
    ],
)
def test_a_bad_remap_is_a_config_error(keys: str, field: str, says: str, data_folder: DataFolder) -> None:
    """An unknown action or a key already taken on the same screen: file, line, field and value named."""
    config = config_with_keys(keys)
    with pytest.raises(ConfigError) as caught:
        ReceptionApp(AppServices(config, sample_config_path(), data_folder, "zh", clock=FixedClock()))
    error = caught.value
    assert error.field == field and error.line == config.keys[0].line
    assert says in str(error) and str(sample_config_path()) in str(error)


def test_a_malformed_key_is_refused_by_the_schema() -> None:
    with pytest.raises(ConfigError) as caught:
        config_with_keys("  desk_new_visitor: 'a b'\n")
    assert caught.value.field == "keys.desk_new_visitor"


def test_a_key_written_as_a_character_clashes_with_its_name(data_folder: DataFolder) -> None:
    """'?' is question_mark, which the help already has on the desk."""
    config = config_with_keys("  desk_find: '?'\n")
    with pytest.raises(ConfigError, match="already used by 'desk_help'"):
        ReceptionApp(AppServices(config, sample_config_path(), data_folder, "zh", clock=FixedClock()))


def test_every_action_id_is_documented() -> None:
    docs = (REPO_ROOT / "docs" / "desk.md").read_text(encoding="utf-8")
    missing = [action.id for _, action in every_action() if f"`{action.id}`" not in docs]
    assert not missing, f"list them under 'Changing keys' in docs/desk.md: {missing}"


def test_the_footer_is_rebuilt_only_when_its_keys_change(
    config: SiteConfig, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's footer rebuilt its keys on every bindings signal (eight times while the desk started);
    ours rebuilds when what it shows changes, and still shows the keys of the screen in front."""
    make_demo_session(data_folder, config, visitors=3, day=DAY, seed=4)
    rebuilds: list[str] = []
    original = Footer.recompose

    async def counting(self: Footer) -> None:
        rebuilds.append(type(self.screen).__name__)
        await original(self)

    monkeypatch.setattr(Footer, "recompose", counting)
    app = ReceptionApp(AppServices(config, sample_config_path(), data_folder, "zh", clock=FixedClock()))

    async def run() -> None:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DeskScreen)
            assert 1 <= rebuilds.count("DeskScreen") <= 2, rebuilds
            shown, before = footer(app), len(rebuilds)
            for key in ("down", "down", "up", "up"):
                await pilot.press(key)
            await settle(pilot)
            assert len(rebuilds) == before, "moving in the queue changes no key"
            assert footer(app) == shown and shown[t("desk.key.new_visitor")] == "n"
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, VisitorForm)
            assert t("desk.key.new_visitor") not in footer(app), "the form's own keys"

    asyncio.run(run())
