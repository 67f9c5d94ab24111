"""Patches of Textual's and Rich's private code, applied when the UI loads (README: "Upgrading Textual")."""
