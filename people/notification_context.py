"""Header data on every page: the notification bell's unread count, and counts next to
menu entries ("Termijnen (3)").

The unread count is one query, and only when the header is rendered (a lazy value).
Menu counts come from counters that later apps register in ``NAV_COUNTERS`` (people
knows nothing of incidents, as with people.context_processors.NAV_EXTENSIONS): each
counter takes the user and returns ``{key: count}``; a menu label made with
``CountedLabel(label, key)`` shows its count. The counts are computed here, once per
page, and kept in a context variable for the labels to read while the page renders.
"""
from __future__ import annotations

import contextvars
from collections.abc import Callable

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from .hooks import Hook
from .notifications import unread_count

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


def header(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        _counts.set({})
        return {}
    counts: dict[str, int] = {}
    for counter in NAV_COUNTERS:
        counts.update(counter(user))
    from .context_processors import group_counts  # the menu's groups sum these

    counts.update(group_counts(counts))
    _counts.set(counts)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
