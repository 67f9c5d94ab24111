"""Widgets of the desk screens."""
