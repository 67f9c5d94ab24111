"""USB and serial printers are reachable: their drivers are installed with the app."""

from escpos import printer


def test_usb_and_serial_drivers_are_installed() -> None:
    assert printer.Usb.is_usable()
    assert printer.Serial.is_usable()
