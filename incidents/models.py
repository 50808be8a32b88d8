"""The dossier: signals, cases, participants, the timeline, evidence, confidential notes, letters.

Cases walk their organisation's protocol (protocol.definitions) through incidents.services;
nothing here changes a case's step directly.
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from people.models import Branch, Organisation, Student, TenantOwned

from .vocab import participant_role_choices


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


class TimelineEntry(TenantOwned):
    """One typed record in a case's timeline. Never edited: a correction is a new entry
    that points to the one it corrects (``corrects``), and both stay visible."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=40)
    step = models.CharField(max_length=60)
    attrs = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True)
    occurred_at = models.DateTimeField(_("wanneer"), default=timezone.now)
    recorded_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    #: Written by the system (a step change), not by a person.
    is_system = models.BooleanField(default=False)
    incident_category = models.CharField(_("soort incident"), max_length=30, choices=IncidentCategory.choices, blank=True)
    is_serious = models.BooleanField(_("ernstig incident"), default=False)

    class Meta:
        verbose_name = _("tijdlijnregel")
        verbose_name_plural = _("tijdlijn")
        ordering = ["id"]
        indexes = [models.Index(fields=["organisation", "case", "kind"], name="entry_case_kind_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}@{self.step}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Random names: the stored path reveals neither the student nor the original file name.
    return f"evidence/{instance.organisation_id}/{uuid.uuid4().hex}"


class Evidence(TenantOwned):
    """A screenshot or document attached to an entry; served only through a checked view."""

    entry = models.ForeignKey(TimelineEntry, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return self.original_name


class ConfidentialNote(TenantOwned):
    """A note of the confidential adviser: visible to its author alone (a guardian grant),
    never in lists, exports or search."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vertrouwelijke notitie")
        verbose_name_plural = _("vertrouwelijke notities")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{_('Vertrouwelijke notitie')} {self.pk}"


class Letter(TenantOwned):
    """A letter to parents drafted from the case, edited, then sent and kept as PDF."""

    class Kind(models.TextChoices):
        AGREEMENTS = "agreements", _("Afspraken vastgelegd")
        SECOND_TALK = "second_talk", _("Tweede gesprek")
        SUSPENSION = "suspension", _("Besluit tot schorsing")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SENT = "sent", _("Verstuurd")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    party = models.CharField(max_length=20)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    #: For a suspension decision: the suspension entry this letter announces.
    suspension_entry = models.ForeignKey(TimelineEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    pdf = models.FileField(upload_to="letters/", null=True, blank=True, max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class LetterTemplate(TenantOwned):
    """An organisation's own wording of a letter; placeholders like ``$leerling``."""

    kind = models.CharField(max_length=20, choices=Letter.Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="letter_template_unique_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


# --- django-guardian direct foreign-key tables (a case shared with one teacher; notes) ---
class _OrgFromObject:
    def save(self, *args, **kwargs):
        self.organisation_id = self.content_object.organisation_id
        super().save(*args, **kwargs)


class CaseUserObjectPermission(_OrgFromObject, UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")


class CaseGroupObjectPermission(_OrgFromObject, GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")


class ConfidentialNoteUserObjectPermission(_OrgFromObject, UserObjectPermissionBase):
    content_object = models.ForeignKey(ConfidentialNote, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")


class ConfidentialNoteGroupObjectPermission(_OrgFromObject, GroupObjectPermissionBase):
    content_object = models.ForeignKey(ConfidentialNote, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")


class FollowUp(TenantOwned):
    """A protocol term the system watches: "four school weeks of monitoring", "the No Blame
    follow-up talk after 8–14 days". Created, completed and cancelled by
    incidents.followups.followups_sync from the protocol's deadline definitions."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        OVERDUE = "overdue", _("Te laat")
        DONE = "done", _("Afgerond")
        CANCELLED = "cancelled", _("Vervallen")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    deadline_key = models.CharField(max_length=60)
    label_nl = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    owner_role = models.CharField(max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="followups",
        verbose_name=_("eigenaar"),
    )
    step = models.CharField(max_length=60)
    #: The case's step visit (Case.step_entered_seq) a step term belongs to; 0 for terms
    #: started by a record that run across steps (the No Blame follow-up talk).
    visit_seq = models.BigIntegerField(default=0)
    started_by = models.ForeignKey(TimelineEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    starts_on = models.DateField()
    due_on = models.DateField(_("uiterste datum"))
    explanation_nl = models.CharField(max_length=300, blank=True)
    explanation_en = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    completion_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "deadline_key", "visit_seq", "started_by"],
                name="followup_once_per_term", nulls_distinct=False,
            )
        ]
        indexes = [
            # The scan reads only due rows of one organisation: its cost follows the due
            # follow-ups, not the history of done and cancelled ones.
            models.Index(fields=["organisation", "status", "due_on"], name="followup_due_idx"),
            models.Index(fields=["organisation", "owner", "status"], name="followup_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label_nl} ({self.due_on})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.OVERDUE)


class FollowUpPolicy(TenantOwned):
    """When an organisation wants reminders and escalations (defaults when absent)."""

    reminder_school_days = models.PositiveSmallIntegerField(_("herinnering, schooldagen vooraf"), default=2)
    escalate_after_school_days = models.PositiveSmallIntegerField(
        _("escalatie naar de algemeen anti-pestcoördinator na … schooldagen te laat"), default=5
    )

    class Meta:
        verbose_name = _("termijnbeleid")
        verbose_name_plural = _("termijnbeleid")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_followup_policy_per_org")]

    def __str__(self) -> str:
        return f"{self.reminder_school_days}/{self.escalate_after_school_days}"


class BoardSettings(TenantOwned):
    """How a board wants its cases worked (one row per organisation; the defaults when absent).

    The board coordinator's role is advisory (seed 000 §2.1 "advies aan vestigingen", §2.3
    "gevraagd en ongevraagd advies"): they read every case and add advice, but record and
    move cases only when the board says so here."""

    board_coordinator_acts = models.BooleanField(
        _("de algemeen anti-pestcoördinator werkt mee aan zaken"), default=False,
        help_text=_("Aan: de algemeen anti-pestcoördinator mag in zaken vastleggen en ze een stap verder zetten. "
                    "Uit (zoals het beleid zegt): hij of zij leest mee en adviseert."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("instellingen van het bestuur")
        verbose_name_plural = _("instellingen van besturen")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_board_settings_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation_id}"


# --- the public reporting channel (incidents.public) -----------------------------------
class PublicReport(TenantOwned):
    """A report made on a branch's public page, without logging in: the signal it became,
    what the reporter chose to tell about themselves, and the keyed hash of their receipt
    code (never the code itself). Nothing that identifies the device or address is kept."""

    class ReporterKind(models.TextChoices):
        STUDENT = "student", _("Leerling")
        PARENT = "parent", _("Ouder of verzorger")
        OTHER = "other", _("Iemand anders")

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="public_report")
    receipt_digest = models.CharField(max_length=64)
    reporter_kind = models.CharField(_("melder"), max_length=10, choices=ReporterKind.choices)
    #: Only when the reporter chose to give them; empty for an anonymous report.
    reporter_name = models.CharField(_("naam van de melder"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("contact van de melder"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("melding van leerling of ouder")
        verbose_name_plural = _("meldingen van leerlingen en ouders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "receipt_digest"], name="public_report_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{_('Melding')} {self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return not self.reporter_name


class PublicReportMessage(TenantOwned):
    """A later message on a public report: an addition by the reporter (with the receipt
    code) or a reply by the school. Never edited."""

    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="messages")
    from_school = models.BooleanField(default=False)
    #: The member of staff who replied; None for the reporter's own messages.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField(_("bericht"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bericht bij melding")
        verbose_name_plural = _("berichten bij meldingen")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.pk}"


class CalendarFeedToken(TenantOwned):
    """A secret, revocable address of one person's follow-up calendar (/agenda/<token>.ics).

    Only a SHA-256 hash of the token is stored: the address is shown once, when it is made.
    A person has at most one live token; making a new one revokes the old (incidents.ical)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="one_live_calendar_feed_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Agendakoppeling')} {self.pk}"


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


# --- where things stand, for parents and the student (incidents.status) --------------------
class StatusCode(TenantOwned):
    """A personal code printed on a parent letter (or given to a student of 16 or older)
    with which they read where their case stands. Only a keyed hash is stored (people.keys);
    the code says nothing about the case. Revocable."""

    class Holder(models.TextChoices):
        PARENTS = "parents", _("Ouders of verzorgers")
        STUDENT = "student", _("Leerling zelf")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_codes")
    #: Whose status it is: the student the parents are the parents of, or the student.
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    holder = models.CharField(max_length=10, choices=Holder.choices)
    letter = models.ForeignKey(Letter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("statuscode")
        verbose_name_plural = _("statuscodes")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code_digest"], name="status_code_unique")]

    def __str__(self) -> str:
        return f"{_('Statuscode')} {self.pk}"


# --- serious incidents (incidents.serious) ---------------------------------------------------
class SeriousIncidentPolicy(TenantOwned):
    """Whether the board keeps the serious-incident register (a bill in parliament makes it
    a duty; until the law is in force each board decides)."""

    register_enabled = models.BooleanField(_("register van ernstige incidenten bijhouden"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("instelling ernstige incidenten")
        verbose_name_plural = _("instellingen ernstige incidenten")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_serious_policy_per_org")]

    def __str__(self) -> str:
        return str(self.register_enabled)


class SeriousIncident(TenantOwned):
    """One entry of the serious-incident register, with the notice to the inspectorate
    (modelled on the notice of a suspension: a date, who reported it, a reference)."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("vestiging"))
    category = models.CharField(_("soort incident"), max_length=30, choices=IncidentCategory.choices)
    occurred_on = models.DateField(_("datum van het incident"))
    description = models.TextField(_("omschrijving"))
    signal = models.ForeignKey(Signal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="serious_incidents")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    reported_on = models.DateField(_("gemeld bij de inspectie op"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    inspectorate_reference = models.CharField(_("kenmerk van de melding"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("ernstig incident")
        verbose_name_plural = _("ernstige incidenten")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["organisation", "branch", "occurred_on"], name="serious_branch_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.occurred_on}"


# --- complaints (incidents.complaints; seed 000 §5.5) ---------------------------------------
class Complaint(TenantOwned):
    """A complaint about how bullying was handled: first the mentor, then the confidential
    adviser, then the formal complaints procedure (seed 000 §5.5)."""

    class Stage(models.TextChoices):
        MENTOR = "mentor", _("Bij de mentor")
        ADVISER = "adviser", _("Bij de vertrouwenspersoon")
        PROCEDURE = "procedure", _("Klachtenprocedure")
        CLOSED = "closed", _("Afgehandeld")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Opgelost in overleg")
        UPHELD = "upheld", _("Gegrond")
        PARTLY = "partly", _("Deels gegrond")
        REJECTED = "rejected", _("Ongegrond")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    class Complainant(models.TextChoices):
        STUDENT = "student", _("Leerling")
        PARENT = "parent", _("Ouder of verzorger")
        OTHER = "other", _("Iemand anders")

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("vestiging"))
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints")
    complainant_kind = models.CharField(_("wie klaagt"), max_length=10, choices=Complainant.choices)
    complainant_name = models.CharField(_("naam van de klager"), max_length=200)
    about = models.TextField(_("waarover"))
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("vertrouwenspersoon"))
    adviser_support = models.TextField(_("steun van de vertrouwenspersoon"), blank=True)
    stage = models.CharField(_("fase"), max_length=10, choices=Stage.choices, default=Stage.MENTOR)
    stage_due_on = models.DateField(_("uiterste datum van deze fase"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("toelichting op de uitkomst"), blank=True)
    received_on = models.DateField(_("ontvangen op"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{_('Klacht')} {self.pk}"


class ComplaintStep(TenantOwned):
    """One stage of a complaint as it happened (never edited)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=10, choices=Complaint.Stage.choices)
    note = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fase van een klacht")
        verbose_name_plural = _("fasen van klachten")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.stage}"
