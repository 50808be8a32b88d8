"""The counter fields every pre-aggregated result row shares (students' and staff's)."""
from __future__ import annotations

from django.db import models

from people.models import TenantOwned


class OptionCounts(TenantOwned):
    """Per group and item: how many answered (``n``), the sum of the answers (``total``),
    how many answered 3 or more (``high``), and how many gave each value 0..5 (``a0``–``a5``).

    Answers are counted into these rows as they come in, and results are read from them,
    never from the responses (monitoring.submission, monitoring.staff.services)."""

    n = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    high = models.PositiveIntegerField(default=0)
    #: How many answers were exactly 0, 1, … 5: the inspectorate's "share of students per
    #: answer option" for the bullying statements. Rows counted before these columns
    #: existed hold zeros here (their options add up to less than ``n``: "not available").
    a0 = models.PositiveIntegerField(default=0)
    a1 = models.PositiveIntegerField(default=0)
    a2 = models.PositiveIntegerField(default=0)
    a3 = models.PositiveIntegerField(default=0)
    a4 = models.PositiveIntegerField(default=0)
    a5 = models.PositiveIntegerField(default=0)

    #: The per-option counter fields, by answer value.
    OPTION_FIELDS = ("a0", "a1", "a2", "a3", "a4", "a5")

    class Meta:
        abstract = True
