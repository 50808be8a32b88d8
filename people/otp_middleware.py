"""Two-factor enforcement: a logged-in session that still needs its second step sees only
the code page (or set-up) until it has given a code.

It does what django-otp's OTPMiddleware does (``request.user.is_verified()``), then
redirects. Exempt: log-in, log-out, password reset, the second-step pages themselves,
static files, the language switch, and the public pages (/melden/, /thermometer/) that
need no log-in at all. API requests get a JSON 403 instead of a redirect; token clients
arrive here anonymous and prove two factors when they fetch their token (people.api).
"""
from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware

from people.otp import services

EXEMPT_PREFIXES = ("/static/", "/i18n/", "/melden/", "/thermometer/", "/favicon.ico")
EXEMPT_NAMES = (
    "login", "logout", "password_reset", "password_reset_done", "password_reset_complete",
    "two_factor:verify", "two_factor:setup",
)


class TwoFactorMiddleware(OTPMiddleware):
    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        super().__init__(get_response)
        self._exempt_paths: tuple[str, ...] | None = None

    def _exempt(self, path: str) -> bool:
        if self._exempt_paths is None:
            self._exempt_paths = tuple(reverse(name) for name in EXEMPT_NAMES)
        if path.startswith(EXEMPT_PREFIXES) or path in self._exempt_paths:
            return True
        return path.startswith("/wachtwoord-herstellen/")

    def __call__(self, request):
        self._install_lazy_accessors(request)
        if not self._exempt(request.path_info) and services.needs_verification(request.user):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Log eerst in met de tweede stap (de code uit uw authenticator-app).")}, status=403
                )
            has_device = services.has_device(request.user)
            target = reverse("two_factor:verify" if has_device else "two_factor:setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
