"""Signals, cases and the people in them; staff kept out of a case (incidents.exclusions)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Branch, Student, TenantOwned

from ..vocab import participant_role_choices


class IncidentCategory(models.TextChoices):
    """Incident categories schools already use (the inspectorate's incident registration)."""

    PHYSICAL_VIOLENCE = "physical_violence", _("Fysiek geweld")
    WEAPONS = "weapons", _("Wapens")
    SEXUAL_ABUSE = "sexual_abuse", _("Seksueel misbruik of seksuele intimidatie")
    GROSS_BULLYING = "gross_bullying", _("Ernstig pesten")
    DISCRIMINATION = "discrimination", _("Discriminatie")
    THREATS = "threats", _("Bedreiging")
    VANDALISM_THEFT = "vandalism_theft", _("Vernieling en diefstal")
    DRUGS = "drugs", _("Drugs")


class Signal(TenantOwned):
    """A report (melding) or signal of bullying: the start of everything."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Medewerker")
        THERMOMETER = "thermometer", _("Thermometer")
        PUBLIC_REPORT = "public_report", _("Melding van leerling of ouder")
        TALK_REQUEST = "talk_request", _("Verzoek om een gesprek")

    class Status(models.TextChoices):
        NEW = "new", _("Nieuw")
        LINKED = "linked", _("Gekoppeld aan een zaak")
        DISMISSED = "dismissed", _("Afgehandeld zonder zaak")

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="signals", verbose_name=_("vestiging"))
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("gemeld door"),
    )
    reported_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    occurred_on = models.DateField(_("wanneer"), null=True, blank=True)
    place = models.CharField(_("waar"), max_length=200, blank=True)
    description = models.TextField(_("wat is er gebeurd"))
    forms = models.JSONField(_("vormen van pesten"), default=list, blank=True)
    discrimination_ground = models.CharField(_("grond van discriminatie"), max_length=200, blank=True)
    case = models.ForeignKey("Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="signals")
    handled_reason = models.TextField(_("toelichting"), blank=True)
    incident_category = models.CharField(_("soort incident"), max_length=30, choices=IncidentCategory.choices, blank=True)
    is_serious = models.BooleanField(_("ernstig incident"), default=False)
    #: Triage term: the coordinator opens, links or dismisses a new signal within two school
    #: days (the public report page promises it). Watched by incidents.triage in the scan.
    triage_due_on = models.DateField(_("beoordelen uiterlijk"), null=True, blank=True)
    #: Set once, by the scan that claims the passed term (a conditional UPDATE).
    triage_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "branch", "status"], name="signal_branch_status_idx"),
            models.Index(fields=["organisation", "status", "triage_due_on"], name="signal_triage_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{_('Signaal')} {self.pk}"


class SignalStudent(TenantOwned):
    """A student a signal is about, with the part they seem to play."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="students")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField(_("rol"), max_length=30, choices=participant_role_choices)
    description = models.CharField(
        _("omschrijving"), max_length=200, blank=True,
        help_text=_("Als de leerling onbekend is of op een andere school zit"),
    )

    class Meta:
        verbose_name = _("leerling bij signaal")
        verbose_name_plural = _("leerlingen bij signaal")

    def __str__(self) -> str:
        return f"{self.role}: {self.student or self.description}"


class Case(TenantOwned):
    """One bullying situation with everyone involved, walking one protocol version."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="cases", verbose_name=_("vestiging"))
    reference = models.CharField(_("zaaknummer"), max_length=20)
    title = models.CharField(_("korte omschrijving"), max_length=200)
    protocol_key = models.CharField(max_length=40)
    protocol_version = models.PositiveSmallIntegerField()
    step = models.CharField(_("stap"), max_length=60, db_index=True)
    #: Timeline entries with a lower id belong to an earlier visit of the current step.
    step_entered_seq = models.BigIntegerField(default=0)
    step_entered_at = models.DateTimeField(default=timezone.now)
    is_closed = models.BooleanField(default=False, db_index=True)
    #: The highest step number reached, for the inspection report ("hoogste stap").
    highest_step_number = models.CharField(max_length=10, blank=True)
    forms = models.JSONField(_("vormen van pesten"), default=list, blank=True)
    discrimination_ground = models.CharField(_("grond van discriminatie"), max_length=200, blank=True)
    criminal_offence = models.BooleanField(
        _("strafbaar feit"), default=False,
        help_text=_("Bedreiging, mishandeling, diefstal, vernieling, discriminatie, seksuele intimidatie, stalking …"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentor_cases",
        verbose_name=_("mentor"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="coordinated_cases",
        verbose_name=_("anti-pestcoördinator"),
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    #: Why a second case was opened while the target already had an open one (asked at opening).
    second_case_reason = models.TextField(_("reden voor een tweede zaak"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_reference_unique_per_org")
        ]
        indexes = [
            models.Index(fields=["organisation", "branch", "is_closed", "step"], name="case_branch_step_idx"),
            models.Index(fields=["organisation", "mentor"], name="case_mentor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Participant(TenantOwned):
    """A student's part in a case. The bully can be unknown, or at another school."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, null=True, blank=True, related_name="case_participations")
    role = models.CharField(_("rol"), max_length=30, choices=participant_role_choices)
    description = models.CharField(
        _("omschrijving"), max_length=200, blank=True, help_text=_("Bijvoorbeeld ‘onbekend’ of de naam van de andere school")
    )
    other_school = models.CharField(_("andere school"), max_length=200, blank=True)
    #: A member of staff as a party (e.g. a teacher as the alleged bully); then ``student``
    #: is empty and the staff member is excluded from the case (incidents.exclusions).
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("medewerker"),
    )

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "student", "role"], condition=models.Q(student__isnull=False), name="participant_unique_role"
            )
        ]
        indexes = [models.Index(fields=["organisation", "student"], name="participant_student_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.student or self.description}"

    @property
    def display_name(self) -> str:
        if self.student_id:
            return self.student.full_name
        if self.staff_id:
            return f"{self.staff.full_name} ({_('medewerker')})"
        return self.description or str(_("onbekend"))


# --- conflict of interest (incidents.exclusions) ------------------------------------------
class CaseExclusion(TenantOwned):
    """A member of staff kept out of one case (a party, a relative): they see it as an
    outsider would — 404 on the case, its parts, lists, search, exports and the API, and
    no notifications about it. Read by incidents.access.cases_for."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("medewerker"))
    reason = models.TextField(_("reden"))
    excluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uitgesloten medewerker")
        verbose_name_plural = _("uitgesloten medewerkers")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_exclusion_once")]
        indexes = [models.Index(fields=["organisation", "user"], name="case_exclusion_user_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.user_id}"
