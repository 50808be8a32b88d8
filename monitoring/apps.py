from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        from . import demo, nav  # noqa: F401  (demo: connects the demo thermometer round)

        nav.register()
        from .report import nav as report_nav

        report_nav.register()
        from .privacy import nav as privacy_nav

        privacy_nav.register()
        from . import documents, today

        today.register()
        documents.register()
        from . import duty

        duty.register_today_section()
        from .external.selectors import branches_with_external_results

        if branches_with_external_results not in duty.EXTERNAL_MONITOR_COUNTERS:
            duty.EXTERNAL_MONITOR_COUNTERS.append(branches_with_external_results)
