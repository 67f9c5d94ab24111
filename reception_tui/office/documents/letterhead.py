"""Who the documents come from: the office's name and contact and the reception site."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Letterhead:
    """The sender of every document; callers fill it from the office settings and the site config.

    ``office_name`` signs the documents (北山街道人大工委), ``office_contact`` is the line a unit or a voter
    calls or writes to (联系人 李婷，电话 0571-…), ``site_name`` names the reception site (北山街道人大代表联络站).
    """

    office_name: str
    office_contact: str
    site_name: str
