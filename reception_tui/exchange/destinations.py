"""Where session files can go: removable drives (under /media, /run/media, /Volumes) or the office inbox."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reception_tui.domain.site import SiteConfig

REMOVABLE_ROOTS = (Path("/media"), Path("/run/media"), Path("/Volumes"))
DRIVE_SUBFOLDER = "reception-sessions"
"""Files go into this folder on a drive, so the stick's other files stay apart."""


@dataclass(frozen=True)
class Destination:
    """A place to export to."""

    folder: Path
    """The folder the files are written into."""
    label: str
    kind: str
    """``drive`` or ``office``."""


def _mounted_children(folder: Path) -> list[Path]:
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir())
    except OSError:
        return []
    return children


def removable_drives(roots: Sequence[Path] = REMOVABLE_ROOTS) -> list[Destination]:
    """Mounted, writable drives: ``/media/<drive>``, ``/media/<user>/<drive>``, ``/run/media/<user>/<drive>``,
    ``/Volumes/<drive>`` (the system disk, a link to ``/``, is left out)."""
    found: list[Destination] = []
    for root in roots:
        for child in _mounted_children(root):
            if child.is_symlink() and child.resolve() == Path("/"):
                continue
            candidates = [child] if os.path.ismount(child) or root.name == "Volumes" else _mounted_children(child)
            for drive in candidates:
                if os.access(drive, os.W_OK):
                    found.append(Destination(drive / DRIVE_SUBFOLDER, drive.name, "drive"))
    return found


def destinations(config: SiteConfig, roots: Sequence[Path] = REMOVABLE_ROOTS) -> list[Destination]:
    """The office inbox from the config (when set), then every removable drive found."""
    found: list[Destination] = []
    if config.office_inbox:
        inbox = Path(config.office_inbox).expanduser()
        found.append(Destination(inbox, str(inbox), "office"))
    found.extend(removable_drives(roots))
    return found
