"""The terminal interface: the only package that imports Textual."""

from reception_tui.ui import compositor_fix

compositor_fix.apply()  # Chinese characters stay whole under toasts, dropdowns and dialogs (see the module)
