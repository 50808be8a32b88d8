"""Every request runs in one transaction with its organisation activated (people.tenancy)."""
from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import tenancy
from .request_memo import request_scope


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        org_id = getattr(user, "organisation_id", None) if user is not None and user.is_authenticated else None
        request.organisation_id = org_id
        with transaction.atomic(), request_scope():
            tenancy.activate(org_id)
            try:
                response = self.get_response(request)
                if response.status_code >= 500:
                    # Django turned an exception into this response inside us: write nothing.
                    transaction.set_rollback(True)
                return response
            finally:
                tenancy._current.set(None)


class LanguageMiddleware:
    """Dutch by default; English only when the user picked it with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which puts a
    teacher with an English browser on an English interface they never chose."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every answer except static files.

    Dossier pages, API answers, exports, downloads and the survey pages hold student data
    (or a survey code); no browser, proxy or shared computer may keep a copy, and the back
    button must not show a dossier after log-out. Marking everything is simpler to audit
    than a list of the pages that need it, and costs nothing that matters: only the
    static files are worth caching, and WhiteNoise serves them (with their own headers).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(self.static_prefix):
            patch_cache_control(response, no_store=True, private=True)
            # An earlier "public" or "max-age" would contradict no-store.
            cache = response.get("Cache-Control", "")
            parts = [p.strip() for p in cache.split(",") if p.strip() and not p.strip().startswith(("public", "max-age", "s-maxage"))]
            response["Cache-Control"] = ", ".join(parts)
        return response


class AnonymousJsonApiMiddleware:
    """The forgery guard of an anonymous JSON API (the students' survey API, config/lean.py).

    CSRF tokens protect a logged-in browser's cookies; the survey API has none to abuse
    (the code or session token is in the body). What is left to stop is another site
    making a student's browser post to it: a cross-site page can only send a "simple"
    request (a form's content types) without asking first, so a POST must be JSON, and a
    browser that names a foreign ``Origin`` is refused (Django's own origin rule, with
    CSRF_TRUSTED_ORIGINS)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            if request.content_type != "application/json":
                return JsonResponse({"detail": _("Stuur de gegevens als JSON (Content-Type: application/json).")},
                                    status=415)
            if "HTTP_ORIGIN" in request.META and not self.csrf._origin_verified(request):
                return JsonResponse({"detail": _("Dit verzoek komt van een andere website en is geweigerd.")}, status=403)
        return self.get_response(request)
