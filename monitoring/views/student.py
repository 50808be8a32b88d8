"""The student's thermometer pages: no log-in, one part at a time, works without JavaScript.

The code never travels in a URL: the student types it into a POST form, or the QR code
carries it in the address's fragment (``/thermometer/#CODE``), which browsers never send
to a server; a small script (static/js/thermometer.js) puts it in that same form and
sends it. Entering the code starts a session (monitoring.submission.session_start): the
browser keeps only an opaque, short-lived, HttpOnly, SameSite=Strict cookie scoped to
/thermometer/ holding a random token, never the code, and forgets it when the answers are
sent. Every part's POST keeps its answers in a draft sealed with that token
(monitoring.drafts), so a reload or a dropped connection loses nothing; entering the code
again on the same device continues where the student was. The start page never offers
anyone's unfinished survey: the next student at a shared computer starts with their own
code, which replaces the cookie. Every page is ``Cache-Control: no-store``.
"""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from people.audit import client_ip
from people.tenancy import activate

from .. import talk
from ..codes import CodeProblem
from ..forms import BackgroundForm, CodeForm, SectionForm, TalkRequestForm
from ..submission import (
    draft_of,
    draft_save,
    instrument_of,
    response_submit,
    session_start,
)

COOKIE = "thermometer"
COOKIE_PATH = "/thermometer/"
COOKIE_SALT = "monitoring.thermometer.session"
#: The cookie's own limit; the server ends the session SESSION_AGE after the last step.
COOKIE_AGE = 2 * 60 * 60  # a lesson or two, not a weekend (a shared computer)

#: Wrong codes allowed per address before entry pauses. Only failures count: a whole school
#: shares one address, and thirty students entering good codes at once must not be stopped.
FAILURE_LIMIT = 20
FAILURE_WINDOW = 10 * 60
TOO_MANY = gettext_lazy("Er zijn te veel verkeerde codes geprobeerd vanaf dit netwerk. Wacht tien minuten en probeer het dan opnieuw.")
NO_CODE = gettext_lazy("Vul eerst de code van je briefje in.")


class SeeOther(HttpResponseRedirect):
    status_code = 303


# ------------------------------------------------------------------ helpers


def _failure_key(request) -> str:
    # Only a keyed hash of the address, only in the cache, only for ten minutes.
    ip = client_ip(request) or "?"
    return "thermometer-fail:" + hashlib.sha256(f"{settings.SECRET_KEY}|{ip}".encode()).hexdigest()[:32]


def code_entry_blocked(request) -> bool:
    return (cache.get(_failure_key(request)) or 0) >= FAILURE_LIMIT


def count_failed_code(request) -> None:
    key = _failure_key(request)
    if cache.add(key, 1, FAILURE_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, FAILURE_WINDOW)


def _set_session_cookie(response, token: str) -> None:
    # The token is random and names no code; the signature only turns away junk early.
    response.set_cookie(
        COOKIE, signing.dumps(token, salt=COOKIE_SALT), max_age=COOKIE_AGE, path=COOKIE_PATH,
        httponly=True, samesite="Strict", secure=settings.SESSION_COOKIE_SECURE,
    )


def _forget_code(response) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Strict")


def _token_from_cookie(request) -> str | None:
    try:
        return signing.loads(request.COOKIES.get(COOKIE, ""), salt=COOKIE_SALT)
    except signing.BadSignature:
        return None


def _lang() -> str:
    return (get_language() or "nl")[:2]


def _problem_page(request, message, *, status=200):
    response = render(request, "monitoring/student/problem.html", {"problem": message, "form": CodeForm()}, status=status)
    _forget_code(response)
    return response


def _parts(instrument) -> int:
    return 1 + len(instrument.sections)


def _next_url(draft: dict, instrument) -> str:
    """Where a (returning) student continues: the first part with something unanswered."""
    if "gender" not in draft:
        return reverse("monitoring:thermometer_background")
    answered = draft.get("answers", {})
    for section in instrument.sections:
        if any(item.key not in answered for item in section.items):
            return reverse("monitoring:thermometer_section", args=[section.number])
    return reverse("monitoring:thermometer_section", args=[instrument.sections[-1].number])


def _accept(request, raw: str):
    """Check a typed or scanned code; on success, a 303 to the student's next part with the cookie."""
    current = _token_from_cookie(request)
    token, session = session_start(raw_code=raw, current_token=current)
    # A new token means a new secret: no draft can be sealed with it yet (an older draft
    # belongs to the old secret). Only a student continuing on this device has one.
    draft = draft_of(token)[1] if token == current else {}
    response = SeeOther(_next_url(draft, instrument_of(session.code.round)))
    _set_session_cookie(response, token)
    return response


class _NeedCode(Exception):
    def __init__(self, response):
        self.response = response


def _current(request):
    """The session of this device (from the cookie) and its draft, checked on every page."""
    token = _token_from_cookie(request)
    if not token:
        messages.info(request, NO_CODE)
        raise _NeedCode(SeeOther(reverse("monitoring:thermometer_start")))
    try:
        session, draft = draft_of(token)
    except CodeProblem as problem:
        raise _NeedCode(_problem_page(request, problem.message)) from None
    return token, session, draft


def _student_page(view):
    """Student pages: never stored by any cache (answers on a shared device)."""

    @never_cache
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _NeedCode as need:
            return need.response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# ------------------------------------------------------------------ pages


@_student_page
@require_http_methods(["GET", "POST"])
def start(request):
    """Enter the code (POST; the QR code's fragment is put in this form by a script).

    Showing this page ends whatever this browser was filling in: it is where the next
    student at a shared computer begins, and they must not find someone else's answers.
    An old slip's ``?code=`` is not used: the code already reached the address (and so
    logs); the student is asked to type it, and it leaves the address bar at once."""
    if request.method == "GET" and "code" in request.GET:
        messages.info(request, _("Typ de code van je briefje hieronder in."))
        response = SeeOther(reverse("monitoring:thermometer_start"))
        _forget_code(response)
        return response
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        if code_entry_blocked(request):
            form.add_error("code", TOO_MANY)
            status = 429
        else:
            try:
                return _accept(request, form.cleaned_data["code"])
            except CodeProblem as problem:
                count_failed_code(request)
                form.add_error("code", problem.message)
    response = render(request, "monitoring/student/start.html", {"form": form}, status=status)
    if request.method == "GET":
        _forget_code(response)
    return response


@_student_page
@require_http_methods(["GET", "POST"])
def background(request):
    """Deel 1: "Ik ben …" (with "anders" and "zeg ik liever niet")."""
    token, session, draft = _current(request)
    instrument = instrument_of(session.code.round)
    if request.method == "POST":
        form = BackgroundForm(request.POST, instrument=instrument)
        if form.is_valid():
            draft_save(session_token=token, answers={}, gender=form.cleaned_data["gender"], loaded=(session, draft))
            return SeeOther(reverse("monitoring:thermometer_section", args=[1]))
    else:
        form = BackgroundForm(initial={"gender": draft.get("gender")}, instrument=instrument)
    return render(request, "monitoring/student/background.html", {
        "form": form, "instrument": instrument, "part": 1, "parts": _parts(instrument),
        "intro": instrument.intro_en if _lang() == "en" else instrument.intro_nl,
        "class_name": session.code.round_class.class_name,
    }, status=400 if form.errors else 200)


@_student_page
@require_http_methods(["GET", "POST"])
def section(request, number: int):
    """One section of items, 0 (nooit) to 5 (altijd); the last one sends the survey."""
    token, session, draft = _current(request)
    instrument = instrument_of(session.code.round)
    if not 1 <= number <= len(instrument.sections):
        raise Http404
    current = instrument.sections[number - 1]
    last = number == len(instrument.sections)
    if request.method == "POST":
        form = SectionForm(request.POST, section=current, scale=instrument.scale)
        going_back = request.POST.get("action") == "back"
        if going_back or not form.is_valid():
            # Keep whatever was answered, even on the way back or with a gap.
            answered = form.answered()
            if answered:
                draft_save(session_token=token, answers=answered, loaded=(session, draft))
            if going_back:
                target = (reverse("monitoring:thermometer_section", args=[number - 1]) if number > 1
                          else reverse("monitoring:thermometer_background"))
                return SeeOther(target)
        else:
            draft = draft_save(session_token=token, answers=form.cleaned_data, loaded=(session, draft))
            if not last:
                return SeeOther(reverse("monitoring:thermometer_section", args=[number + 1]))
            try:
                response_submit(session_token=token, loaded=(session, draft))
            except ValidationError as error:
                # Something of an earlier part is missing (e.g. a skipped page): go there.
                messages.error(request, _("Je hebt nog niet alle vragen beantwoord. Vul de vragen hieronder in; daarna kun je versturen."))
                if hasattr(error, "error_dict") and "gender" in error.error_dict:
                    return SeeOther(reverse("monitoring:thermometer_background"))
                return SeeOther(_next_url(draft, instrument))
            except CodeProblem as problem:
                return _problem_page(request, problem.message)
            school = talk.school_token(session.organisation_id, session.code.round_class.branch_id)
            response = SeeOther(reverse("monitoring:thermometer_thanks", args=[school]))
            _forget_code(response)
            return response
    else:
        answers = draft.get("answers", {})
        form = SectionForm(initial={k: answers[k] for k in (i.key for i in current.items) if k in answers},
                           section=current, scale=instrument.scale)
    lang = _lang()
    rows = [(item, form[item.key]) for item in current.items]
    return render(request, "monitoring/student/section.html", {
        "form": form, "section": current, "rows": rows, "part": number + 1, "parts": _parts(instrument),
        "last": last, "period": instrument.period_en if lang == "en" else instrument.period_nl,
        "lead": current.lead(lang), "values": instrument.scale.values,
        "low_label": instrument.scale.label(instrument.scale.minimum, lang),
        "high_label": instrument.scale.label(instrument.scale.maximum, lang),
    }, status=400 if form.errors else 200)


def _school(token: str):
    """Organisation and branch from the thank-you page's token, with the organisation active."""
    org_id, branch_id = talk.school_from_token(token)
    activate(org_id)
    return org_id, branch_id


@never_cache
def thanks(request, token: str):
    """Thank you; then, as a separate step, "I would like to talk to someone"."""
    try:
        _school(token)
    except ValidationError:
        raise Http404 from None
    form = TalkRequestForm(initial={"school": token})
    return render(request, "monitoring/student/thanks.html", {"form": form})


@never_cache
@require_POST
def talk_request(request):
    """The talk request: a form with no code and no cookie, stored apart from the answers."""
    form = TalkRequestForm(request.POST)
    address = client_ip(request) or "unknown"
    limited = form.is_valid() and talk.talk_request_limited(address=address, token=form.cleaned_data["school"])
    if limited:
        form.add_error(None, limited)
        return render(request, "monitoring/student/thanks.html", {"form": form, "talk_errors": True}, status=429)
    if form.is_valid():
        try:
            org_id, branch_id = _school(form.cleaned_data["school"])
            talk.talk_request_create(
                organisation_id=org_id, branch_id=branch_id, wants=form.cleaned_data["wants"],
                name=form.cleaned_data["name"], class_name=form.cleaned_data["class_name"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields and field != "school" else None, errors)
        else:
            talk.talk_request_counted(address=address, token=form.cleaned_data["school"])
            return SeeOther(reverse("monitoring:talk_request_sent"))
    return render(request, "monitoring/student/thanks.html", {"form": form, "talk_errors": True}, status=400)


def talk_request_sent(request):
    return render(request, "monitoring/student/talk_sent.html")
