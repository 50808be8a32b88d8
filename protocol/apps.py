from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = "Protocol"

    def ready(self) -> None:
        from people.context_processors import NAV_EXTENSIONS

        from . import demo  # noqa: F401  (connects the demo protocol choice)
        from .calendar_services import can_use_calendars

        if not any(entry[0] == "protocol:calendar" for entry in NAV_EXTENSIONS):
            NAV_EXTENSIONS.append(("protocol:calendar", _("Schoolkalender"), can_use_calendars))
