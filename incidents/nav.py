"""The dossier's entries in the main menu (people.context_processors.NAV_EXTENSIONS)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from people.context_processors import NAV_EXTENSIONS, place_in_group
from people.permissions import Permission, has_permission


def _on_staff(scope) -> bool:
    return scope.organisation_id is not None and (scope.is_board or bool(scope.branch_roles))


def _triages(scope) -> bool:
    return has_permission(scope, Permission.TRIAGE_SIGNALS)


def _handles_complaints(scope) -> bool:
    return has_permission(scope, Permission.HANDLE_COMPLAINTS)


def _sees_branch_cases(scope) -> bool:
    return has_permission(scope, Permission.READ_CASES, own=False)


ENTRIES = [
    ("incidents:signal_new", _("Nieuw signaal"), _on_staff),
    ("incidents:my_cases", _("Mijn zaken"), _on_staff),
    ("incidents:signal_list", _("Signalen"), _triages),
    ("incidents:case_list", _("Zaken"), _sees_branch_cases),
    ("public_report:staff_list", _("Meldingen van leerlingen"), _triages),
    # Whether the board coordinator advises or also works on cases (incidents.services.sharing).
    ("incidents:board_settings", _("Instellingen bestuur"), lambda scope: scope.is_board),
    # Issue 14: complaints (seed 000 §5.5) and the serious-incident register.
    ("incidents:complaint_list", _("Klachten"), _handles_complaints),
    ("incidents:serious_register", _("Ernstige incidenten"),
     lambda scope: has_permission(scope, Permission.REGISTER_SERIOUS_INCIDENTS)),
]


def register() -> None:
    """The menu entries (called from IncidentsConfig.ready())."""
    for entry in ENTRIES:
        NAV_EXTENSIONS.register(entry)
    place_in_group("incidents:complaint_list", "cases")
    place_in_group("incidents:serious_register", "cases")
