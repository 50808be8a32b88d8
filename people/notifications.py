"""Queueing and delivering notifications (in-app and e-mail).

``notify`` writes rows (at most one per recipient and dedupe key) and asks Celery to
deliver them once the transaction commits. If the broker is down, the ask fails quietly:
the periodic ``deliver_notifications`` task picks up every pending row later, so an
outage delays a notification but never loses one.

Delivery claims each row with a conditional UPDATE (pending -> sending) and checks that
exactly one row changed, so two workers never send the same e-mail. A worker that dies
between claiming and marking sent leaves the row in "sending"; after CLAIM_TIMEOUT it is
released and sent again — e-mail is at-least-once at that one crash point, in-app exactly once.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .header_version import bump_header_version
from .models import Notification, User
from .tenancy import tenant_context

log = logging.getLogger(__name__)

#: After this long a claimed-but-unsent e-mail is released again (its worker died).
CLAIM_TIMEOUT = dt.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT_SECONDS)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Notice:
    """One notification to make, for one or more recipients."""

    recipients: tuple
    kind: str
    dedupe_key: str
    title: str
    body: str = ""
    url: str = ""
    email: bool = True


def notify(*, organisation, recipients: Iterable[User], kind: str, dedupe_key: str, title: str,
           body: str = "", url: str = "", email: bool = True) -> int:
    """Queue one notification per recipient; returns how many were new."""
    return notify_many(
        organisation=organisation,
        notices=[Notice(tuple(recipients), kind, dedupe_key, title, body, url, email)],
    )


def notify_many(*, organisation, notices: Iterable[Notice]) -> int:
    """Queue many notifications in two queries (one read of what exists, one insert).

    Each exists at most once per recipient and dedupe key; returns how many were new."""
    org_id = str(getattr(organisation, "pk", organisation))
    wanted: dict[tuple[int, str], Notification] = {}
    for notice in notices:
        for user in notice.recipients:
            # Never notify anyone outside the organisation (ids may arrive as UUID or text).
            if user is None or str(user.organisation_id) != org_id:
                continue
            wanted.setdefault(
                (user.pk, notice.dedupe_key),
                Notification(
                    organisation_id=org_id, recipient_id=user.pk, kind=notice.kind, dedupe_key=notice.dedupe_key,
                    title=notice.title[:200], body=notice.body, url=notice.url,
                    email_state=(
                        Notification.EmailState.PENDING
                        if notice.email and user.email
                        else Notification.EmailState.SKIPPED
                    ),
                ),
            )
    if not wanted:
        return 0
    existing = set(
        Notification.objects.for_organisation(org_id)
        .filter(dedupe_key__in={key for _pk, key in wanted})
        .values_list("recipient_id", "dedupe_key")
    )
    rows = [row for pair, row in wanted.items() if pair not in existing]
    # ignore_conflicts: a scan running twice at once still creates each row only once.
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    if rows:
        bump_header_version(org_id)  # the bell's unread count
        transaction.on_commit(lambda: enqueue_delivery(org_id))
    return len(rows)


def enqueue_delivery(organisation_id) -> None:
    """Ask a worker to deliver now; a broker outage is not an error (the beat retries)."""
    from .tasks import deliver_notifications

    try:
        deliver_notifications.apply_async(args=[str(organisation_id)], retry=False)
    except Exception:  # noqa: BLE001 - any broker error: the periodic task will deliver
        log.warning("Broker unavailable; notifications stay queued in the database")


def release_stale_claims(organisation_id, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    # Read at call time so deployments (and tests) can tune it through settings.
    timeout = dt.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT_SECONDS)
    return Notification.objects.for_organisation(organisation_id).filter(
        email_state=Notification.EmailState.SENDING, email_claimed_at__lt=now - timeout
    ).update(email_state=Notification.EmailState.PENDING)


def deliver_pending(organisation_id, *, limit: int = 200) -> int:
    """Send the pending e-mails of one organisation; returns how many were sent.

    Each claim commits before the e-mail goes out, and each "sent" mark right after, so a
    crash or a second worker can never make the same row go out twice (but see above)."""
    with tenant_context(organisation_id):
        release_stale_claims(organisation_id)
        pending = list(
            Notification.objects.for_organisation(organisation_id)
            .filter(email_state=Notification.EmailState.PENDING)
            .select_related("recipient")
            .order_by("id")[:limit]
        )
    sent = 0
    for note in pending:
        with tenant_context(organisation_id):
            claimed = Notification.objects.filter(
                pk=note.pk, email_state=Notification.EmailState.PENDING
            ).update(email_state=Notification.EmailState.SENDING, email_claimed_at=timezone.now(),
                     email_attempts=F("email_attempts") + 1)
        if claimed != 1:
            continue  # another worker has it
        try:
            send_mail(
                subject=f"[Pestzaak] {note.title}",
                message=_email_text(note),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[note.recipient.email],
            )
        except Exception:  # noqa: BLE001 - mail server trouble: try again later
            log.warning("Sending notification %s failed", note.pk)
            state = (
                Notification.EmailState.FAILED
                if note.email_attempts + 1 >= MAX_ATTEMPTS
                else Notification.EmailState.PENDING
            )
            with tenant_context(organisation_id):
                Notification.objects.filter(pk=note.pk).update(email_state=state)
            continue
        with tenant_context(organisation_id):
            Notification.objects.filter(pk=note.pk).update(
                email_state=Notification.EmailState.SENT, email_sent_at=timezone.now()
            )
        sent += 1
    return sent


def _email_text(note: Notification) -> str:
    base = settings.SITE_URL.rstrip("/")
    link = f"\n\n{base}{note.url}" if note.url else ""
    # No student names in e-mail: the body says what to do; the app shows who.
    return f"{note.body}{link}\n\n— Pestzaak"


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return 0
    return Notification.objects.for_organisation(user.organisation_id).filter(recipient=user, read_at=None).count()


def inbox(user):
    return Notification.objects.for_organisation(user.organisation_id).filter(recipient=user)


def mark_read(user, notification_ids=None) -> int:
    qs = inbox(user).filter(read_at=None)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    changed = qs.update(read_at=timezone.now())
    if changed:
        bump_header_version(user.organisation_id)  # the bell updates at once
    return changed


