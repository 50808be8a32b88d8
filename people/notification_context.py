"""Header data on every page: the notification bell's unread count, and counts next to
menu entries ("Termijnen (3)").

The unread count is one query, and only when the header is rendered (a lazy value).
Menu counts come from counters that later apps register in ``NAV_COUNTERS`` (people
knows nothing of incidents, as with people.context_processors.NAV_EXTENSIONS): each
counter takes the user and returns ``{key: count}``; a menu label made with
``CountedLabel(label, key)`` shows its count. The counts are computed here, once per
page, and kept in a context variable for the labels to read while the page renders.

Across requests (issue 16: every staff page repeated them, 4-6 ms of CPU) the counts and
the unread count are kept in the cache per organisation and user, under the
organisation's *header version*: a token replaced by every write that can change a count
(``people.header_version.bump_header_version``: a notification made or read, a follow-up, signal, case, role or
exclusion written — model signals for single saves, explicit calls beside bulk writes),
now and again when the transaction commits. The date is part of the key (a term becomes
overdue at midnight), and ``HEADER_TTL`` bounds what a write that forgot to bump could
leave: at most that long.
"""
from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext

from .header_version import header_version
from .hooks import Hook
from .notifications import unread_count

HEADER_TTL = 5 * 60
_COUNTS_KEY = "pz:header-counts:{org}:{user}:{today}:{version}"

#: Callables ``(user) -> dict[str, int]`` registered by later apps.
NAV_COUNTERS: Hook[Callable] = Hook("menu counters")

_counts: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar("nav_counts", default=None)


class CountedLabel:
    """A menu label followed by its count when there is one, e.g. "Termijnen (3)"."""

    def __init__(self, label, key: str):
        self.label = label
        self.key = key

    def __str__(self) -> str:
        count = (_counts.get() or {}).get(self.key)
        if not count:
            return str(self.label)
        return gettext("%(label)s (%(count)s)") % {"label": self.label, "count": count}

    def __html__(self) -> str:  # plain text: let the template escape it
        from django.utils.html import escape

        return escape(str(self))


def _compute_counts(user) -> dict[str, int]:
    counts: dict[str, int] = {}
    for counter in NAV_COUNTERS:
        counts.update(counter(user))
    from .context_processors import group_counts  # the menu's groups sum these

    counts.update(group_counts(counts))
    counts["unread"] = unread_count(user)
    return counts


def header_counts(user) -> dict[str, int]:
    """The menu counts and the unread count of this user, from the cache when current."""
    if not user.organisation_id:
        return _compute_counts(user)
    key = _COUNTS_KEY.format(org=user.organisation_id, user=user.pk, today=timezone.localdate().isoformat(),
                             version=header_version(user.organisation_id))
    counts = cache.get(key)
    if counts is None:
        counts = _compute_counts(user)
        cache.set(key, counts, HEADER_TTL)
    return counts


def header(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        _counts.set({})
        return {}
    counts = header_counts(user)
    _counts.set(counts)
    return {"unread_notifications": counts["unread"]}
