"""Widgets both sides use."""
