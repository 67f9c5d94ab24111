"""Widgets only the desk uses."""
