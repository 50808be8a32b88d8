""""I would like to talk to someone": a request a student makes after the survey.

It is a separate step with its own form: no code, no cookie, nothing of the survey. The
request knows the branch (from a signed token on the thank-you page that holds only the
organisation and branch), the person asked for, the name and class the student typed and
an optional message. It is stored as a TalkRequest and, unless it is addressed to the
confidential adviser, as a Signal (source "talk_request", reported by nobody); the chosen
person is notified. A request to the confidential adviser reaches the branch's
adviser(s) alone: no signal, no fallback to anyone else, readable by nobody else
(``talk_requests_for``); a branch without an adviser gets a plain message instead.

incidents.services.signal_create does not fit: it requires students picked from the
branch's list (a typed name is not one) and a reporting member of staff.

Who is notified:
* "mentor": the current mentor(s) of the class the student typed, when it matches a class
  of the branch this school year; otherwise the branch's coordinator(s);
* "coordinator": the branch's anti-bullying coordinator(s), else the board coordinator(s);
* "confidential_adviser": the branch's confidential adviser(s), nobody else.

The notification (and its e-mail) names no student; the page it links to shows the name
to the people notified and to those who triage the branch's signals.
"""
from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents.models import Signal
from people import access as people_access
from people import ratelimit
from people.ids import parse_id
from people.models import Branch, ClassMentor, Notification, RoleAssignment, SchoolClass, User
from people.notifications import notify
from people.permissions import Permission, board_wide, branch_ids_where
from people.roles import Role

from .models import TalkRequest

SCHOOL_SALT = "monitoring.talk.school"
PER_ADDRESS = ratelimit.Limit("talk-addr", "TALK_REQUESTS_PER_ADDRESS", "TALK_REQUEST_WINDOW_SECONDS")
PER_TOKEN = ratelimit.Limit("talk-token", "TALK_REQUESTS_PER_TOKEN", "TALK_REQUEST_WINDOW_SECONDS")
NOTIFICATION_KIND = "talk_request"
BAD_SCHOOL = gettext_lazy("Dit formulier is verlopen of niet compleet. Open de vragenlijst opnieuw via je code of vraag je mentor om hulp.")


def school_token(organisation_id, branch_id) -> str:
    """A signed token naming only the organisation and branch. Signed with a timestamp
    (django.core.signing): each thank-you page gets a fresh one, and it lapses after
    TALK_REQUEST_TOKEN_SECONDS, so a copied form cannot post talk requests for ever."""
    return signing.dumps([str(organisation_id), int(branch_id)], salt=SCHOOL_SALT, compress=False)


def school_from_token(token: str) -> tuple[str, int]:
    try:
        org_id, branch_id = signing.loads(token or "", salt=SCHOOL_SALT, max_age=settings.TALK_REQUEST_TOKEN_SECONDS)
        return str(org_id), int(branch_id)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ValidationError({"school": BAD_SCHOOL}) from exc


TOO_MANY_TALK_REQUESTS = gettext_lazy(
    "Er zijn vanaf dit adres of met dit formulier al veel verzoeken verstuurd. Probeer het later opnieuw, "
    "of loop even binnen bij je mentor of de anti-pestcoördinator."
)


def talk_request_limited(*, address: str, token: str) -> str | None:
    """Why another talk request may not be sent now (each one makes a signal and a
    notification), or None: at most TALK_REQUESTS_PER_ADDRESS per address and
    TALK_REQUESTS_PER_TOKEN per thank-you page in TALK_REQUEST_WINDOW_SECONDS."""
    if ratelimit.is_over(PER_ADDRESS, address) or ratelimit.is_over(PER_TOKEN, token):
        return str(TOO_MANY_TALK_REQUESTS)
    return None


def talk_request_counted(*, address: str, token: str) -> None:
    ratelimit.hit(PER_ADDRESS, address)
    ratelimit.hit(PER_TOKEN, token)


def _normal(name: str) -> str:
    return "".join((name or "").split()).casefold()


def _staff_with(organisation_id, branch_id, roles) -> list[User]:
    assignments = RoleAssignment.objects.for_organisation(organisation_id).filter(role__in=list(roles))
    if branch_id is not None:
        assignments = assignments.filter(branch_id=branch_id)
    ids = assignments.values("user_id")
    return list(User.objects.filter(organisation_id=organisation_id, pk__in=ids, is_active=True))


def _coordinators(organisation_id, branch_id) -> list[User]:
    return _staff_with(organisation_id, branch_id, {Role.COORDINATOR}) or _staff_with(
        organisation_id, None, {Role.BOARD_COORDINATOR}
    )


def _class_mentors(organisation_id, branch_id, class_name: str) -> list[User]:
    wanted = _normal(class_name)
    if not wanted:
        return []
    today = timezone.localdate()
    classes = SchoolClass.objects.for_organisation(organisation_id).filter(
        branch_id=branch_id, school_year__starts_on__lte=today, school_year__ends_on__gte=today
    )
    matching = [c.pk for c in classes.only("pk", "name") if _normal(c.name) == wanted]
    if not matching:
        return []
    mentor_ids = ClassMentor.objects.for_organisation(organisation_id).filter(school_class_id__in=matching).values("mentor_id")
    return list(User.objects.filter(organisation_id=organisation_id, pk__in=mentor_ids, is_active=True))


NO_ADVISER = gettext_lazy(
    "Je school heeft in Pestzaak nog geen vertrouwenspersoon. Kies je mentor of de anti-pestcoördinator, "
    "of loop binnen bij de vertrouwenspersoon van je school."
)


def advisers_of(organisation_id, branch_id) -> list[User]:
    """The branch's confidential adviser(s): the only ones a request to the adviser reaches."""
    return _staff_with(organisation_id, branch_id, {Role.CONFIDENTIAL_ADVISER})


def recipients_for(*, organisation_id, branch_id, wants: str, class_name: str) -> list[User]:
    if wants == TalkRequest.Wants.CONFIDENTIAL_ADVISER:
        # Never a fallback: the page promises the adviser tells nobody without the student knowing.
        return advisers_of(organisation_id, branch_id)
    found = _class_mentors(organisation_id, branch_id, class_name) if wants == TalkRequest.Wants.MENTOR else []
    return found or _coordinators(organisation_id, branch_id)


def talk_request_create(*, organisation_id, branch_id: int, wants: str, name: str, class_name: str = "",
                        message: str = "") -> TalkRequest:
    """Store the request and its signal, and notify the chosen person (call with the
    organisation activated, e.g. inside ``tenant_context``)."""
    errors = {}
    if wants not in TalkRequest.Wants.values:
        errors["wants"] = _("Kies met wie je wilt praten.")
    name, class_name, message = (name or "").strip(), (class_name or "").strip(), (message or "").strip()
    if not name:
        errors["name"] = _("Vul je naam in, anders weten we niet wie we moeten uitnodigen.")
    elif len(name) > 120:
        errors["name"] = _("Je naam mag hoogstens 120 tekens lang zijn.")
    if len(class_name) > 40:
        errors["class_name"] = _("Je klas mag hoogstens 40 tekens lang zijn.")
    if len(message) > 2000:
        errors["message"] = _("Je bericht mag hoogstens 2000 tekens lang zijn.")
    branch = Branch.objects.for_organisation(organisation_id).filter(pk=branch_id).first()
    if branch is None:
        errors["school"] = BAD_SCHOOL
    elif wants == TalkRequest.Wants.CONFIDENTIAL_ADVISER and not advisers_of(organisation_id, branch.pk):
        errors["wants"] = NO_ADVISER
    if errors:
        raise ValidationError(errors)
    # Staff read the signal and the notification: in the interface's language, whatever
    # language the student chose.
    with translation.override(settings.LANGUAGE_CODE):
        return _store(organisation_id, branch, wants, name, class_name, message)


def _store(organisation_id, branch, wants, name, class_name, message) -> TalkRequest:
    wants_label = TalkRequest.Wants(wants).label
    lines = [
        _("Na de thermometer vraagt een leerling om een gesprek met: %(who)s.") % {"who": wants_label},
        _("Naam: %(name)s") % {"name": name},
        _("Klas: %(class)s") % {"class": class_name or _("niet ingevuld")},
    ]
    if message:
        lines.append(_("Bericht: %(message)s") % {"message": message})
    with transaction.atomic():
        signal = None
        if wants != TalkRequest.Wants.CONFIDENTIAL_ADVISER:
            # A branch signal is read by everyone who triages the branch's signals; a request
            # to the confidential adviser is not one: it stays in the adviser's own inbox.
            signal = Signal.objects.create(
                organisation_id=organisation_id, branch=branch, source=Signal.Source.TALK_REQUEST, reported_by=None,
                description="\n".join(lines),
            )
        talk = TalkRequest.objects.create(
            organisation_id=organisation_id, branch=branch, wants=wants, name=name, class_name=class_name,
            message=message, signal_id=signal.pk if signal else None,
        )
        notify(
            organisation=organisation_id,
            recipients=recipients_for(organisation_id=organisation_id, branch_id=branch.pk, wants=wants,
                                      class_name=class_name),
            kind=NOTIFICATION_KIND,
            dedupe_key=dedupe_key(talk),
            title=_("Een leerling wil graag met u praten"),
            # No student name in the e-mail: the page behind the link shows who.
            body=_("Een leerling van %(branch)s heeft na de thermometer gevraagd om een gesprek. "
                   "Open Pestzaak om te zien wie het is.") % {"branch": branch.name},
            url=reverse("monitoring:talk_request_detail", args=[talk.pk]),
        )
    return talk


def dedupe_key(talk: TalkRequest) -> str:
    return f"talk-request:{talk.pk}"


def talk_requests_for(user) -> QuerySet[TalkRequest]:
    """Requests a user may read.

    A request to the confidential adviser: only the confidential adviser(s) of its branch,
    whoever else was once notified (requests made before issue 11 also notified the
    coordinator) and whatever board role they hold. Any other request: those notified,
    those who triage the branch's signals, and the board roles."""
    from django.db.models import Q

    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return TalkRequest.objects.none()
    qs = TalkRequest.objects.for_organisation(scope.organisation_id)
    to_adviser = Q(wants=TalkRequest.Wants.CONFIDENTIAL_ADVISER)
    own_adviser = to_adviser & Q(branch_id__in=branch_ids_where(user, Permission.READ_ADVISER_TALK_REQUESTS))
    if board_wide(user, Permission.READ_TALK_REQUESTS):
        return qs.filter(~to_adviser | own_adviser)
    notified = Notification.objects.for_organisation(scope.organisation_id).filter(
        recipient=user, kind=NOTIFICATION_KIND
    ).values_list("dedupe_key", flat=True)
    ids = [n for key in notified if (n := parse_id(key.rsplit(":", 1)[-1]))]
    others = ~to_adviser & (Q(pk__in=ids) | Q(branch_id__in=branch_ids_where(user, Permission.READ_TALK_REQUESTS)))
    return qs.filter(others | own_adviser)


def get_talk_request_for_user(user, talk_id) -> TalkRequest:
    from django.http import Http404

    text = str(talk_id)
    found = talk_requests_for(user).filter(pk=parse_id(text)).select_related("branch").first() if parse_id(text) else None
    if found is None:
        raise Http404
    return found
