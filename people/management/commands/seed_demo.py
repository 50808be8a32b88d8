"""``manage.py seed_demo``: two fictional school boards to try Pestzaak with (idempotent)."""
from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from people.demo import PASSWORD, DemoSeedError, seed_demo
from people.demo.definition import CURRENT_YEAR
from people.statistics import analyze_now


class Command(BaseCommand):
    help = (
        "Create the demo boards Stichting Rijnmond Scholen and Scholengroep Noorderlicht with "
        "branches, classes, students and staff. Running it again creates nothing new."
    )

    def handle(self, *args, **options):
        try:
            summaries = seed_demo()
        except DemoSeedError as exc:
            raise CommandError(str(exc)) from exc
        for s in summaries:
            state = f"{s.created} rows created" if s.created else "already complete, nothing changed"
            self.stdout.write(
                f"{s.organisation.name} ({s.organisation.slug}): {s.branches} branches, "
                f"{s.classes} classes in {CURRENT_YEAR.name}, {s.students} students, "
                f"{s.staff} staff — {state}"
            )
        self.stdout.write(f"\nDemo log-ins, password {PASSWORD}:")
        width = max(len(email) for s in summaries for email, _role, _where in s.logins)
        for s in summaries:
            for email, role, where in s.logins:
                self.stdout.write(f"  {email:<{width}}  {role}, {where}")
        # Fresh bulk-loaded tables: statistics now, not at autovacuum's next round (people.statistics).
        analyzed = analyze_now(model._meta.db_table for model in apps.get_models())
        if analyzed:
            self.stdout.write(f"ANALYZE: {len(analyzed)} tables.")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
