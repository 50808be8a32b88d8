"""Every request runs in one transaction with its organisation activated (people.tenancy)."""
from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation

from . import tenancy


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        org_id = getattr(user, "organisation_id", None) if user is not None and user.is_authenticated else None
        request.organisation_id = org_id
        with transaction.atomic():
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
