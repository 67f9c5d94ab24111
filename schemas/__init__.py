"""Published JSON Schemas (site configuration, session export); shipped inside the wheel."""
