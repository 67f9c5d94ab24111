"""The terminal interface: the only package that imports Textual."""

from reception_tui.ui.patches import cjk_wrap, compositor_fix, paste_fix

compositor_fix.apply()  # Chinese characters stay whole under toasts, dropdowns and dialogs (see the module)
cjk_wrap.apply()  # Chinese lines break between characters, not only at spaces (see the module)
paste_fix.apply()  # a bracketed paste reaches the app whole, its escape sequences removed (see the module)
