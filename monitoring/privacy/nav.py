"""The "Privacy" entry in the main menu: branch and board management."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from people.context_processors import NAV_EXTENSIONS
from people.permissions import Permission, has_permission


def _sees_privacy(scope) -> bool:
    return has_permission(scope, Permission.SUBJECT_ACCESS_EXPORT)


ENTRY = ("monitoring:privacy_index", _("Privacy"), _sees_privacy)


def register() -> None:
    """Add the menu entry once; importing .tasks here lets the worker know the beat task."""
    from . import tasks  # noqa: F401

    NAV_EXTENSIONS.register(ENTRY)
