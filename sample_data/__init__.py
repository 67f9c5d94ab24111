"""Bundled sample data (the sample site configuration, a sample export); shipped inside the wheel."""
