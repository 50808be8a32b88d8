"""Menu entries for follow-ups, each with its count of overdue terms ("Termijnen (3)").

Registered from IncidentsConfig.ready(). The counts come from one query per page
(incidents.followup_selectors.overdue_counts) through people.notification_context.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from people.context_processors import NAV_EXTENSIONS
from people.notification_context import NAV_COUNTERS, CountedLabel

from .followup_selectors import overdue_counts, owns_followups, sees_dashboard

ENTRIES = [
    ("incidents:followup_dashboard", CountedLabel(_("Termijnen"), "dashboard"), sees_dashboard),
    ("incidents:my_followups", CountedLabel(_("Mijn termijnen"), "mine"), owns_followups),
]


def register() -> None:
    """The entries and the counter (called from IncidentsConfig.ready())."""
    for entry in ENTRIES:
        NAV_EXTENSIONS.register(entry)
    NAV_COUNTERS.register(overdue_counts)
