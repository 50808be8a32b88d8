"""Errors of the case services, with messages in plain Dutch and English."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STEP_CHANGED = _(
    "Iemand anders heeft deze zaak zojuist naar een andere stap gezet. Bekijk de zaak opnieuw; er is niets gewijzigd."
)

#: Who may work on a case is incidents.access.case_roles; these say why someone may not.
NOT_ON_CASE = _(
    "U werkt niet aan deze zaak. Vraag de anti-pestcoördinator om u aan de zaak toe te voegen."
)
ADVISER_ONLY_NOTES = _(
    "Als algemeen anti-pestcoördinator adviseert u: u kunt een notitie met advies toevoegen, maar niets anders "
    "vastleggen. Het bestuur kan dit in de instellingen aanzetten."
)
ADVISER_NO_MOVES = _(
    "Als algemeen anti-pestcoördinator adviseert u: een zaak een stap verder zetten doet de vestiging. "
    "Het bestuur kan dit in de instellingen aanzetten."
)


class TransitionConflict(Exception):
    """The case moved on while the user was looking at it (two people advancing at once)."""

    def __init__(self, current_step: str):
        super().__init__(str(STEP_CHANGED))
        self.current_step = current_step
        self.message = STEP_CHANGED


class ProtocolRefusal(Exception):
    """The protocol does not allow this (yet): carries the unmet guards' messages."""

    def __init__(self, report, lang: str = "nl"):
        self.report = report
        self.messages = report.messages(lang)
        super().__init__("; ".join(self.messages))
