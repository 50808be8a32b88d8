"""Who needs a second factor, setting it up, checking codes (throttled and audited)."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from people.audit import AuditContext, audit_log
from people.models import AuditEvent
from people.permissions import Permission, has_permission
from people.tenancy import tenant_context

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"

WRONG_CODE = gettext_lazy("Deze code klopt niet. Vul de zes cijfers in die de app nu laat zien, of een ongebruikte herstelcode.")
THROTTLED = gettext_lazy("Er zijn te veel verkeerde codes ingevuld. Wacht %(seconds)s seconden en probeer het dan opnieuw.")
NEED_CODE = gettext_lazy("Vul de code uit uw authenticator-app in.")
SETUP_WRONG_CODE = gettext_lazy("Deze code klopt niet. Controleer of de klok van uw telefoon goed staat en vul de zes cijfers in die de app nu laat zien.")


def is_required(user) -> bool:
    """Must this user log in with a second factor (setting on, and a dossier role or admin)?"""
    if not settings.OTP_REQUIRED_FOR_DOSSIER_ROLES:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or has_permission(user, Permission.READ_DOSSIERS))


def app_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    qs = TOTPDevice.objects.devices_for_user(user, confirmed=confirmed)
    return qs.order_by("-id").first()


def has_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def needs_verification(user) -> bool:
    """Does this logged-in session (its ``request.user``) still need its second step?"""
    if not getattr(user, "is_authenticated", False) or user.is_verified():
        return False
    # One small query per request, and only for sessions without a verified device.
    return is_required(user) or has_device(user)


def recovery_count(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- set-up ------------------------------------------------------------------------------
def setup_start(user) -> TOTPDevice:
    """An unconfirmed app device to show as a QR code (kept until confirmed or replaced)."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def may_set_up(user) -> bool:
    """A first app needs only the password; replacing an app needs a verified session
    (``user`` is the session's ``request.user``, which django-otp marks verified), or
    someone who knows only the password could link their own phone."""
    return user.is_verified() or not has_device(user)


def setup_confirm(*, user, device: TOTPDevice, code: str, audit: AuditContext | None = None) -> list[str]:
    """Confirm the app with a code it shows; returns ten new recovery codes (shown once).
    The caller then marks its session verified with ``device`` (django_otp.login)."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not may_set_up(user):
        raise PermissionDenied(_("Log eerst in met uw huidige app of een herstelcode."))
    code = normalise(code)
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(THROTTLED % {"seconds": _wait_seconds(device)})
    if not (code.isdigit() and len(code) == 6 and device.verify_token(code)):
        _audit_failure(audit, user, step="setup")
        raise ValidationError(SETUP_WRONG_CODE)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        audit_log(action=AuditEvent.Action.UPDATE, actor=user, obj=user, audit=audit, change="two_factor_enabled")
    return codes


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_renew(*, user, audit: AuditContext | None = None) -> list[str]:
    if not user.is_verified():
        raise PermissionDenied
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        audit_log(action=AuditEvent.Action.UPDATE, actor=user, obj=user, audit=audit,
                  change="recovery_codes_renewed")
    return codes


def two_factor_disable(*, user, audit: AuditContext | None = None) -> None:
    """Turn the second factor off: only where it is optional, and only from a verified session."""
    if is_required(user):
        raise PermissionDenied(_("Voor uw rol is tweestapsverificatie verplicht."))
    if not user.is_verified():
        raise PermissionDenied
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_log(action=AuditEvent.Action.UPDATE, actor=user, obj=user, audit=audit, change="two_factor_disabled")


# --- checking a code ---------------------------------------------------------------------
def normalise(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _wait_seconds(device) -> int:
    _allowed, data = device.verify_is_allowed()
    until = (data or {}).get("locked_until")
    if until is None:
        return 1
    return max(1, int((until - timezone.now()).total_seconds()) + 1)


def _audit_failure(audit: AuditContext | None, user, **detail) -> None:
    audit_log(action=AuditEvent.Action.LOGIN_FAILED, actor=user, obj=user, audit=audit, reason="otp", **detail)


def check_code(user, code: str):
    """The device that accepts ``code`` (a 6-digit app code or a recovery code), or raise
    ValidationError. Throttled per device by django-otp (1, 2, 4, 8 … seconds)."""
    code = normalise(code)
    if not code:
        raise ValidationError(NEED_CODE)
    if code.isdigit() and len(code) == 6:
        devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.devices_for_user(user, confirmed=True))
    for device in devices:
        allowed, _data = device.verify_is_allowed()
        if not allowed:
            raise ValidationError(THROTTLED % {"seconds": _wait_seconds(device)}, code="throttled")
    for device in devices:
        if device.verify_token(code):
            return device
    raise ValidationError(WRONG_CODE, code="wrong")


def verify(*, user, code: str, audit: AuditContext | None = None):
    """The second step of the log-in; audited either way. Returns the device that took the
    code: the caller marks its session verified with it (people.otp.views.verify)."""
    try:
        device = check_code(user, code)
    except ValidationError:
        _audit_failure(audit, user, step="login")
        raise
    audit_log(action=AuditEvent.Action.LOGIN, actor=user, obj=user, audit=audit, factor="otp",
              recovery_code=isinstance(device, StaticDevice))
    return device


# --- the API's token endpoint -----------------------------------------------------------
class TokenRefused(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


def api_token_check(*, user, code: str, audit: AuditContext | None = None) -> bool:
    """A token is as strong as a full log-in: users who need two factors send the app's
    code (``otp_code``) with e-mail and password. Raises TokenRefused (401/403); returns
    whether a second factor was given (the token records it, people.api_tokens)."""
    # The token request arrives anonymous: read roles and write the audit row as the
    # user's organisation (row-level security). Refusals are raised after the block, so
    # its savepoint keeps the audit row and django-otp's failure count.
    refusal = None
    with tenant_context(user.organisation_id):
        if not (is_required(user) or has_device(user)):
            return False
        if not has_device(user):
            refusal = TokenRefused(_("Stel eerst tweestapsverificatie in: log in op de website en volg de stappen."), 403)
        else:
            try:
                check_code(user, code)
            except ValidationError as error:
                audit_log(action=AuditEvent.Action.LOGIN_FAILED, actor=user, obj=user, audit=audit, reason="otp",
                          step="api_token")
                refusal = TokenRefused(error.messages[0], 401)
    if refusal is not None:
        raise refusal
    return True
