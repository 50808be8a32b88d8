from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from . import api_schema, checks, rls, signals  # noqa: F401  (connects post_migrate and connection hooks; schema extension)
        from .today import TODAY_PROVIDERS, unread_messages

        # people's own start-page section, registered like every other app's (people.hooks).
        TODAY_PROVIDERS.register(unread_messages)
        # The header's cached counts follow the roles (people.notification_context).
        from . import header_version
        from .models import RoleAssignment

        header_version.connect(RoleAssignment)
