"""The office side below the UI: the follow-up store, documents, status files (see docs/office.md)."""
