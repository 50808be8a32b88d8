from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents"

    def ready(self) -> None:
        # Joining the lower apps' hooks happens here and only here (people.hooks): each
        # module's register() registers its menu entries, counters, sections and checks.
        from people.demo.seed import DEMO_SEEDERS

        from . import demo, documents, followup_nav, handover, nav, today

        documents.register()
        nav.register()
        followup_nav.register()
        today.register()
        handover.register()
        DEMO_SEEDERS.register(demo.demo_dossiers)
        # The header's cached counts (people.notification_context): saved follow-ups,
        # signals and cases change overdue and untriaged counts; an exclusion hides a case.
        from people import header_version

        from .models import Case, CaseExclusion, FollowUp, Signal

        header_version.connect_saves(FollowUp, Signal, Case)
        header_version.connect(CaseExclusion)
