"""The results' entry in the main menu (people.context_processors.NAV_EXTENSIONS)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from people.context_processors import NAV_EXTENSIONS

from .codes import ROUND_ROLES
from .results import DASHBOARD_BOARD_ROLES, DASHBOARD_BRANCH_ROLES


def _sees_results(scope) -> bool:
    return bool(scope.organisation_roles & DASHBOARD_BOARD_ROLES) or bool(scope.branches_with(DASHBOARD_BRANCH_ROLES))


def _runs_rounds(scope) -> bool:
    return scope.is_board or bool(scope.branches_with(ROUND_ROLES))


ENTRIES = [
    ("monitoring:dashboard", _("Veiligheid"), _sees_results),
    ("monitoring:round_list", _("Peilingen"), _runs_rounds),
]


def register() -> None:
    """Add the entry once (ready() can run more than once in tests)."""
    present = {name for name, _label, _visible in NAV_EXTENSIONS}
    for entry in ENTRIES:
        if entry[0] not in present:
            NAV_EXTENSIONS.append(entry)
