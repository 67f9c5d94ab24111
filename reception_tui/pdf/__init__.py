"""PDF helpers shared by receipts and notices (reportlab), including a Chinese font that works offline."""
