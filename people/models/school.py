"""The school: branches, departments, school years, classes and mentors, students, enrolments."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import TenantOwned


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
