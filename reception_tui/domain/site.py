"""The site configuration as plain values: one work studio's people, lists, rules and texts.

Built by :mod:`reception_tui.config` from YAML; everything else reads it from here, so the domain,
the calendar and the receipts never see YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum


class FieldMode(StrEnum):
    """Whether a visitor field is asked for, and whether it must be filled."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    OFF = "off"


class TargetKind(StrEnum):
    """Who handles a transferred issue (domain brief, step 3)."""

    TOWNSHIP = "township"  # 乡镇/街道 government, within its own powers
    DISTRICT = "district"  # district government, via the office
    DEPARTMENT = "department"  # a district department, via the office
    CONGRESS = "congress"  # the congress itself (suggestions, motions)


class LimitUnit(StrEnum):
    """How a reply time limit is counted."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"


class Postponement(StrEnum):
    """What happens when the reception day is not a working day (节假日顺延)."""

    NEXT_WORKING_DAY = "next_working_day"
    PREVIOUS_WORKING_DAY = "previous_working_day"
    NONE = "none"


class NoticeOnDayOff(StrEnum):
    """What happens when the notice date (lead days before the reception day) is a day off."""

    PREVIOUS_WORKING_DAY = "previous_working_day"
    KEEP = "keep"


@dataclass(frozen=True)
class Deputy:
    """A deputy who takes part in reception days at this studio."""

    name: str
    level: str
    """Deputy level code (``national``, ``provincial``, ``city``, ``district``, ``town``); quotas key on it."""
    unavailable: tuple[date, ...] = ()
    """Dates the deputy has said they cannot attend (used by the rota)."""


@dataclass(frozen=True)
class District:
    """An electoral district (选区) served by the studio."""

    code: str
    name: str


@dataclass(frozen=True)
class TransferTarget:
    """A body issues can be transferred to, with its reply time limit."""

    code: str
    name: str
    kind: TargetKind
    reply_limit: int
    reply_unit: LimitUnit


@dataclass(frozen=True)
class ReceptionRule:
    """When reception days happen and how they are announced."""

    day_of_month: int
    start: time
    end: time
    notice_lead_days: int = 5
    postponement: Postponement = Postponement.NEXT_WORKING_DAY
    deputies_per_day: int = 2
    notice_on_day_off: NoticeOnDayOff = NoticeOnDayOff.PREVIOUS_WORKING_DAY
    """A notice date on a day the office is closed moves to the working day before (or is kept)."""


@dataclass(frozen=True)
class ReceiptTexts:
    """Fixed texts printed on every receipt."""

    office_phone: str
    follow_up: str
    privacy_line: str
    url_template: str | None = None
    """Optional tracking page, e.g. ``https://example.gov.cn/case/{ref}?v={code}``."""
    verification_key: str | None = None
    """Optional shared receipt key (hex): signs receipt codes instead of each data folder's own
    secret, so the office can verify receipts. Kept like a password."""


@dataclass(frozen=True)
class PrinterSettings:
    """How the receipt printer is reached."""

    connection: str = "none"
    """``none``, ``network``, ``usb``, ``serial`` or ``file`` (a device file such as /dev/usb/lp0)."""
    address: str = ""
    paper_width_mm: int = 80
    qr_mode: str = "native"
    """``native`` uses the printer's own QR command; ``image`` sends a raster image."""
    cut: bool = True


@dataclass(frozen=True)
class OfficialDay:
    """An officially published holiday or adjusted working day that overrides the holiday package."""

    day: date
    kind: str
    """``holiday`` or ``workday``."""
    name: str = ""


@dataclass(frozen=True)
class KeyRemap:
    """A site's choice of key for one action of the program (``keys:`` in the config)."""

    action: str
    """The action's id (the binding id, e.g. ``desk_new_visitor``)."""
    keys: str
    """The key or keys instead of the default, comma-separated (``"a"``, ``"ctrl+n,f2"``)."""
    line: int | None = None
    """The line of the config file it was read from, for messages."""


@dataclass(frozen=True)
class SiteConfig:
    """Everything one work studio configures."""

    config_version: str
    site_name: str
    site_code: str
    address: str
    place: str
    timezone: str
    deputies: tuple[Deputy, ...]
    liaison_officers: tuple[str, ...]
    districts: tuple[District, ...]
    categories: tuple[str, ...]
    request_types: tuple[str, ...]
    transfer_targets: tuple[TransferTarget, ...]
    reception: ReceptionRule
    quotas: dict[str, int]
    fields: dict[str, FieldMode]
    receipt: ReceiptTexts
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    official_days: tuple[OfficialDay, ...] = ()
    redirect_channels: tuple[str, ...] = ("诉讼", "仲裁", "行政复议", "信访")
    office_public_key: str | None = None
    office_inbox: str | None = None
    keys: tuple[KeyRemap, ...] = ()
    """Keys chosen by the site instead of the defaults, by action id."""

    def field_mode(self, name: str) -> FieldMode:
        """The mode of a visitor field; fields not listed are optional, except the ID number (off)."""
        default = FieldMode.OFF if name == "id_number" else FieldMode.OPTIONAL
        return self.fields.get(name, default)

    def target(self, code: str) -> TransferTarget:
        """The transfer target with ``code``; ``KeyError`` if the config has none."""
        for target in self.transfer_targets:
            if target.code == code:
                return target
        raise KeyError(code)

    def deputy(self, name: str) -> Deputy:
        """The deputy called ``name``; ``KeyError`` if the config has none."""
        for deputy in self.deputies:
            if deputy.name == name:
                return deputy
        raise KeyError(name)
