"""API tokens: stored as a hash, expiring, revoked by a password or role change, and
held to the same two-factor rule as a session (issue 11, item 8).

* **Shown once.** ``token_issue`` returns the key once; the table keeps its SHA-256 (the
  key is 40 random hex characters, 160 bits, so a fast hash is enough: nothing to guess).
  The header stays DRF's ``Authorization: Token <key>``.
* **Expiry.** A token lapses after ``API_TOKEN_IDLE`` without use (default 8 hours: one
  working day) and at the latest ``API_TOKEN_MAX_AGE`` after it was issued (default 30
  days). Then the client asks for a new one with e-mail, password (and code).
* **Revocation without bookkeeping.** A token keeps fingerprints of the user's password
  hash and roles when it was issued (as Django's sessions keep the password hash): a new
  password (reset or change) or any change in roles (assigned, removed, import,
  rollover, admin) makes the stored fingerprint differ and the token stop working.
* **Two factors.** A token records whether it was issued with the second factor. A user
  who needs two factors (a dossier role, or a linked app) and holds a token issued
  without one is refused on every request, exactly as an unverified session would be.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: How often last_used_at is written (not on every request).
TOUCH_EVERY = timedelta(minutes=1)

EXPIRED = _("Deze API-sleutel is verlopen. Vraag een nieuwe aan met uw e-mailadres en wachtwoord.")
INVALID = _("Deze API-sleutel is ongeldig of ingetrokken. Vraag een nieuwe aan met uw e-mailadres en wachtwoord.")
NEEDS_SECOND_FACTOR = _(
    "Deze API-sleutel is uitgegeven zonder tweede stap, en uw account vraagt die nu wel. "
    "Vraag een nieuwe sleutel aan met de code uit uw authenticator-app."
)


def idle_limit() -> timedelta:
    return timedelta(seconds=settings.API_TOKEN_IDLE_SECONDS)


def max_age() -> timedelta:
    return timedelta(seconds=settings.API_TOKEN_MAX_AGE_SECONDS)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _fingerprint(text: str) -> str:
    return hashlib.sha256(f"pestzaak-token:{text}".encode()).hexdigest()


def password_fingerprint(user) -> str:
    return _fingerprint(user.password or "")


def roles_fingerprint(user) -> str:
    from people import access

    scope = access.scope_for(user)
    parts = sorted(f"org:{r}" for r in scope.organisation_roles)
    parts += sorted(f"{b}:{r}" for b, roles in scope.branch_roles.items() for r in roles)
    flags = f"su={int(bool(user.is_superuser))},st={int(bool(user.is_staff))},org={user.organisation_id}"
    return _fingerprint("|".join([flags, *parts]))


class ApiToken(models.Model):
    """One issued API key, by its hash. No organisation column: it is read before the
    organisation is known (like sessions), and holds no student data."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    two_factor = models.BooleanField(default=False)
    password_hash = models.CharField(max_length=64)
    roles_hash = models.CharField(max_length=64)

    class Meta:
        app_label = "people"
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"API-sleutel {self.pk}"


def token_issue(*, user, two_factor: bool) -> tuple[str, ApiToken]:
    """A new key for ``user`` (returned once) and its stored row. Earlier keys of the user
    stay valid until they lapse, so two clients do not knock each other out."""
    key = secrets.token_hex(20)
    now = timezone.now()
    user = type(user).objects.get(pk=user.pk)  # fresh roles, and no cached scope left on the caller's object
    row = ApiToken.objects.create(
        user=user, key_hash=digest(key), created_at=now, last_used_at=now, expires_at=now + max_age(),
        two_factor=two_factor, password_hash=password_fingerprint(user), roles_hash=roles_fingerprint(user),
    )
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()  # tidy up
    return key, row


def token_lookup(key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(key_hash=digest(key)).first()


def token_problem(token: ApiToken, *, second_factor_required) -> str | None:
    """Why ``token`` may not be used now (a Dutch sentence), or None. Call with the
    user's organisation active: the role fingerprint reads the roles."""
    now = timezone.now()
    user = token.user
    if not user.is_active:
        return str(INVALID)
    if now >= token.expires_at or now - token.last_used_at >= idle_limit():
        return str(EXPIRED)
    if token.password_hash != password_fingerprint(user) or token.roles_hash != roles_fingerprint(user):
        return str(INVALID)
    if not token.two_factor and second_factor_required(user):
        return str(NEEDS_SECOND_FACTOR)
    if now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return None
