"""A short middleware stack for the students' anonymous survey API.

Every other request runs settings.MIDDLEWARE: sessions, authentication, two-factor,
django-axes, messages, CSRF for forms, the tenant transaction, the request memo. None of
it applies to a student posting a code or answers to ``/api/v1/thermometer/…``: no
log-in, no session cookie, no staff tenant (the services set the tenant per transaction
themselves, from the code or the session token). During a class's rush that stack was
most of the cost of a request (bench/README.md, "Survey submission against the bare
baseline"). ``SurveyPathMiddleware``, first in settings.MIDDLEWARE, hands those paths to
a second handler that runs only ``SURVEY_API_MIDDLEWARE`` and resolves against the
survey API's own short URL list (config/lean_urls.py: the same views); everything else passes on unchanged. It is a middleware rather than
a WSGI wrapper so that Django's test client goes the same way as gunicorn does.

What the survey API keeps (tests/security, tests/monitoring/test_survey_api.py):
``Cache-Control: no-store, private``, HSTS, nosniff, the referrer and opener policies
(SecurityMiddleware), the CSP and frame-ancestors headers, the user's chosen language
(LanguageMiddleware), and its own forgery guard: JSON bodies only and no foreign
``Origin`` (people.middleware.AnonymousJsonApiMiddleware). The rate limit on wrong codes
lives in the views (one client-address helper, people.client_ip).
"""
from __future__ import annotations

from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.urls import get_resolver
from django.utils.module_loading import import_string

SURVEY_API_PREFIX = "/api/v1/thermometer/"
SURVEY_API_URLCONF = "config.lean_urls"
SURVEY_API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "people.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "people.middleware.LanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "people.middleware.AnonymousJsonApiMiddleware",
]


class ShortStackHandler(BaseHandler):
    """A request handler whose middleware is the given list instead of settings.MIDDLEWARE."""

    def __init__(self, middleware: list[str], urlconf: str):
        super().__init__()
        self.middleware = middleware
        self.urlconf = urlconf
        self.load_middleware()

    def resolve_request(self, request):
        # Resolve against the short URL list only; reverse() and the error pages keep the
        # full configuration (no request.urlconf, no set_urlconf).
        resolver_match = get_resolver(self.urlconf).resolve(request.path_info)
        request.resolver_match = resolver_match
        return resolver_match

    def load_middleware(self, is_async: bool = False) -> None:
        # BaseHandler.load_middleware, synchronous only, for our own list.
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(self.middleware):
            instance = import_string(path)(handler)
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


class SurveyPathMiddleware:
    """First in settings.MIDDLEWARE: the survey API's paths take the short stack."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.survey_api = ShortStackHandler(SURVEY_API_MIDDLEWARE, SURVEY_API_URLCONF)

    def __call__(self, request):
        if request.path_info.startswith(SURVEY_API_PREFIX):
            return self.survey_api._middleware_chain(request)
        return self.get_response(request)
