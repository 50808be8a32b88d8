"""The student's thermometer pages: no log-in, one part at a time, works without JavaScript.

The code lives only in a signed, HttpOnly, SameSite=Strict cookie scoped to /thermometer/
(no server-side session row). The QR code's ``?code=`` is read once and answered with a
303 to a clean URL, so the code is not left in the address bar, the history or a log line.
Every part's POST keeps its answers in the code's draft (monitoring.submission), so a
dropped connection loses nothing: entering the code again resumes where the student was.
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
from ..codes import CodeProblem, code_lookup, normalise
from ..forms import BackgroundForm, CodeForm, SectionForm, TalkRequestForm
from ..submission import draft_save, instrument_of, response_submit

COOKIE = "thermometer"
COOKIE_PATH = "/thermometer/"
COOKIE_SALT = "monitoring.thermometer.code"
COOKIE_AGE = 60 * 60 * 24 * 3  # long enough to resume after a lost connection or a weekend

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


def _set_code_cookie(response, code: str) -> None:
    response.set_cookie(
        COOKIE, signing.dumps(normalise(code), salt=COOKIE_SALT), max_age=COOKIE_AGE, path=COOKIE_PATH,
        httponly=True, samesite="Strict", secure=settings.SESSION_COOKIE_SECURE,
    )


def _forget_code(response) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Strict")


def _code_from_cookie(request) -> str | None:
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


def _next_url(code, instrument) -> str:
    """Where a (returning) student continues: the first part with something unanswered."""
    draft = code.draft or {}
    if "gender" not in draft:
        return reverse("monitoring:thermometer_background")
    answered = draft.get("answers", {})
    for section in instrument.sections:
        if any(item.key not in answered for item in section.items):
            return reverse("monitoring:thermometer_section", args=[section.number])
    return reverse("monitoring:thermometer_section", args=[instrument.sections[-1].number])


def _accept(request, raw: str):
    """Check a typed or scanned code; on success, a 303 to the student's next part with the cookie."""
    code = code_lookup(raw)
    response = SeeOther(_next_url(code, instrument_of(code.round)))
    _set_code_cookie(response, raw)
    return response


class _NeedCode(Exception):
    def __init__(self, response):
        self.response = response


def _current(request):
    """The code of this device (from the cookie), checked again on every page."""
    raw = _code_from_cookie(request)
    if not raw:
        messages.info(request, NO_CODE)
        raise _NeedCode(SeeOther(reverse("monitoring:thermometer_start")))
    try:
        code = code_lookup(raw)
    except CodeProblem as problem:
        raise _NeedCode(_problem_page(request, problem.message)) from None
    return raw, code


def _student_page(view):
    """Student pages: never cached (answers on a shared device), code from the cookie."""

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
    """Enter the code (POST), or arrive from the QR code (``?code=``, read once, then 303)."""
    if request.method == "GET" and "code" in request.GET:
        if code_entry_blocked(request):
            messages.error(request, TOO_MANY)
            return SeeOther(reverse("monitoring:thermometer_start"))
        try:
            return _accept(request, request.GET.get("code", ""))
        except CodeProblem as problem:
            count_failed_code(request)
            messages.error(request, problem.message)
            return SeeOther(reverse("monitoring:thermometer_start"))
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
    has_code = _code_from_cookie(request) is not None
    return render(request, "monitoring/student/start.html", {"form": form, "has_code": has_code}, status=status)


@_student_page
@require_http_methods(["GET", "POST"])
def background(request):
    """Deel 1: "Ik ben …" (with "anders" and "zeg ik liever niet")."""
    raw, code = _current(request)
    instrument = instrument_of(code.round)
    draft = code.draft or {}
    if request.method == "POST":
        form = BackgroundForm(request.POST, instrument=instrument)
        if form.is_valid():
            draft_save(raw_code=raw, answers={}, gender=form.cleaned_data["gender"])
            return SeeOther(reverse("monitoring:thermometer_section", args=[1]))
    else:
        form = BackgroundForm(initial={"gender": draft.get("gender")}, instrument=instrument)
    return render(request, "monitoring/student/background.html", {
        "form": form, "instrument": instrument, "part": 1, "parts": _parts(instrument),
        "intro": instrument.intro_en if _lang() == "en" else instrument.intro_nl,
        "class_name": code.round_class.class_name,
    }, status=400 if form.errors else 200)


@_student_page
@require_http_methods(["GET", "POST"])
def section(request, number: int):
    """One section of items, 0 (nooit) to 5 (altijd); the last one sends the survey."""
    raw, code = _current(request)
    instrument = instrument_of(code.round)
    if not 1 <= number <= len(instrument.sections):
        raise Http404
    current = instrument.sections[number - 1]
    last = number == len(instrument.sections)
    draft = code.draft or {}
    if request.method == "POST":
        form = SectionForm(request.POST, section=current, scale=instrument.scale)
        going_back = request.POST.get("action") == "back"
        if going_back or not form.is_valid():
            # Keep whatever was answered, even on the way back or with a gap.
            answered = form.answered()
            if answered:
                draft_save(raw_code=raw, answers=answered)
            if going_back:
                target = (reverse("monitoring:thermometer_section", args=[number - 1]) if number > 1
                          else reverse("monitoring:thermometer_background"))
                return SeeOther(target)
        else:
            draft_save(raw_code=raw, answers=form.cleaned_data)
            if not last:
                return SeeOther(reverse("monitoring:thermometer_section", args=[number + 1]))
            try:
                response_submit(raw_code=raw)
            except ValidationError as error:
                # Something of an earlier part is missing (e.g. a skipped page): go there.
                code.refresh_from_db(fields=["draft"])
                messages.error(request, _("Je hebt nog niet alle vragen beantwoord. Vul de vragen hieronder in; daarna kun je versturen."))
                if hasattr(error, "error_dict") and "gender" in error.error_dict:
                    return SeeOther(reverse("monitoring:thermometer_background"))
                return SeeOther(_next_url(code, instrument))
            except CodeProblem as problem:
                return _problem_page(request, problem.message)
            token = talk.school_token(code.organisation_id, code.round_class.branch_id)
            response = SeeOther(reverse("monitoring:thermometer_thanks", args=[token]))
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
