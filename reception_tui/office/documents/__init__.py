"""The office's paper documents as PDF bytes: the transfer slip (转办单) with its cover list, the reminder
(催办通知) and the reply letter to the voter (答复告知书).

All texts are Chinese (official paper) and kept in :mod:`wording`, so an office can change them in one place.
A4 portrait, 2 cm margins, text wrapped and flowing onto further pages; everything a user typed is escaped
before it reaches reportlab's paragraph markup. A visitor's full name, phone or address appear only when the
caller passes them in as a :class:`~reception_tui.office.model.Revealed` (after logging the reveal).
"""

from reception_tui.office.documents.letterhead import Letterhead
from reception_tui.office.documents.reminder import reminder_pdf
from reception_tui.office.documents.reply_letter import reply_letter_pdf
from reception_tui.office.documents.slip import transfer_batch_pdf, transfer_slip_pdf

__all__ = ["Letterhead", "reminder_pdf", "reply_letter_pdf", "transfer_batch_pdf", "transfer_slip_pdf"]
