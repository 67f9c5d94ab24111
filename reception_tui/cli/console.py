"""Can this terminal show the app? The legacy Windows console cannot.

Textual draws with VT escape sequences. Windows Terminal (``WT_SESSION`` set) and the console host of
Windows 10 1809+ understand them; the legacy console (conhost with "use legacy console" ticked, Windows 7/8,
or a console whose VT mode cannot be turned on) prints them as garbage and leaves the keyboard unusable.
There, the app says so plainly and stops instead of drawing a broken screen; the subcommands, which print
plain text, work everywhere. ``RECEPTION_LEGACY_CONSOLE_OK=1`` starts the app anyway.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

ENABLE_VIRTUAL_TERMINAL_PROCESSING = 0x0004
STD_OUTPUT_HANDLE = -11
MODERN_TERMINALS = ("WT_SESSION", "TERM_PROGRAM", "ConEmuANSI", "ALACRITTY_WINDOW_ID", "WEZTERM_PANE")
"""Set by Windows Terminal, VS Code / mintty (TERM_PROGRAM), ConEmu, Alacritty and WezTerm: all speak VT."""


def windows_vt_available() -> bool:  # pragma: no cover - Windows only; simulated in the tests
    """Turn on VT processing for the console on stdout; ``False`` where the console refuses (legacy)."""
    import ctypes

    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    kernel32 = windll.kernel32
    handle = kernel32.GetStdHandle(STD_OUTPUT_HANDLE)
    mode = ctypes.c_uint32()
    if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
        return False  # not a console at all (redirected): Textual cannot run there either
    if mode.value & ENABLE_VIRTUAL_TERMINAL_PROCESSING:
        return True
    return bool(kernel32.SetConsoleMode(handle, mode.value | ENABLE_VIRTUAL_TERMINAL_PROCESSING))


def legacy_windows_console(
    *, os_name: str | None = None, environ: Mapping[str, str] | None = None,
    vt_available: Callable[[], bool] = windows_vt_available,
) -> bool:
    """``True`` when the app would draw a broken screen: Windows, no known VT terminal, VT mode refused."""
    os_name = os.name if os_name is None else os_name
    environ = os.environ if environ is None else environ
    if os_name != "nt" or environ.get("RECEPTION_LEGACY_CONSOLE_OK") == "1":
        return False
    if any(environ.get(name) for name in MODERN_TERMINALS):
        return False
    try:
        return not vt_available()
    except (OSError, AttributeError, ValueError):
        return True


def refuse_legacy_console(message: str) -> bool:
    """Print ``message`` and return ``True`` when the terminal is the legacy Windows console."""
    if legacy_windows_console():
        print(message, file=sys.stderr)
        return True
    return False
