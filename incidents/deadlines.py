"""One truth for deadlines: a term's state in words, the same everywhere.

The stored follow-ups (incidents.followups keeps them in step with the protocol engine's
running terms) are the only list of deadlines. Their state — open with school days left,
due today, overdue with school days late, done, cancelled — is computed once, in
``incidents.followup_selectors.followup_rows``, and put into words here. The case page,
"Vandaag", the overdue dashboard, "Mijn termijnen", the calendar feed and the API all read
these two functions, so they cannot disagree (issue 17, item 4).
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: State keys, as the API gives them.
OPEN, DUE_TODAY, OVERDUE, DONE, CANCELLED = "open", "due_today", "overdue", "done", "cancelled"


def deadline_state(row) -> str:
    """The state key of a follow-up row (incidents.followup_selectors.FollowUpRow)."""
    f = row.followup
    if row.is_overdue:
        return OVERDUE
    if f.is_active:
        return DUE_TODAY if row.days_left == 0 else OPEN
    return f.status


def deadline_badge(row) -> str:
    """"3 schooldagen te laat", "nog 2 schooldagen", "vandaag de uiterste dag", "afgerond"."""
    state = deadline_state(row)
    if state == OVERDUE:
        n = row.days_overdue
        return ngettext("%(n)s schooldag te laat", "%(n)s schooldagen te laat", n) % {"n": n}
    if state == DUE_TODAY:
        return _("vandaag de uiterste dag")
    if state == OPEN:
        n = row.days_left
        return ngettext("nog %(n)s schooldag", "nog %(n)s schooldagen", n) % {"n": n}
    return str(row.status_label).lower()


def is_late(due_on: dt.date, status: str, today: dt.date | None = None) -> bool:
    """Overdue means active and past its due date, whether or not the scan marked it yet."""
    from .followup_selectors import ACTIVE

    return status in ACTIVE and due_on < (today or timezone.localdate())
