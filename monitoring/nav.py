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
    """Add the entry once (ready() can run more than once in tests)."""
    present = {name for name, _label, _visible in NAV_EXTENSIONS}
    for entry in ENTRIES:
        if entry[0] not in present:
            NAV_EXTENSIONS.append(entry)
