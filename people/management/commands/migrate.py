"""``migrate`` runs as the tables' owner; the app itself runs as the RLS-bound role."""
from django.core.management.commands.migrate import Command as MigrateCommand

from people.owner_mode import as_owner


class Command(MigrateCommand):
    def handle(self, *args, **options):
        with as_owner():
            return super().handle(*args, **options)
