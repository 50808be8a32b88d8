from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "protocol"
    verbose_name = "Protocol"

    def ready(self) -> None:
        # Joining the lower app's hooks happens here and only here (people.hooks).
        from people.context_processors import NAV_EXTENSIONS
        from people.demo.seed import DEMO_SEEDERS

        from .calendar_services import can_use_calendars
        from .demo import choose_demo_protocol

        NAV_EXTENSIONS.register(("protocol:calendar", _("Schoolkalender"), can_use_calendars))
        DEMO_SEEDERS.register(choose_demo_protocol)
