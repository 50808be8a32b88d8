from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from . import api_schema, checks, rls, signals  # noqa: F401  (connects post_migrate and connection hooks; schema extension)
