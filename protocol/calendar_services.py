"""Writes on school calendars, and who may make them.

Every service takes the acting user, runs in one transaction with the calendar row
locked, validates the calendar as it would be *after* the change (protocol.calendar's
validate_periods / validate_days_off plus the checks below) and writes nothing when
anything is wrong: a django ValidationError lists every problem, in the active
language. Each change bumps the calendar's `revision` (which invalidates cached
SchoolCalendars, protocol.calendars) and writes one audit event.

Who: the branch's anti-bullying coordinator and branch management manage their branch's
calendar; board roles manage the organisation's calendar and every branch's.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from people import access
from people.audit import audit_log
from people.models import AuditEvent, Branch
from people.permissions import Permission, board_wide, has_permission, within_reach
from people.request_memo import forget

from .calendar import (
    REGIONS,
    SchoolCalendar,
    format_date,
    school_year_of,
    validate_days_off,
    validate_periods,
)
from .calendars import MEMO_KIND, language, regional_periods, to_plain
from .models import CalendarPeriod, OrganisationCalendar

Kind = CalendarPeriod.Kind
Source = CalendarPeriod.Source


# --- who may --------------------------------------------------------------------------------------
def can_use_calendars(scope) -> bool:
    """Whether the calendar page is for this user at all (also the navigation's test)."""
    return has_permission(scope, Permission.EDIT_CALENDAR)


def can_manage_calendar(user, *, branch: Branch | int | None) -> bool:
    if board_wide(user, Permission.EDIT_CALENDAR):
        return True
    return branch is not None and has_permission(user, Permission.EDIT_CALENDAR, branch=branch)


def calendar_branches_for(user) -> QuerySet[Branch]:
    """The branches whose calendar this user manages."""
    return access.branches_for(user).filter(within_reach(user, Permission.EDIT_CALENDAR, field="pk"))


def get_calendar_branch_for_user(user, branch_id) -> Branch:
    return access.get_or_404(calendar_branches_for(user), branch_id)


def get_calendar_for_user(user, calendar_id) -> OrganisationCalendar:
    """A calendar this user manages; 404 for other tenants' and other branches' calendars."""
    scope = access.scope_for(user)
    if scope.organisation_id is None or not can_use_calendars(scope):
        raise Http404
    qs = OrganisationCalendar.objects.for_organisation(scope.organisation_id).select_related("branch")
    return access.get_or_404(qs.filter(within_reach(user, Permission.EDIT_CALENDAR)), calendar_id)


def get_period_for_user(user, calendar: OrganisationCalendar, period_id) -> CalendarPeriod:
    return access.get_or_404(
        CalendarPeriod.objects.for_organisation(calendar.organisation_id).filter(calendar=calendar), period_id
    )


def _require(user, branch) -> None:
    if user is not None and not can_manage_calendar(user, branch=branch):
        raise PermissionDenied(_("U mag deze schoolkalender niet wijzigen."))


# --- validation -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    """A calendar entry as it will be after the change (stored or not)."""

    kind: str
    name: str
    start: dt.date
    end: dt.date


def _rows_of(periods) -> list[_Row]:
    return [_Row(p.kind, p.name, p.start, p.end) for p in periods]


def calendar_problems(rows: list[_Row]) -> list[str]:
    """Every problem of a calendar's full set of entries, in the active language."""
    lang = language()
    fake = [CalendarPeriod(kind=r.kind, name=r.name, start=r.start, end=r.end) for r in rows]
    holidays, days_off, school_open = to_plain(fake)
    problems = [issue.text(lang) for issue in validate_periods(holidays) + validate_days_off(days_off)]
    for r in rows:
        if r.kind in (Kind.STUDY_DAY, Kind.DAY_OFF) and r.start.weekday() >= 5:
            problems.append(
                _("%(name)s op %(date)s valt in het weekend; dan is er al geen school.")
                % {"name": r.name, "date": format_date(r.start, lang)}
            )
    public = SchoolCalendar()
    seen: set[dt.date] = set()
    for d in school_open:
        if d in seen:
            problems.append(_("%(date)s staat twee keer als feestdag met school in de lijst.") % {"date": format_date(d, lang)})
        seen.add(d)
        if public.public_holiday_on(d) is None:
            problems.append(
                _("Op %(date)s valt geen officiële feestdag; alleen op een feestdag kunt u aangeven dat er wel school is.")
                % {"date": format_date(d, lang)}
            )
    return problems


def _clean_entry(*, kind: str, name: str, start: dt.date | None, end: dt.date | None) -> _Row:
    """Field checks for one entry; raises ValidationError listing every problem."""
    problems = []
    if kind not in Kind.values:
        problems.append(_("Kies een geldige soort."))
    name = (name or "").strip()
    if kind == Kind.SCHOOL_OPEN and not name and start is not None:
        found = SchoolCalendar().public_holiday_on(start)
        name = found[0] if found else ""
    if not name:
        problems.append(_("Vul een naam in."))
    if start is None:
        problems.append(_("Vul de begindatum in."))
    if kind == Kind.VACATION:
        if end is None:
            problems.append(_("Vul de einddatum in."))
    else:
        end = start
    if problems:
        raise ValidationError(problems)
    if kind == Kind.VACATION:
        name = name.lower() if name.lower() in _standard_names() else name
    return _Row(kind, name, start, end)  # type: ignore[arg-type]


def _standard_names() -> set[str]:
    from .calendar import STANDARD_VACATIONS

    return set(STANDARD_VACATIONS)


def _validate(rows: list[_Row]) -> None:
    problems = calendar_problems(rows)
    if problems:
        raise ValidationError(problems)


# --- helpers ---------------------------------------------------------------------------------------
def _locked(calendar: OrganisationCalendar) -> OrganisationCalendar:
    return (
        OrganisationCalendar.objects.for_organisation(calendar.organisation_id)
        .select_for_update()
        .get(pk=calendar.pk)
    )


def _touch(calendar: OrganisationCalendar, user) -> None:
    """Bump the revision: every cached SchoolCalendar of this calendar is stale from now on."""
    forget(MEMO_KIND)  # and this request's memo (protocol.calendars.calendar_for)
    OrganisationCalendar.objects.filter(pk=calendar.pk).update(
        revision=F("revision") + 1, updated_at=timezone.now(), updated_by=user if getattr(user, "pk", None) else None
    )
    calendar.refresh_from_db(fields=["revision", "updated_at", "updated_by"])


def _periods(calendar: OrganisationCalendar) -> list[CalendarPeriod]:
    return list(CalendarPeriod.objects.for_organisation(calendar.organisation_id).filter(calendar=calendar))


def _new_period(calendar: OrganisationCalendar, row: _Row, source: str) -> CalendarPeriod:
    return CalendarPeriod(
        organisation_id=calendar.organisation_id,
        calendar=calendar,
        kind=row.kind,
        name=row.name,
        start=row.start,
        end=row.end,
        school_year=school_year_of(row.start),
        source=source,
    )


# --- the calendar ----------------------------------------------------------------------------------
@dataclass
class ConfigureResult:
    calendar: OrganisationCalendar
    created: bool
    prefilled: int = 0
    skipped: list[str] = field(default_factory=list)


def calendar_configure(
    *,
    organisation,
    branch: Branch | None = None,
    region: str,
    include_public_holidays: bool = True,
    prefill: bool = True,
    acting_user,
) -> ConfigureResult:
    """Create or change the calendar of `organisation` (or of `branch`).

    With `prefill` (always on creation) the government's recommended holidays of `region`
    are filled in, marked as such (source "regional"): earlier unadjusted advice is
    replaced, holidays the school added or adjusted are kept, and advice that clashes with
    them (same name in the same school year, or overlapping dates) is skipped.
    """
    org_id = getattr(organisation, "pk", organisation)
    if branch is not None and branch.organisation_id != org_id:
        raise Http404
    if region not in REGIONS:
        raise ValidationError(_("Kies regio noord, midden of zuid."))
    _require(acting_user, branch)
    with transaction.atomic():
        qs = OrganisationCalendar.objects.for_organisation(org_id).select_for_update()
        calendar = qs.filter(branch=branch).first() if branch is not None else qs.filter(branch__isnull=True).first()
        created = calendar is None
        before = None if created else {"region": calendar.region, "include_public_holidays": calendar.include_public_holidays}
        if created:
            calendar = OrganisationCalendar.objects.create(
                organisation_id=org_id, branch=branch, region=region,
                include_public_holidays=include_public_holidays,
                updated_by=acting_user if getattr(acting_user, "pk", None) else None,
            )
        else:
            calendar.region = region
            calendar.include_public_holidays = include_public_holidays
            calendar.save(update_fields=["region", "include_public_holidays"])
        result = ConfigureResult(calendar=calendar, created=created)
        if prefill or created:
            _prefill(calendar, region, result)
        _touch(calendar, acting_user)
        audit_log(
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            actor=acting_user, organisation=org_id, obj=calendar,
            what="school_calendar", branch_id=getattr(branch, "pk", None), region=region,
            include_public_holidays=include_public_holidays, prefilled=result.prefilled,
            skipped=result.skipped, before=before,
        )
        return result


def _prefill(calendar: OrganisationCalendar, region: str, result: ConfigureResult) -> None:
    existing = _periods(calendar)
    advice = [p for p in existing if p.kind == Kind.VACATION and p.source == Source.REGIONAL]
    kept = [p for p in existing if p not in advice]
    kept_vacations = [p for p in kept if p.kind == Kind.VACATION]
    new: list[CalendarPeriod] = []
    lang = language()
    for year, periods in regional_periods(region).items():
        for p in periods:
            clash = next(
                (
                    k for k in kept_vacations
                    if (k.school_year == year and k.name.strip().lower() == p.name.lower())
                    or (k.start <= p.end and p.start <= k.end)
                ),
                None,
            )
            if clash is not None:
                result.skipped.append(f"{p.name} {format_date(p.start, lang)}")
                continue
            new.append(_new_period(calendar, _Row(Kind.VACATION, p.name, p.start, p.end), Source.REGIONAL))
    _validate(_rows_of(kept) + _rows_of(new))
    CalendarPeriod.objects.filter(pk__in=[p.pk for p in advice]).delete()
    CalendarPeriod.objects.bulk_create(new)
    result.prefilled = len(new)


def calendar_delete(*, calendar: OrganisationCalendar, acting_user) -> None:
    """Remove a calendar; a branch then follows the organisation's, an organisation the default."""
    _require(acting_user, calendar.branch_id)
    with transaction.atomic():
        calendar = _locked(calendar)
        audit_log(
            action=AuditEvent.Action.DELETE, actor=acting_user, organisation=calendar.organisation_id,
            obj=calendar, what="school_calendar", branch_id=calendar.branch_id,
            periods=CalendarPeriod.objects.filter(calendar=calendar).count(),
        )
        calendar.delete()
        forget(MEMO_KIND)


# --- periods and days ------------------------------------------------------------------------------
def period_add(
    *,
    calendar: OrganisationCalendar,
    kind: str,
    name: str,
    start: dt.date | None,
    end: dt.date | None = None,
    acting_user,
) -> CalendarPeriod:
    """Add a vacation, a study day, an extra day off or a public holiday with school."""
    _require(acting_user, calendar.branch_id)
    row = _clean_entry(kind=kind, name=name, start=start, end=end)
    with transaction.atomic():
        calendar = _locked(calendar)
        _validate(_rows_of(_periods(calendar)) + [row])
        period = _new_period(calendar, row, Source.SCHOOL)
        period.save(force_insert=True)
        _touch(calendar, acting_user)
        audit_log(
            action=AuditEvent.Action.CREATE, actor=acting_user, obj=period, what="calendar_period",
            calendar_id=calendar.pk, kind=row.kind, name=row.name,
            start=row.start.isoformat(), end=row.end.isoformat(),
        )
        return period


def period_update(
    *,
    period: CalendarPeriod,
    name: str,
    start: dt.date | None,
    end: dt.date | None = None,
    acting_user,
) -> CalendarPeriod:
    """Change an entry's name or dates (e.g. shift the recommended herfstvakantie a week)."""
    _require(acting_user, period.calendar.branch_id)
    row = _clean_entry(kind=period.kind, name=name, start=start, end=end)
    with transaction.atomic():
        calendar = _locked(period.calendar)
        others = [p for p in _periods(calendar) if p.pk != period.pk]
        _validate(_rows_of(others) + [row])
        before = {"name": period.name, "start": period.start.isoformat(), "end": period.end.isoformat()}
        changed = (row.name, row.start, row.end) != (period.name, period.start, period.end)
        period.name, period.start, period.end = row.name, row.start, row.end
        period.school_year = school_year_of(row.start)
        if changed and period.source == Source.REGIONAL:
            period.source = Source.ADJUSTED
        period.save(update_fields=["name", "start", "end", "school_year", "source"])
        _touch(calendar, acting_user)
        audit_log(
            action=AuditEvent.Action.UPDATE, actor=acting_user, obj=period, what="calendar_period",
            calendar_id=calendar.pk, before=before,
            after={"name": row.name, "start": row.start.isoformat(), "end": row.end.isoformat()},
        )
        return period


def period_delete(*, period: CalendarPeriod, acting_user) -> None:
    _require(acting_user, period.calendar.branch_id)
    with transaction.atomic():
        calendar = _locked(period.calendar)
        audit_log(
            action=AuditEvent.Action.DELETE, actor=acting_user, obj=period, what="calendar_period",
            calendar_id=calendar.pk, kind=period.kind, name=period.name,
            start=period.start.isoformat(), end=period.end.isoformat(),
        )
        period.delete()
        _touch(calendar, acting_user)
