"""Import the government's school holidays (rijksoverheid.nl open data) into RegionalHoliday.

    python manage.py import_school_holidays schoolvakanties.json

The file is the JSON of the feed, for all years or one
(https://opendata.rijksoverheid.nl/v1/sources/rijksoverheid/infotypes/schoolholidays?output=json).
The file is authoritative for the regions and school years it holds: their rows are created,
updated or removed to match; other years stay as they are. Running it twice changes nothing.
A file that cannot be read writes nothing and exits non-zero with the reason.

The data is public and not tenant-owned. Pre-filling a calendar prefers it over the data
shipped with the code (protocol.calendars.regional_periods). Calendars already filled in
are not changed: a school re-applies its region on the calendar page to take new advice.
"""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from protocol.calendar import HolidayImportError, parse_rijksoverheid_document, school_year_label
from protocol.models import RegionalHoliday


class Command(BaseCommand):
    help = "Importeer de schoolvakanties van rijksoverheid.nl (open data, JSON) per regio."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON-bestand van de open-data-feed 'schoolholidays'")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kan {path} niet lezen: {exc.strerror or exc}.") from None
        try:
            document = parse_rijksoverheid_document(text)
        except HolidayImportError as exc:
            raise CommandError(f"{path} is geen geldig bestand met schoolvakanties: {exc.text('nl')}") from None

        wanted: dict[tuple[str, int, str], tuple] = {}
        for region, periods in document.periods.items():
            for p in periods:
                key = (region, p.school_year, p.name)
                if key in wanted and wanted[key] != (p.start, p.end):
                    raise CommandError(
                        f"{path}: {p.name} staat in schooljaar {school_year_label(p.school_year)} "
                        f"voor regio {region} twee keer, met verschillende data."
                    )
                wanted[key] = (p.start, p.end)
        scope = {(region, year) for region, year, _name in wanted}

        created = updated = unchanged = removed = 0
        with transaction.atomic():
            existing = {
                (h.region, h.school_year, h.name): h
                for h in RegionalHoliday.objects.select_for_update().filter(
                    school_year__in={year for _region, year in scope}
                )
                if (h.region, h.school_year) in scope
            }
            for key, (start, end) in sorted(wanted.items()):
                row = existing.pop(key, None)
                if row is None:
                    RegionalHoliday.objects.create(region=key[0], school_year=key[1], name=key[2], start=start, end=end)
                    created += 1
                elif (row.start, row.end) != (start, end):
                    row.start, row.end = start, end
                    row.save(update_fields=["start", "end", "imported_at"])
                    updated += 1
                else:
                    unchanged += 1
            for row in existing.values():
                row.delete()
                removed += 1

        years = ", ".join(document.school_years)
        self.stdout.write(
            self.style.SUCCESS(
                f"Schoolvakanties {years} geïmporteerd: {created} nieuw, {updated} gewijzigd, "
                f"{unchanged} ongewijzigd, {removed} verwijderd."
            )
        )
        for notice in document.notices:
            self.stdout.write(f"Opmerking van de bron: {notice}")
