"""Receipts for visitors: content, layout, QR payload and the printable outputs (no Textual here)."""
