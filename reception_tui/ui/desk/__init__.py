"""The liaison officer's desk: sessions, visitors, issues, dispositions, receipts, scanning, export and purge."""
