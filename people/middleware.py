"""Every request runs in one transaction with its organisation activated (people.tenancy)."""
from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.cache import patch_cache_control

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
