"""The "Inspectierapport" entry in the main menu: management and board roles, and the
coordinators who keep their branch's prevention register."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from people.context_processors import NAV_EXTENSIONS
from people.permissions import Permission, has_permission


def _sees_report(scope) -> bool:
    return has_permission(scope, Permission.EXPORT_REPORT) or has_permission(scope, Permission.KEEP_PREVENTION_REGISTER)


ENTRY = ("monitoring:report_index", _("Inspectierapport"), _sees_report)


def register() -> None:
    NAV_EXTENSIONS.register(ENTRY)
