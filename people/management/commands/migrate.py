"""``migrate`` runs as the tables' owner; the app itself runs as the RLS-bound role.

Owner mode covers the whole command, the system checks included: on a fresh PostgreSQL
the application role does not exist until this command has created it (people.rls), so
the checks' first connection must not try to assume it.
"""
from django.core.management.commands.migrate import Command as MigrateCommand

from people.owner_mode import as_owner


class Command(MigrateCommand):
    def execute(self, *args, **options):
        with as_owner():
            return super().execute(*args, **options)
