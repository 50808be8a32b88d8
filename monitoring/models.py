"""The thermometer survey: rounds, one-time codes, anonymous responses, pre-aggregated results.

Anonymity is structural, not a promise (see monitoring.codes and monitoring.submission):
* a Response holds no timestamp, no code, no user, no IP, and a random UUID key — so
  neither the clock nor the key order links it to anything;
* an AccessCode keeps only a keyed hash of the code and "used" — no time, no answers;
* a SurveySession (a student busy filling in) holds a random token's hash and its code,
  never an answer; it is deleted when the answers are sent;
* results are read from ResultCount/RespondentCount, which only ever hold sums, and only
  of released responses (monitoring.release): they do not move per submission.
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Branch, Department, Organisation, SchoolClass, TenantOwned

from .option_counts import OptionCounts


class SurveyRound(TenantOwned):
    """One run of the thermometer in some classes of one or more branches."""

    name = models.CharField(_("naam"), max_length=120)
    instrument_key = models.CharField(max_length=40, default="thermometer")
    instrument_version = models.PositiveSmallIntegerField(default=1)
    opens_at = models.DateTimeField(_("opent"))
    closes_at = models.DateTimeField(_("sluit"))
    #: No cell, chart or export shows a group smaller than this (never below 5).
    min_group_size = models.PositiveSmallIntegerField(
        _("kleinste groep die getoond wordt"), default=10, validators=[MinValueValidator(5), MaxValueValidator(50)]
    )
    #: A class's share of students reporting being bullied above which a signal is made.
    class_signal_share = models.FloatField(
        _("drempel voor een signaal per klas"), default=0.2, validators=[MinValueValidator(0.01), MaxValueValidator(1)]
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("peiling")
        verbose_name_plural = _("peilingen")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_it_opens"),
            models.CheckConstraint(condition=models.Q(min_group_size__gte=5), name="round_min_group_at_least_5"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class RoundClass(TenantOwned):
    """A class taking part in a round, with its branch and department as they were then."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="classes")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    class_name = models.CharField(max_length=40)
    #: How many codes were issued: the denominator of the response rate.
    invited = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("klas in peiling")
        verbose_name_plural = _("klassen in peiling")
        ordering = ["class_name", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "school_class"], name="round_class_once")]

    def __str__(self) -> str:
        return self.class_name


class CodeIndex(models.Model):
    """Which organisation a code belongs to: read before the organisation is known.

    The documented row-level-security exception of the survey (like the user table at
    log-in): it holds only the code's keyed hash and the organisation's id.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("code-index")
        verbose_name_plural = _("code-index")

    def __str__(self) -> str:
        return self.digest[:8]


class AccessCode(TenantOwned):
    """A one-time code: its keyed hash, its class, whether it was used. Never a time.

    "used" is set when the student starts (monitoring.submission.session_start), not when
    the answers are sent: the code row and the response are never written in one
    transaction. Unsent answers live only in the student's browser, never here."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="codes")
    round_class = models.ForeignKey(RoundClass, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("toegangscode")
        verbose_name_plural = _("toegangscodes")

    def __str__(self) -> str:
        return self.digest[:8]


class SurveySession(TenantOwned):
    """A student busy filling in: the hash of a random token (in the student's cookie or
    API client) and the code it was started with. No answers, no gender.

    The link to the code exists only while the student fills in, so that entering the
    same code again (another device, a lost cookie) continues instead of failing; the row
    is deleted in the transaction that stores the response, so afterwards nothing links
    the two."""

    code = models.OneToOneField(AccessCode, on_delete=models.CASCADE, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.token_digest[:8]


class SurveyDraft(TenantOwned):
    """Unsent answers, sealed with the student's session secret and linked to nothing
    (no code, no session, no class): see monitoring.drafts."""

    key = models.CharField(max_length=64, unique=True)
    sealed = models.TextField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key[:8]


class Response(TenantOwned):
    """One student's answers. No timestamp, no code, no user, no IP; a random key.

    ``released`` is false until a release (monitoring.release) adds the response to the
    counts, re-inserting the batch in shuffled order under fresh keys."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    round_class = models.ForeignKey(RoundClass, on_delete=models.CASCADE, related_name="responses")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    gender = models.CharField(max_length=20, blank=True)
    answers = models.JSONField()
    released = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("antwoordenset")
        verbose_name_plural = _("antwoordensets")

    def __str__(self) -> str:
        return str(self.id)


class RespondentCount(TenantOwned):
    """Pre-aggregated: how many students of a class (and gender) answered in a round."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    round_class = models.ForeignKey(RoundClass, on_delete=models.CASCADE, related_name="respondent_counts")
    gender = models.CharField(max_length=20, blank=True)
    n = models.PositiveIntegerField(default=0)
    #: Respondents answering 3 ("vaak") or more on the bullying items (section 5 "pesten"
    #: or any of section 6): the class signal counts these.
    bullied = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round_class", "gender"], name="respondent_count_once")]

    def __str__(self) -> str:
        return f"{self.round_class_id}/{self.gender}: {self.n}"


class ResultCount(OptionCounts):
    """Pre-aggregated answers: per class, gender and item, the count, sum and count ≥ 3.

    Dashboards read these few rows, never the responses, so their time stays flat as
    responses grow (bench/README.md)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    round_class = models.ForeignKey(RoundClass, on_delete=models.CASCADE, related_name="result_counts")
    gender = models.CharField(max_length=20, blank=True)
    item_key = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round_class", "gender", "item_key"], name="result_count_once")
        ]
        indexes = [models.Index(fields=["organisation", "round", "item_key"], name="result_round_item_idx")]

    def __str__(self) -> str:
        return f"{self.round_class_id}/{self.gender}/{self.item_key}"


class ClassSignal(TenantOwned):
    """A thermometer signal made for one class in one round (made at most once)."""

    round_class = models.OneToOneField(RoundClass, on_delete=models.CASCADE, related_name="signal_made")
    signal_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.round_class_id}"


class TalkRequest(TenantOwned):
    """"I would like to talk to someone": asked after the survey, stored apart from the
    answers with nothing that links the two (no code, no round, no class reference)."""

    class Wants(models.TextChoices):
        MENTOR = "mentor", _("Mijn mentor")
        COORDINATOR = "coordinator", _("De anti-pestcoördinator")
        CONFIDENTIAL_ADVISER = "confidential_adviser", _("De vertrouwenspersoon")

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    wants = models.CharField(max_length=30, choices=Wants.choices)
    name = models.CharField(_("naam"), max_length=120)
    class_name = models.CharField(_("klas"), max_length=40, blank=True)
    message = models.TextField(_("bericht"), blank=True)
    signal_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("gespreksverzoek")
        verbose_name_plural = _("gespreksverzoeken")

    def __str__(self) -> str:
        return f"{self.get_wants_display()}"
from .report.models import *  # noqa
from .privacy.models import *  # noqa
from .external.models import *  # noqa
from .staff.models import *  # noqa
