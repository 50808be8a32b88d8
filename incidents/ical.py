"""A person's follow-ups as an iCalendar feed at a secret, revocable address.

``/agenda/<token>.ics`` works without a session: calendar apps on phones and in the cloud
fetch it. So the feed says as little as it can: each event is a follow-up's due date (an
all-day event) with the case reference and the term's label — never a student's name or
the case's title, which may hold one.

The token is ``<organisation id as 32 hex digits><43 random URL-safe characters>``. The
organisation part lets the feed activate the right tenant before it looks anything up
(row-level security hides every token row until then); only a SHA-256 hash of the whole
token is stored, so a copy of the database gives no working address. A person has at most
one live token: making a new one revokes the old, and revoking makes the address 404.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from people.audit import AuditContext, audit_log
from people.models import AuditEvent
from people.tenancy import tenant_context

from .deadlines import is_late
from .followup_selectors import open_followups_of
from .models import CalendarFeedToken, FollowUp

TOKEN_PATTERN = r"[0-9a-f]{32}[A-Za-z0-9_-]{43}"
NOTHING_TO_REVOKE = _("Er is geen actieve agendakoppeling; er is niets gewijzigd.")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def live_feed_token(user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.for_organisation(user.organisation_id).filter(user=user, revoked_at=None).first()


def feed_token_create(*, user, audit: AuditContext | None = None) -> str:
    """Make a new secret address for ``user`` (revoking the old one); returns the token once."""
    org = uuid.UUID(str(user.organisation_id))
    token = f"{org.hex}{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        revoked = CalendarFeedToken.objects.for_organisation(org).filter(user=user, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        row = CalendarFeedToken.objects.create(organisation_id=org, user=user, token_hash=_digest(token))
        audit_log(action=AuditEvent.Action.CREATE, actor=user, obj=row, audit=audit, replaced=bool(revoked))
    return token


def feed_token_revoke(*, user, audit: AuditContext | None = None) -> None:
    """Revoke the live address; a second revoke changes nothing and says so."""
    with transaction.atomic():
        row = live_feed_token(user)
        if row is None:
            raise ValidationError(str(NOTHING_TO_REVOKE))
        changed = CalendarFeedToken.objects.filter(pk=row.pk, revoked_at=None).update(revoked_at=timezone.now())
        if changed != 1:
            raise ValidationError(str(NOTHING_TO_REVOKE))
        audit_log(action=AuditEvent.Action.DELETE, actor=user, obj=row, audit=audit)


def _organisation_of(token: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=token[:32])
    except ValueError:
        return None


def feed_for_token(token: str, *, base_url: str = "") -> bytes | None:
    """The calendar of the token's owner, or None for an unknown or revoked token."""
    org = _organisation_of(token)
    if org is None:
        return None
    with tenant_context(org):
        row = (
            CalendarFeedToken.objects.for_organisation(org)
            .filter(token_hash=_digest(token), revoked_at=None)
            .select_related("user")
            .first()
        )
        user = row.user if row is not None else None
        if user is None or not user.is_active or user.organisation_id != org:
            return None
        return build_calendar(list(open_followups_of(user)), base_url=base_url)


def build_calendar(followups: list[FollowUp], *, base_url: str = "", now: dt.datetime | None = None) -> bytes:
    """All-day events on the due dates. Reference and label only: no names (see above)."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//Pestzaak//Termijnen//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Pestzaak — termijnen")
    today = timezone.localdate()
    for f in followups:
        late = is_late(f.due_on, f.status, today)  # the rule of every page (incidents.deadlines)
        event = Event()
        event.add("uid", f"followup-{f.pk}-{f.organisation_id}@pestzaak")
        event.add("dtstamp", now)
        event.add("dtstart", f.due_on)
        event.add("dtend", f.due_on + dt.timedelta(days=1))
        summary = f"{f.case.reference}: {f.label_nl}"
        event.add("summary", f"Te laat — {summary}" if late else summary)
        lines = [f"Uiterste datum van deze termijn in zaak {f.case.reference}."]
        if f.explanation_nl:
            lines.append(f.explanation_nl)
        url = f"{base_url.rstrip('/')}{reverse('incidents:case_detail', args=[f.case_id])}"
        lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
