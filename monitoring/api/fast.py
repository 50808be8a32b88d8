"""The anonymous survey API's common case, without DRF's request machinery.

A class of thirty starts and sends within minutes (bench/survey_compare). For the two
requests every student makes — start with the code, send the answers — the view below
reads the JSON body itself and calls the one-round-trip services
(monitoring.submission.session_start_fast / response_submit_fast). Whenever the request is
not the plain good case (a body that is not a JSON object, a missing or odd field, a
code or session the fast path cannot use, answers to check, SQLite), nothing has been
written and the request goes on to the DRF view (monitoring.api.views) exactly as
before: same validation, same Dutch messages, same status codes, same rate limit.

The route keeps the DRF view's class (``cls``), so the OpenAPI schema still describes it.
"""
from __future__ import annotations

import functools
import json

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.fields import DateTimeField

from ..submission import response_submit_fast, session_start_fast
from ..views.student import code_entry_blocked

_EXPIRES = DateTimeField()  # the same rendering of a time as the DRF view's serializer
MAX_CODE = 40  # monitoring.api.serializers.CodeSerializer
MAX_SESSION = 200  # SessionSerializer
MAX_GENDER = 30  # DraftSerializer


def _json_object(request) -> dict | None:
    try:
        body = json.loads(request.body)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _plain(value, limit: int) -> str | None:
    # A string DRF's CharField would take as it is (no trimming needed, within its limit).
    if isinstance(value, str) and value and len(value) <= limit and value == value.strip():
        return value
    return None


def session_fast(request):
    if request.method != "POST" or code_entry_blocked(request):
        return None
    body = _json_object(request)
    code = _plain(body.get("code"), MAX_CODE) if body else None
    if code is None:
        return None
    started = session_start_fast(raw_code=code)
    if started is None:
        return None
    token, class_name, expires = started
    return JsonResponse({"session": token, "class_name": class_name, "expires_at": _EXPIRES.to_representation(expires)},
                        status=201)


def submission_fast(request):
    if request.method != "POST":
        return None
    body = _json_object(request)
    if not body or "class_name" in body:
        return None
    session = _plain(body.get("session"), MAX_SESSION)
    gender = body.get("gender")
    if session is None or not isinstance(gender, str) or len(gender) > MAX_GENDER or gender != gender.strip():
        return None
    if not response_submit_fast(session_token=session, answers=body.get("answers"), gender=gender):
        return None
    return JsonResponse({"detail": _("Bedankt! Je antwoorden zijn verstuurd.")}, status=201)


def with_fast_path(view_class, fast):
    """The DRF view's ``as_view()``, trying ``fast(request)`` first (None: not handled)."""
    slow = view_class.as_view()

    @functools.wraps(slow)
    def view(request, *args, **kwargs):
        response = fast(request)
        return response if response is not None else slow(request, *args, **kwargs)

    return view
