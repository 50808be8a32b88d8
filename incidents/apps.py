from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        from . import documents, followup_nav, nav, today

        documents.register()
        nav.register()
        followup_nav.register()
        today.register()
        from . import (
            demo,  # noqa: F401  (demo dossiers for seed_demo)
            handover,  # noqa: F401  (joins people.rollover's keep-apart and hand-over hooks)
        )
