"""Which protocol each organisation runs (the definitions themselves are code: protocol.definitions)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import TenantOwned


def protocol_choices():
    from .definitions import ALL

    return sorted({(d.key, d.name.nl) for d in ALL})


class OrganisationProtocol(TenantOwned):
    """The protocol new cases of this organisation start under (latest version of the key)."""

    protocol_key = models.CharField(_("protocol"), max_length=40, choices=protocol_choices)

    class Meta:
        verbose_name = _("protocolkeuze")
        verbose_name_plural = _("protocolkeuzes")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_protocol_per_org")]

    def __str__(self) -> str:
        return self.protocol_key


# --- school calendars ---------------------------------------------------------------------
# An organisation's (or one branch's) school calendar: the holidays and days off that
# protocol deadlines skip. Rows are written by protocol.calendar_services only; the
# SchoolCalendar that counts deadlines is built from them by protocol.calendars.calendar_for.


class Region(models.TextChoices):
    """The government's three holiday regions (rijksoverheid.nl/onderwerpen/schoolvakanties)."""

    NOORD = "noord", _("Noord")
    MIDDEN = "midden", _("Midden")
    ZUID = "zuid", _("Zuid")


class OrganisationCalendar(TenantOwned):
    """A school calendar for the whole organisation (branch empty) or for one branch.

    A branch's calendar overrides the organisation's for that branch. `revision` grows on
    every change to the calendar or its periods, so cached SchoolCalendars can be checked
    with one small query (protocol.calendars).
    """

    branch = models.ForeignKey(
        "people.Branch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="school_calendars",
        verbose_name=_("vestiging"),
    )
    region = models.CharField(_("regio"), max_length=10, choices=Region.choices, default=Region.MIDDEN)
    include_public_holidays = models.BooleanField(
        _("feestdagen zijn vrij"),
        default=True,
        help_text=_("Op officiële feestdagen (zoals Koningsdag en Hemelvaartsdag) is er geen school."),
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("schoolkalender")
        verbose_name_plural = _("schoolkalenders")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(branch__isnull=True), name="one_calendar_per_org"
            ),
            models.UniqueConstraint(
                fields=["organisation", "branch"],
                condition=models.Q(branch__isnull=False),
                name="one_calendar_per_branch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch or self.organisation} ({self.region})"

    def clean(self) -> None:
        self.check_same_organisation(self.branch)


class CalendarPeriod(TenantOwned):
    """One entry of a calendar: a vacation, a single day off, or a public holiday with school."""

    class Kind(models.TextChoices):
        VACATION = "vacation", _("Vakantie")
        STUDY_DAY = "study_day", _("Studiedag")
        DAY_OFF = "day_off", _("Extra vrije dag")
        SCHOOL_OPEN = "school_open", _("Wel school op feestdag")

    class Source(models.TextChoices):
        REGIONAL = "regional", _("Advies rijksoverheid")
        ADJUSTED = "adjusted", _("Aangepast advies")
        SCHOOL = "school", _("Door de school toegevoegd")

    SINGLE_DAY_KINDS = (Kind.STUDY_DAY, Kind.DAY_OFF, Kind.SCHOOL_OPEN)

    calendar = models.ForeignKey(
        OrganisationCalendar, on_delete=models.CASCADE, related_name="periods", verbose_name=_("schoolkalender")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("naam"), max_length=100)
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))
    school_year = models.PositiveSmallIntegerField(_("schooljaar"), help_text=_("beginjaar, bijv. 2025"))
    source = models.CharField(_("herkomst"), max_length=20, choices=Source.choices, default=Source.SCHOOL)

    class Meta:
        verbose_name = _("kalenderperiode")
        verbose_name_plural = _("kalenderperiodes")
        ordering = ["start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="calendar_period_end_after_start"),
            models.UniqueConstraint(fields=["calendar", "kind", "start", "end"], name="calendar_period_unique"),
        ]
        indexes = [models.Index(fields=["calendar", "school_year"], name="calendar_period_year_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"

    def clean(self) -> None:
        self.check_same_organisation(self.calendar)

    @property
    def is_single_day(self) -> bool:
        return self.kind in self.SINGLE_DAY_KINDS


class RegionalHoliday(models.Model):
    """The government's recommended (or compulsory) holidays per region, imported from the
    rijksoverheid open-data feed by `manage.py import_school_holidays`.

    Public data, not tenant-owned: no organisation and no row-level security. When rows exist
    for a region and school year they take precedence over the data shipped with the code
    (protocol/calendar/data/schoolvakanties.json) when a calendar is pre-filled.
    """

    region = models.CharField(_("regio"), max_length=10, choices=Region.choices)
    school_year = models.PositiveSmallIntegerField(_("schooljaar"))
    name = models.CharField(_("naam"), max_length=100)
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now=True)

    class Meta:
        verbose_name = _("regionale schoolvakantie")
        verbose_name_plural = _("regionale schoolvakanties")
        ordering = ["region", "start"]
        constraints = [
            models.UniqueConstraint(fields=["region", "school_year", "name"], name="regional_holiday_unique"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="regional_holiday_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.name} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"
