"""``flush`` (used by transactional tests) truncates as the owner: the app role may not."""
from django.core.management.commands.flush import Command as FlushCommand

from people.owner_mode import as_owner


class Command(FlushCommand):
    def execute(self, *args, **options):
        with as_owner():
            return super().execute(*args, **options)
