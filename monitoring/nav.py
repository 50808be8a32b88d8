"""The results' entry in the main menu (people.context_processors.NAV_EXTENSIONS)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from people.context_processors import NAV_EXTENSIONS

from .access import runs_rounds, sees_results

ENTRIES = [
    ("monitoring:dashboard", _("Veiligheid"), sees_results),
    ("monitoring:round_list", _("Peilingen"), runs_rounds),
]


def register() -> None:
    """The menu entries (called from MonitoringConfig.ready())."""
    for entry in ENTRIES:
        NAV_EXTENSIONS.register(entry)
