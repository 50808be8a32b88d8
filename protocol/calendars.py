"""The school calendar that counts an organisation's deadlines.

Until an organisation has set up its own calendar (the follow-up issue stores it), its
deadlines count with the government's recommended holidays of region midden.
"""
from __future__ import annotations

from functools import lru_cache

from .calendar import SchoolCalendar, regional_calendar

DEFAULT_REGION = "midden"


@lru_cache(maxsize=8)
def _regional(region: str) -> SchoolCalendar:
    return regional_calendar(region)


def calendar_for(organisation) -> SchoolCalendar:
    return _regional(DEFAULT_REGION)
