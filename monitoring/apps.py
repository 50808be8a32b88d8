from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        # Joining the lower apps' hooks happens here and only here (people.hooks): each
        # module's register() registers its menu entries, counters and sections.
        from people.demo.seed import DEMO_SEEDERS

        from . import demo, documents, duty, nav, today
        from .external.selectors import branches_with_external_results
        from .privacy import nav as privacy_nav
        from .report import nav as report_nav

        nav.register()
        report_nav.register()
        privacy_nav.register()
        today.register()
        documents.register()
        duty.register()
        duty.EXTERNAL_MONITOR_COUNTERS.register(branches_with_external_results)
        DEMO_SEEDERS.register(demo.demo_thermometer_round)
        # The branch dashboard's cached results follow writes to rounds, classes and counts.
        from .results_cache import connect_invalidation

        connect_invalidation()
