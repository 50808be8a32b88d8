"""The "Inspectierapport" entry in the main menu: management and board roles, and the
coordinators who keep their branch's prevention register."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from people.context_processors import NAV_EXTENSIONS

from .access import EXPORT_BOARD_ROLES, EXPORT_BRANCH_ROLES, REGISTER_BRANCH_ROLES


def _sees_report(scope) -> bool:
    return bool(scope.organisation_roles & EXPORT_BOARD_ROLES) or bool(
        scope.branches_with(EXPORT_BRANCH_ROLES | REGISTER_BRANCH_ROLES)
    )


ENTRY = ("monitoring:report_index", _("Inspectierapport"), _sees_report)


def register() -> None:
    NAV_EXTENSIONS.register(ENTRY)
