"""Print failures as plain messages: what went wrong and what to do, never a visitor's data.

    PrintFailure                one failed print job; ``key`` is a message key (receipts.error.*)

:func:`describe_failure` maps what the transports raise (``OSError`` and its kin, python-escpos
exceptions, a failed ``lp``) to a :class:`PrintFailure`.
"""

from __future__ import annotations

import errno
import socket
import subprocess
from typing import Any

from escpos import exceptions as escpos_errors

from reception_tui.i18n import t


class PrintFailure(Exception):
    """A print job failed; ``message()`` says why in the interface language."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str | None = None) -> str:
        """The reason, for a person."""
        return t(self.key, lang, **self.params)


_UNREACHABLE = frozenset(
    {errno.ENETUNREACH, errno.ETIMEDOUT, errno.ECONNREFUSED, errno.EHOSTDOWN, errno.EHOSTUNREACH}
)


def _from_os_error(error: OSError) -> PrintFailure:
    if isinstance(error, TimeoutError | socket.timeout):
        return PrintFailure("receipts.error.timeout")
    if isinstance(error, PermissionError):
        return PrintFailure("receipts.error.permission")
    if isinstance(error, FileNotFoundError | NotADirectoryError | IsADirectoryError):
        return PrintFailure("receipts.error.not_found")
    if isinstance(error, ConnectionRefusedError | ConnectionResetError | socket.gaierror):
        return PrintFailure("receipts.error.unreachable")
    if error.errno in _UNREACHABLE:
        return PrintFailure("receipts.error.unreachable")
    if error.errno == errno.ENODEV:  # the USB printer was unplugged
        return PrintFailure("receipts.error.not_found")
    return PrintFailure("receipts.error.io")


def describe_failure(error: BaseException) -> PrintFailure:
    """The :class:`PrintFailure` for anything a print job raised."""
    if isinstance(error, PrintFailure):
        return error
    if isinstance(error, escpos_errors.DeviceNotFoundError):
        cause = error.__cause__ or error.__context__
        if isinstance(cause, OSError):
            return _from_os_error(cause)
        return PrintFailure("receipts.error.not_found")
    if isinstance(error, subprocess.TimeoutExpired):
        return PrintFailure("receipts.error.timeout")
    if isinstance(error, subprocess.CalledProcessError):
        return PrintFailure("receipts.error.lp_failed")
    if isinstance(error, OSError):
        return _from_os_error(error)
    return PrintFailure("receipts.error.unexpected")
