"""Sending finished bytes to a printer: ESC/POS (network, USB, serial, device file) or PDF via CUPS ``lp``.

Functions here do blocking I/O and touch no store and no widget, so the UI runs them in a worker
thread. Every failure comes out as a :class:`PrintFailure`.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

from escpos import printer as escpos_printer

from reception_tui.domain.site import PrinterSettings
from reception_tui.receipts.errors import PrintFailure, describe_failure

NETWORK_PORT = 9100
NETWORK_TIMEOUT = 10.0
LP_TIMEOUT = 60.0


def _bad_address(connection: str, expected: str) -> PrintFailure:
    return PrintFailure("receipts.error.bad_address", connection=connection, expected=expected)


def _network(address: str) -> escpos_printer.Escpos:
    host, _, port = address.rpartition(":") if address.count(":") == 1 else (address, "", "")
    if not host:
        raise _bad_address("network", "host or host:port")
    try:
        number = int(port) if port else NETWORK_PORT
    except ValueError:
        raise _bad_address("network", "host or host:port") from None
    return escpos_printer.Network(host, port=number, timeout=NETWORK_TIMEOUT)


def _usb(address: str) -> escpos_printer.Escpos:
    try:
        vendor, product = (int(part, 16) for part in address.split(":"))
    except ValueError:
        raise _bad_address("usb", "VENDOR:PRODUCT in hex, e.g. 0416:5011") from None
    if not escpos_printer.Usb.is_usable():
        raise PrintFailure("receipts.error.not_found")
    return escpos_printer.Usb(vendor, product)


def _serial(address: str) -> escpos_printer.Escpos:
    device, _, baud = address.partition("@")
    if not device:
        raise _bad_address("serial", "/dev/ttyUSB0 or /dev/ttyUSB0@9600")
    if not escpos_printer.Serial.is_usable():
        raise PrintFailure("receipts.error.not_found")
    try:
        rate = int(baud) if baud else 9600
    except ValueError:
        raise _bad_address("serial", "/dev/ttyUSB0 or /dev/ttyUSB0@9600") from None
    return escpos_printer.Serial(devfile=device, baudrate=rate)


def _file(address: str) -> escpos_printer.Escpos:
    if not address:
        raise _bad_address("file", "a device file such as /dev/usb/lp0")
    return escpos_printer.File(devfile=address)


CONNECTIONS: dict[str, Callable[[str], escpos_printer.Escpos]] = {
    "network": _network, "usb": _usb, "serial": _serial, "file": _file,
}


def escpos_configured(settings: PrinterSettings) -> bool:
    """True when the config names a receipt printer."""
    return settings.connection in CONNECTIONS


def cups_available() -> bool:
    """True when CUPS's ``lp`` command is installed."""
    return shutil.which("lp") is not None


def send_escpos(settings: PrinterSettings, data: bytes) -> None:
    """Open the configured printer, send ``data``, close it; :class:`PrintFailure` on any problem."""
    make = CONNECTIONS.get(settings.connection)
    if make is None:
        raise PrintFailure("receipts.error.no_printer")
    device = None
    try:
        device = make(settings.address)
        device.open()
        device._raw(data)
    except Exception as error:
        raise describe_failure(error) from None
    finally:
        if device is not None:
            try:
                device.close()
            except Exception:  # noqa: S110 - closing a device that already failed: the first error counts
                pass


def send_lp(pdf: bytes, title: str) -> None:
    """Print a PDF on the default CUPS printer; :class:`PrintFailure` when there is none or it fails."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintFailure("receipts.error.no_printer")
    try:
        subprocess.run([lp, "-t", title, "-"], input=pdf, capture_output=True, timeout=LP_TIMEOUT, check=True)
    except Exception as error:
        raise describe_failure(error) from None
