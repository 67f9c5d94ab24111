"""reception_tui: the liaison officer's desk for People's Congress deputies' reception days."""

__version__ = "0.1.0"

__all__ = ["__version__"]
