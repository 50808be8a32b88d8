"""The "Vandaag" start page: what waits for this person, most urgent first.

people knows nothing of signals, cases or surveys (people <- protocol <- incidents <-
monitoring), so the sections come from providers that the later apps register in
``TODAY_PROVIDERS`` from their ``AppConfig.ready()`` — the same pattern as the menu's
``NAV_EXTENSIONS``. Adding a section (h13's monitor duty, h14's complaints, …) is:

    from people.today import TODAY_PROVIDERS, TodaySection, TodayItem

    def my_section(user, scope, today) -> TodaySection | None:
        if not <the role sees it>:
            return None                       # no section at all for this role
        rows = list(<a bounded query>[:TodaySection.LIMIT + 1])
        return TodaySection(key="complaints", title=_("Klachten"), urgency=Urgency.TRIAGE,
                            items=[TodayItem(...) for r in rows], total=<count>,
                            more_url=reverse(...), empty=_("Wat te doen als er niets is."))

    # in the app's AppConfig.ready():
    TODAY_PROVIDERS.register(my_section)

Rules for a provider, because the page's query count is asserted in a test
(tests/people/test_today.py) and must not grow with data:
* a fixed number of queries whatever the number of rows (slice, select_related, one count);
* return None when the role does not see the section; an empty section (no items) shows
  its ``empty`` text, which says what to do.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

from .hooks import Hook


class Urgency(IntEnum):
    """Order of the sections on the page: lower comes first."""

    OVERDUE = 10  # a term has passed
    BOARD = 15  # board roles: one line per branch (their first view)
    TRIAGE = 20  # someone reported something and nobody looked yet
    WAITING = 30  # the protocol waits for this person
    THIS_WEEK = 40  # a term runs out this week
    REQUEST = 50  # a student asked to talk
    MESSAGES = 60  # unread messages
    OVERVIEW = 90  # board and management overviews


@dataclass
class TodayItem:
    """One line: what it is, why it waits, and a link straight to the action."""

    title: str
    url: str
    detail: str = ""
    action: str = ""  # the link's words, e.g. "Beoordelen"; the title when empty
    badge: str = ""  # e.g. "3 schooldagen te laat"
    danger: bool = False
    post: bool = False  # the action is a POST (e.g. "open and mark read"): shown as a button


@dataclass
class TodayLine:
    """A row of an overview table (board roles: one line per branch)."""

    label: str
    url: str
    values: list[int]


@dataclass
class TodaySection:
    LIMIT = 8  # items shown per section; the rest is behind ``more_url``

    key: str
    title: str
    urgency: int
    items: list[TodayItem] = field(default_factory=list)
    total: int | None = None  # when more exist than shown
    more_url: str = ""
    more_label: str = ""
    empty: str = ""  # what to do when there is nothing
    #: For overview sections: column headings and one line per branch.
    columns: list[str] = field(default_factory=list)
    lines: list[TodayLine] = field(default_factory=list)
    #: Counted in the "Vandaag (n)" menu badge (things to act on, not overviews).
    counts_as_work: bool = True

    @property
    def count(self) -> int:
        return self.total if self.total is not None else len(self.items)


Provider = Callable[..., "TodaySection | None"]
#: Registered by later apps: ``provider(user, scope, today) -> TodaySection | None``.
TODAY_PROVIDERS: Hook[Provider] = Hook("today providers")


def today_sections(user, *, today: dt.date | None = None) -> list[TodaySection]:
    """Every section this user sees: those with something in them first, most urgent
    first; the empty ones (with what to do) after them. Ties keep registration order."""
    from django.utils import timezone

    from . import access

    scope = access.scope_for(user)
    today = today or timezone.localdate()
    sections = [s for s in (p(user, scope, today) for p in TODAY_PROVIDERS) if s is not None]
    return sorted(sections, key=lambda s: (not (s.items or s.lines), s.urgency))


#: Buttons at the top of the page, e.g. "Signaal melden": ``action(user, scope) -> [(url, label)]``.
TODAY_ACTIONS: Hook[Callable] = Hook("today actions")


def today_actions(user) -> list[tuple[str, str]]:
    from . import access

    scope = access.scope_for(user)
    return [pair for action in TODAY_ACTIONS for pair in action(user, scope)]


# --- people's own section: unread messages -----------------------------------------------------
def unread_messages(user, scope, today) -> TodaySection | None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .notifications import inbox

    if scope.organisation_id is None:
        return None
    unread = inbox(user).filter(read_at=None).order_by("-created_at", "-id")
    rows = list(unread[: TodaySection.LIMIT])
    total = unread.count()  # always: the page's query count must not depend on the data
    return TodaySection(
        key="messages", title=_("Ongelezen berichten"), urgency=Urgency.MESSAGES,
        items=[
            TodayItem(title=n.title, detail=n.body, url=reverse("people:notification_open", args=[n.pk]),
                      post=True, action=_("Openen"), badge=n.created_at.strftime("%d-%m"))
            for n in rows[: TodaySection.LIMIT]
        ],
        total=total, more_url=reverse("people:notifications"), more_label=_("Alle berichten"),
        empty=_("Geen ongelezen berichten. Meldingen over termijnen en signalen komen hier en in uw e-mail."),
        counts_as_work=False,
    )

