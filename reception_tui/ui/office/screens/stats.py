"""The 统计 screen: a report's figures and charts for a month, quarter or year, moved back and forth by key.

The report is built in a thread worker that posts it back as a message (the widgets are touched on the UI thread
only); a generation counter drops a report that a newer key press superseded. Reports already built are kept for
the life of the screen, so going back to a period shows it at once; F5 builds them again. When building a report
took long (a large store: more than :data:`PREFETCH_AFTER`), the periods before and after the one shown are built
next in the background, so the next key press usually finds its report ready (benchmarks/README.md, 统计 screen).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from reception_tui.i18n import describe, t
from reception_tui.reports.model import Chart, Period, Report
from reception_tui.reports.words import label
from reception_tui.ui.office import actions as office_actions
from reception_tui.ui.office.charts import chart_lines, figure_lines
from reception_tui.ui.office.services import OfficeServices
from reception_tui.ui.office.stats_period import Length, next_length, period_for, shift
from reception_tui.ui.shared.actions import Action, bindings, help_rows, localise
from reception_tui.ui.shared.screens.help import HelpScreen
from reception_tui.ui.shared.text import literal
from reception_tui.ui.shared.widgets.key_footer import KeyFooter

ReportBuilder = Callable[[Period, str | None], Report]
"""Builds the report of a period (for one site, or all when ``None``); called in a worker thread."""
LOADING_AFTER = 0.15
"""Seconds a report may take before the screen says it is being built."""
SIDE_PADDING = 2
PREFETCH_AFTER = 0.05
"""Seconds a report must have taken to build for the neighbouring periods to be built ahead (a quick builder needs
no help, and builds nobody asked for only cost)."""
"""Cells the body's padding and scrollbar take from the width the charts may use."""


class ReportRead(Message):
    """A report built by the worker (``generation`` tells a stale one from the latest; ``seconds`` it took)."""

    def __init__(self, generation: int, report: Report, seconds: float = 0.0) -> None:
        super().__init__()
        self.generation = generation
        self.report = report
        self.seconds = seconds


class ReportPrefetched(Message):
    """A neighbouring period's report built ahead (``report`` None when building it failed); ``epoch`` tells one
    built before F5 from one built after."""

    def __init__(self, epoch: int, key: tuple[date, date, str | None], report: Report | None) -> None:
        super().__init__()
        self.epoch = epoch
        self.key = key
        self.report = report


class ReportFailed(Message):
    """Building the report failed: said in one line, the screen keeps what it showed."""

    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class ChartView(Static):
    """One chart, drawn again for the width it gets."""

    def __init__(self, chart: Chart, *, classes: str = "") -> None:
        super().__init__("", classes=classes)
        self.chart = chart

    def show(self, chart: Chart) -> None:
        self.chart = chart
        self._draw()

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.size.width or max(20, self.app.size.width - SIDE_PADDING - 2)
        self.update(Content("\n").join(chart_lines(self.chart, width)))


class StatsScreen(Screen[None]):
    """The office's figures and charts over a period, by keyboard."""

    prefetch_after = PREFETCH_AFTER
    """The build time past which neighbours are built ahead (tests pin it, so a loaded machine cannot turn a quick
    builder into a slow one)."""

    ACTIONS: ClassVar[tuple[Action, ...]] = office_actions.STATS
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(
        self, services: OfficeServices, build: ReportBuilder | None = None, *, site: str | None = None,
        day: date | None = None, length: Length = "month",
    ) -> None:  # fmt: skip
        super().__init__()
        localise(self)
        self.services = services
        self.build = build or services.report
        self.site = site
        self.day_shown = day or services.today()
        """A day in the period shown; switching the length keeps it, so month → quarter → year → month returns."""
        self.length: Length = length
        self.period = period_for(self.day_shown, length)
        self.report: Report | None = None
        self.generation = 0
        self.settled = -1
        """The latest generation whose report was shown (or failed)."""
        self.cache: dict[tuple[date, date, str | None], Report] = {}
        self.prefetching: set[tuple[date, date, str | None]] = set()
        """Periods being built ahead (a key press for one of them waits for that build instead of starting one)."""
        self.prefetch = False
        """Whether to build the neighbouring periods ahead: set once a report took :data:`PREFETCH_AFTER`."""
        self.epoch = 0
        self._titles: list[Static] = []
        self._views: list[ChartView] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="stats-header")
        with VerticalScroll(id="stats-body"):
            yield Static("", id="stats-figures-title", classes="stats-title")
            yield Static("", id="stats-figures")
        yield Static("", id="stats-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-body", VerticalScroll).focus()
        self.load()

    def on_resize(self) -> None:
        if self.report is not None:
            self._render_figures(self.report)

    # -- reading -----------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the period's report: at once when it was built before, else built in a worker."""
        self.generation += 1
        self._render_header()
        key = (self.period.start, self.period.end, self.site)
        cached = self.cache.get(key)
        if cached is not None:
            self.settled = self.generation
            self._say("")
            self._show(cached)
            self._prefetch_neighbours()
            return
        if key not in self.prefetching:  # else the build ahead under way shows it when done
            self._build(self.generation, self.period, self.site)
        generation = self.generation
        self.set_timer(LOADING_AFTER, lambda: self._loading(generation))

    def _loading(self, generation: int) -> None:
        """Still building: say so (a quick report never flashes the line)."""
        if generation == self.generation and self.settled != generation:
            self._say(t("report_view.screen.loading", period=self.period.label))

    @work(thread=True, exclusive=True, group="stats")
    def _build(self, generation: int, period: Period, site: str | None) -> None:
        """In a thread: the report; posted back, never shown from here."""
        started = time.perf_counter()
        try:
            report = self.build(period, site)
        except Exception as error:  # said on the screen, never a crash
            self.post_message(ReportFailed(generation, describe(error)))
            return
        self.post_message(ReportRead(generation, report, time.perf_counter() - started))

    def on_report_read(self, message: ReportRead) -> None:
        report = message.report
        self.cache[(report.period.start, report.period.end, self.site)] = report
        if message.seconds >= self.prefetch_after:
            self.prefetch = True
        if message.generation != self.generation:
            return
        self._settle(report)

    def _settle(self, report: Report) -> None:
        """Show the report of the period asked for, then build its neighbours ahead."""
        self.settled = self.generation
        self._say("")
        self._show(report)
        self._prefetch_neighbours()

    def _neighbours(self) -> list[Period]:
        """The periods before and after the one shown (not one that has not begun) and the one ``m`` switches to
        (the next length around the same day), not built yet: the keys a clerk presses next."""
        found = []
        candidates = [period_for(shift(self.period.start, self.length, steps), self.length) for steps in (-1, 1)]
        candidates.append(period_for(self.day_shown, next_length(self.length)))
        for period in candidates:
            key = (period.start, period.end, self.site)
            if period.start <= self.services.today() and key not in self.cache and key not in self.prefetching:
                found.append(period)
        return found

    def _prefetch_neighbours(self) -> None:
        if not self.prefetch:
            return
        periods = self._neighbours()
        if periods:
            self.prefetching.update((p.start, p.end, self.site) for p in periods)
            self._build_ahead(self.epoch, periods, self.site)

    @work(thread=True, group="stats-ahead")
    def _build_ahead(self, epoch: int, periods: list[Period], site: str | None) -> None:
        """In a thread: the neighbouring periods' reports, each posted back as soon as it is built."""
        for period in periods:
            try:
                report: Report | None = self.build(period, site)
            except Exception:  # the key press for that period builds it again and says what failed
                report = None
            self.post_message(ReportPrefetched(epoch, (period.start, period.end, site), report))

    def on_report_prefetched(self, message: ReportPrefetched) -> None:
        self.prefetching.discard(message.key)
        if message.epoch != self.epoch:
            return
        current = (self.period.start, self.period.end, self.site)
        if message.report is not None:
            self.cache[message.key] = message.report
        if message.key != current or self.settled == self.generation:
            return
        if message.report is None:  # the period asked for failed ahead: build it in the foreground
            self._build(self.generation, self.period, self.site)
            return
        self._settle(message.report)

    def on_report_failed(self, message: ReportFailed) -> None:
        if message.generation == self.generation:
            self.settled = message.generation
            self._say(t("report_view.screen.failed", error=message.error), error=True)

    # -- showing -----------------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#stats-message", Static)
        if str(line.content) != text:  # the line keeps its height: saying something never moves the charts
            line.update(literal(text))
        line.set_class(error, "-error")

    def _render_header(self) -> None:
        p = self.period
        header = t("report_view.screen.header", office=self.services.letterhead().office_name, period=p.label,
                   start=p.start.isoformat(), end=p.end.isoformat(),
                   length=t(f"report_view.screen.length.{self.length}"))  # fmt: skip
        if self.site:
            header = f"{header} · {self.site}"
        self.query_one("#stats-header", Static).update(literal(header))

    def _render_figures(self, report: Report) -> None:
        width = max(20, self.size.width - SIDE_PADDING - 2)
        title = f"{t('report_view.figures')}  {t('report_view.screen.previous', period=report.previous.label)}"
        self.query_one("#stats-figures-title", Static).update(literal(title))
        lines = figure_lines(report, width)
        self.query_one("#stats-figures", Static).update(
            Content("\n").join(lines) if lines else literal(t("report_view.screen.empty"))
        )

    def _show(self, report: Report) -> None:
        self.report = report
        self._render_figures(report)
        if [view.chart.key for view in self._views] == [chart.key for chart in report.charts]:
            for title, view, chart in zip(self._titles, self._views, report.charts, strict=True):
                title.update(literal(label("chart", chart.key)))
                view.show(chart)
            return
        for widget in [*self._titles, *self._views]:
            widget.remove()
        self._titles = [Static(literal(label("chart", chart.key)), classes="stats-title") for chart in report.charts]
        self._views = [ChartView(chart, classes="stats-chart") for chart in report.charts]
        body = self.query_one("#stats-body", VerticalScroll)
        body.mount_all([widget for pair in zip(self._titles, self._views, strict=True) for widget in pair])

    # -- actions -----------------------------------------------------------------------------------

    def action_shift(self, steps: int) -> None:
        """The period before (``-1``) or after (``1``); never one that has not begun."""
        start = shift(self.period.start, self.length, steps)
        if start > self.services.today():
            self.app.bell()
            return
        self.day_shown = start
        self.period = period_for(start, self.length)
        self.load()

    def action_switch_length(self) -> None:
        """Month → quarter → year → month, around the same day."""
        self.length = next_length(self.length)
        self.period = period_for(self.day_shown, self.length)
        self.load()

    def action_refresh(self) -> None:
        """Build every report again (an import may have brought new sessions)."""
        self.cache.clear()
        self.prefetching.clear()
        self.epoch += 1
        self.load()

    def action_help(self) -> None:
        """The keys of this screen."""
        keys = help_rows(self, self.app) + help_rows(self.app, self.app)
        self.app.push_screen(HelpScreen(keys, title=t("report_view.screen.title")))

    def action_back(self) -> None:
        """Back to the case list."""
        self.app.pop_screen()
