"""The pages of the second step: the code after the password, set-up, recovery codes."""
from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from people.audit import audit_context

from . import services
from .forms import CodeForm, SetupForm


def _private(response):
    add_never_cache_headers(response)
    return response


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: the app's code or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not services.has_device(request.user):
        return redirect(_with_next("two_factor:setup", _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify(user=request.user, code=form.cleaned_data["code"], audit=audit_context(request))
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            # A new session key once the session is fully trusted (no fixation across the step).
            request.session.cycle_key()
            if isinstance(device, StaticDevice):
                left = services.recovery_count(request.user)
                messages.warning(request, _("U logde in met een herstelcode. U heeft er nog %(n)s over. Maak nieuwe codes aan als u er bijna geen meer heeft.") % {"n": left})
            return redirect(_next_url(request))
    return _private(render(request, "people/otp/verify.html", {"form": form, "next": _next_url(request)}))


def _qr_svg(uri: str) -> str:
    # Drawn on the server as SVG: no CDN, no JavaScript; presentation attributes only.
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=True,
                                          title=_("QR-code voor uw authenticator-app"))


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Link an authenticator app: scan the QR code (or type the key), confirm with a code,
    then see ten recovery codes once."""
    if not services.may_set_up(request.user):
        return redirect(_with_next("two_factor:verify", reverse("two_factor:setup")))
    device = services.setup_start(request.user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.setup_confirm(user=request.user, device=device, code=form.cleaned_data["code"],
                                           audit=audit_context(request))
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            return _private(render(request, "people/otp/recovery_codes.html",
                                   {"codes": codes, "next": _next_url(request), "first_time": True}))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    uri = device.config_url
    context = {
        "form": form, "qr_svg": _qr_svg(uri), "secret": _grouped(secret), "next": _next_url(request),
        "required": services.is_required(request.user),
    }
    return _private(render(request, "people/otp/setup.html", context))


@login_required
def manage(request):
    user = request.user
    context = {
        "has_device": services.has_device(user),
        "required": services.is_required(user),
        "recovery_left": services.recovery_count(user),
        "verified": user.is_verified(),
    }
    return _private(render(request, "people/otp/manage.html", context))


@login_required
@require_POST
def recovery_codes(request):
    try:
        codes = services.recovery_codes_renew(user=request.user, audit=audit_context(request))
    except PermissionDenied:
        return redirect(_with_next("two_factor:verify", reverse("two_factor:manage")))
    return _private(render(request, "people/otp/recovery_codes.html", {"codes": codes, "next": reverse("two_factor:manage")}))


@login_required
@require_POST
def disable(request):
    services.two_factor_disable(user=request.user, audit=audit_context(request))
    messages.success(request, _("Tweestapsverificatie staat uit."))
    return redirect("two_factor:manage")
