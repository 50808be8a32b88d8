"""The tenant and everyone in it: organisations, branches, classes, students, staff, roles.

Every tenant-owned model derives from ``TenantOwned``: it carries its organisation, its
queries go through ``for_organisation``, and on PostgreSQL row-level security (people.rls)
hides rows of other organisations from the application's database role.
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .roles import BRANCH_ROLES, ORGANISATION_ROLES, Role


class Organisation(models.Model):
    """A school board (schoolbestuur): the tenant.

    The primary key is a UUID so that a new tenant's id is known before its row is written:
    row-level security only lets a transaction write rows of the organisation it is set to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), unique=True)
    email_domain = models.CharField(_("e-maildomein"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation | uuid.UUID | str):
        org_id = getattr(organisation, "pk", organisation)
        return self.filter(organisation_id=org_id)


class TenantOwned(models.Model):
    """Abstract base of every tenant-owned row (see people.rls for the database wall)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        verbose_name=_("organisatie"),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    def check_same_organisation(self, *related: models.Model | None) -> None:
        """Refuse links across tenants (the database cannot express this constraint)."""
        for obj in related:
            if obj is not None and getattr(obj, "organisation_id", None) != self.organisation_id:
                raise ValidationError(_("Dit hoort bij een andere organisatie."))


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff; logs in with an e-mail address.

    The user table is read at log-in, before the organisation is known, so it is the
    documented exception to row-level security (see people.rls). It holds no student data.
    """

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisatie"),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("beheerder"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Branch(TenantOwned):
    """A school site (vestiging) with the public contacts the law requires (seed 000 §2.2–2.3)."""

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"))
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    #: The place decides the school-holiday region (protocol.calendar.places): postcode and
    #: province, and management's own choice when the derivation is wrong or unsure.
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    province = models.CharField(_("provincie"), max_length=20, blank=True, choices=[
        ("drenthe", "Drenthe"), ("flevoland", "Flevoland"), ("friesland", "Friesland"), ("gelderland", "Gelderland"),
        ("groningen", "Groningen"), ("limburg", "Limburg"), ("noord-brabant", "Noord-Brabant"),
        ("noord-holland", "Noord-Holland"), ("overijssel", "Overijssel"), ("utrecht", "Utrecht"),
        ("zeeland", "Zeeland"), ("zuid-holland", "Zuid-Holland"),
    ])
    holiday_region = models.CharField(
        _("vakantieregio (ingesteld)"), max_length=10, blank=True,
        choices=[("noord", _("Noord")), ("midden", _("Midden")), ("zuid", _("Zuid"))],
        help_text=_("Leeg: afgeleid uit plaats, postcode of provincie."),
    )
    coordinator_name = models.CharField(_("anti-pestcoördinator"), max_length=200, blank=True)
    coordinator_email = models.EmailField(_("e-mail anti-pestcoördinator"), blank=True)
    coordinator_phone = models.CharField(_("telefoon anti-pestcoördinator"), max_length=40, blank=True)
    adviser_name = models.CharField(_("vertrouwenspersoon"), max_length=200, blank=True)
    adviser_email = models.EmailField(_("e-mail vertrouwenspersoon"), blank=True)
    adviser_phone = models.CharField(_("telefoon vertrouwenspersoon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("vestiging")
        verbose_name_plural = _("vestigingen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="branch_slug_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Department(TenantOwned):
    """An afdeling (e.g. onderbouw, havo): the level at which monitor data go to the inspectorate."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="departments", verbose_name=_("vestiging"))
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")
        ordering = ["branch__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="department_name_unique_per_branch")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.check_same_organisation(self.branch)


class SchoolYear(TenantOwned):
    name = models.CharField(_("naam"), max_length=20, help_text=_("bijvoorbeeld 2026-2027"))
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))

    class Meta:
        verbose_name = _("schooljaar")
        verbose_name_plural = _("schooljaren")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="school_year_unique_per_org"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="school_year_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class SchoolClass(TenantOwned):
    """A class in one school year, e.g. "2B", with its mentor or mentors."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="classes", verbose_name=_("vestiging"))
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="classes", verbose_name=_("afdeling")
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="classes", verbose_name=_("schooljaar"))
    name = models.CharField(_("naam"), max_length=40)
    grade = models.PositiveSmallIntegerField(_("leerjaar"), null=True, blank=True)
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ClassMentor", related_name="mentored_classes", blank=True
    )

    class Meta:
        verbose_name = _("klas")
        verbose_name_plural = _("klassen")
        ordering = ["branch__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "school_year", "name"], name="class_name_unique_per_branch_year")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.check_same_organisation(self.branch, self.department, self.school_year)


class ClassMentor(TenantOwned):
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="mentor_links")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_links")

    class Meta:
        verbose_name = _("mentor van klas")
        verbose_name_plural = _("mentoren van klassen")
        constraints = [
            models.UniqueConstraint(fields=["school_class", "mentor"], name="class_mentor_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.school_class}"


class Student(TenantOwned):
    """A student (leerling): sensitive data about a minor. Reads are audited."""

    external_id = models.CharField(
        _("leerlingnummer"), max_length=64, help_text=_("Het nummer uit het leerlingvolgsysteem")
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    infix = models.CharField(_("tussenvoegsel"), max_length=30, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="students", verbose_name=_("vestiging"))
    left_on = models.DateField(_("uitgeschreven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "external_id"], name="student_external_id_unique_per_org")
        ]
        indexes = [models.Index(fields=["organisation", "branch", "last_name"], name="student_branch_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.infix, self.last_name) if part)

    def clean(self) -> None:
        self.check_same_organisation(self.branch)


class Enrolment(TenantOwned):
    """A student's place in a class for one school year (at most one class per year)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="enrolments")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="enrolments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="enrolments")

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            models.UniqueConstraint(fields=["student", "school_year"], name="one_class_per_student_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.school_class}"

    def clean(self) -> None:
        self.check_same_organisation(self.student, self.school_class, self.school_year)
        if self.school_class_id and self.school_year_id and self.school_class.school_year_id != self.school_year_id:
            raise ValidationError(_("De klas hoort niet bij dit schooljaar."))


class RoleAssignment(TenantOwned):
    """One role held by one person, at one branch or (board roles) for the whole organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=40, choices=Role.choices)
    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments", verbose_name=_("vestiging")
    )

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "branch"], name="role_assignment_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(r.value for r in ORGANISATION_ROLES), branch__isnull=True)
                    | models.Q(role__in=sorted(r.value for r in BRANCH_ROLES), branch__isnull=False)
                ),
                name="role_assignment_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.branch.name if self.branch_id else _("hele organisatie")
        return f"{self.get_role_display()} ({where})"

    def clean(self) -> None:
        self.check_same_organisation(self.branch)
        if self.role in ORGANISATION_ROLES and self.branch_id:
            raise ValidationError(_("Deze rol geldt voor de hele organisatie, niet voor één vestiging."))
        if self.role in BRANCH_ROLES and not self.branch_id:
            raise ValidationError(_("Kies de vestiging waar deze rol geldt."))


# --- django-guardian: direct foreign-key object permission tables --------------------
class StudentUserObjectPermission(UserObjectPermissionBase):
    """A grant on one student record to one user (e.g. a teacher involved in a case)."""

    content_object = models.ForeignKey(Student, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    def save(self, *args, **kwargs):
        self.organisation_id = self.content_object.organisation_id
        super().save(*args, **kwargs)


class StudentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Student, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    def save(self, *args, **kwargs):
        self.organisation_id = self.content_object.organisation_id
        super().save(*args, **kwargs)


class AuditEventQuerySet(TenantQuerySet):
    def update(self, **kwargs):
        raise ValidationError("Audit events are append-only.")

    def delete(self):
        raise ValidationError("Audit events are append-only.")

    def _raw_delete(self, using):
        raise ValidationError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Append-only record of who read or changed which sensitive object, when, from where.

    Rows are never updated or deleted: ``save`` refuses updates, ``delete`` refuses, and on
    PostgreSQL a trigger (people.rls) refuses UPDATE and DELETE for everyone.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("ingelogd")
        LOGIN_FAILED = "login_failed", _("inloggen mislukt")
        LOGOUT = "logout", _("uitgelogd")
        READ = "read", _("bekeken")
        CREATE = "create", _("aangemaakt")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        EXPORT = "export", _("geëxporteerd")
        ROLE_GRANTED = "role_granted", _("rol toegekend")
        ROLE_REVOKED = "role_revoked", _("rol ingetrokken")
        PERMISSION_GRANTED = "permission_granted", _("toegang verleend")
        PERMISSION_REVOKED = "permission_revoked", _("toegang ingetrokken")

    id = models.BigAutoField(primary_key=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["organisation", "actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Audit events are append-only.")


class Notification(TenantOwned):
    """A message to one member of staff: shown in-app (the bell) and sent by e-mail.

    Queued in the database and delivered by a Celery task, so a Redis or mail outage
    delays notifications but loses none. ``dedupe_key`` (unique per recipient) makes
    every notification exist exactly once however often a scan runs.
    """

    class EmailState(models.TextChoices):
        PENDING = "pending", _("wacht")
        SENDING = "sending", _("wordt verstuurd")
        SENT = "sent", _("verstuurd")
        SKIPPED = "skipped", _("niet per e-mail")
        FAILED = "failed", _("mislukt")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    dedupe_key = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_recipient")
        ]
        indexes = [
            models.Index(fields=["organisation", "recipient", "read_at"], name="notification_inbox_idx"),
            models.Index(fields=["organisation", "email_state", "email_claimed_at"], name="notification_outbox_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ImportMapping(TenantOwned):
    """How the columns of one organisation's export (SOMtoday, Magister …) map onto the
    fields of one kind of import (people.imports): saved so the next import needs no setup."""

    class Kind(models.TextChoices):
        STUDENTS = "students", _("Leerlingen")
        STAFF = "staff", _("Medewerkers")
        CLASSES = "classes", _("Klassen en mentoren")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    #: {column header as in the file: field key, or "" to ignore the column}
    columns = models.JSONField(_("kolommen"), default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kolomkoppeling")
        verbose_name_plural = _("kolomkoppelingen")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="import_mapping_unique_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}"


from .api_tokens import ApiToken  # noqa: E402,F401 - the API keys (hashed), a model of this app

