"""The staff monitor: the thermometer's anonymous engine, for staff's own safety.

Imported into monitoring.models with one line. As for students: a StaffResponse holds no
time, no code, no user and a random key; a StaffCode keeps only a keyed hash and "used";
figures are read from StaffResultCount, which holds sums only.
"""
from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Branch, TenantOwned

from ..option_counts import OptionCounts

__all__ = ["StaffRound", "StaffCode", "StaffResponse", "StaffResultCount"]


class StaffRound(TenantOwned):
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("vestiging"))
    name = models.CharField(_("naam"), max_length=120)
    instrument_version = models.PositiveSmallIntegerField(default=1)
    opens_at = models.DateTimeField(_("opent"))
    closes_at = models.DateTimeField(_("sluit"))
    min_group_size = models.PositiveSmallIntegerField(
        _("kleinste groep die getoond wordt"), default=10, validators=[MinValueValidator(5), MaxValueValidator(50)])
    invited = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("personeelspeiling")
        verbose_name_plural = _("personeelspeilingen")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="staff_round_closes_after_open"),
            models.CheckConstraint(condition=models.Q(min_group_size__gte=5), name="staff_round_min_group_at_least_5"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffCode(TenantOwned):
    """A one-time code handed out by management: its keyed hash and whether it was used."""

    round = models.ForeignKey(StaffRound, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.digest[:8]


class StaffResponse(TenantOwned):
    """One staff member's answers. No timestamp, no code, no user, no address; a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(StaffRound, on_delete=models.CASCADE, related_name="responses")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField()

    def __str__(self) -> str:
        return str(self.id)


class StaffResultCount(OptionCounts):
    """Per round and item: answers, their sum, answers >= 3 and per value 0..5."""

    round = models.ForeignKey(StaffRound, on_delete=models.CASCADE, related_name="+")
    item_key = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "item_key"], name="staff_result_count_once")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.item_key}"
