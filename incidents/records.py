"""What each kind of timeline entry may carry, checked before anything is stored."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from protocol import vocabulary as v

#: kind -> {attribute: allowed values (a vocabulary) or a type}
ATTRS: dict[str, dict[str, object]] = {
    v.RecordKind.INCIDENT: {v.Attr.FORM: v.BullyingForm},
    v.RecordKind.CONVERSATION: {v.Attr.WITH: v.ConversationWith},
    v.RecordKind.FOLLOW_UP: {v.Attr.WITH: v.ConversationWith, v.Attr.NO_BLAME: bool, v.Attr.MEMBER: int},
    v.RecordKind.PARENTS_INFORMED: {v.Attr.PARTY: v.InformedParty, "method": str, "letter": int},
    v.RecordKind.INTERVENTION: {v.Attr.KIND: v.InterventionKind, v.Attr.GROUP_REASON: str, "support_group": list},
    v.RecordKind.SANCTION: {v.Attr.KIND: v.SanctionKind},
    v.RecordKind.EVALUATION: {v.Attr.OUTCOME: v.Outcome},
    v.RecordKind.ROUTE_CHOSEN: {v.Attr.ROUTE: v.Route},
    v.RecordKind.CONSENT: {v.Attr.FOR: v.ConsentFor, v.Attr.GIVEN: bool, v.Attr.WRITTEN: bool},
    v.RecordKind.PARENTS_DECISION: {v.Attr.INFORM: bool},
    # Bijlage 14: the steps the student takes; the evaluation date becomes a follow-up.
    v.RecordKind.NON_CONTRACT: {
        "behaviour": str, "need": str, "help": str, "repair": str, v.Attr.EVALUATION_ON: str, "evaluator": str,
    },
    v.RecordKind.REMOVAL_DECISION_LETTER: {"letter": int},
    v.RecordKind.SUSPENSION: {v.Attr.SCHOOL_DAYS: int, "starts_on": str},
    v.RecordKind.SUSPENSION_DECISION_LETTER: {v.Attr.SUSPENSION: str, "letter": int},
    v.RecordKind.INSPECTORATE_NOTIFIED: {v.Attr.SUSPENSION: str},
    v.RecordKind.AGREEMENT: {"who": str, "by_when": str},
}

#: Attributes without which an entry of that kind means nothing.
REQUIRED: dict[str, tuple[str, ...]] = {
    v.RecordKind.CONVERSATION: (v.Attr.WITH,),
    v.RecordKind.PARENTS_INFORMED: (v.Attr.PARTY,),
    v.RecordKind.INTERVENTION: (v.Attr.KIND,),
    v.RecordKind.SANCTION: (v.Attr.KIND,),
    v.RecordKind.EVALUATION: (v.Attr.OUTCOME,),
    v.RecordKind.ROUTE_CHOSEN: (v.Attr.ROUTE,),
    v.RecordKind.CONSENT: (v.Attr.FOR, v.Attr.GIVEN),
    v.RecordKind.SUSPENSION: (v.Attr.SCHOOL_DAYS,),
    v.RecordKind.SUSPENSION_DECISION_LETTER: (v.Attr.SUSPENSION,),
    v.RecordKind.INSPECTORATE_NOTIFIED: (v.Attr.SUSPENSION,),
    v.RecordKind.PARENTS_DECISION: (v.Attr.INFORM,),
    v.RecordKind.NON_CONTRACT: ("behaviour", v.Attr.EVALUATION_ON),
}

#: Kinds whose report text is what they mean: the reason why the police was not informed.
TEXT_REQUIRED: dict[str, str] = {
    v.RecordKind.POLICE_NOT_INFORMED: gettext_lazy("Schrijf op waarom de politie niet is geïnformeerd."),
}
#: Attributes holding an ISO date.
DATE_ATTRS = frozenset({"by_when", "starts_on", v.Attr.EVALUATION_ON})

#: Kinds a person can record (the rest are written by the system).
RECORDABLE = frozenset(k.value for k in v.RecordKind) - {v.RecordKind.EVIDENCE.value}


def clean_attrs(kind: str, attrs: dict | None) -> dict:
    """Validate and normalise an entry's attributes; raise ValidationError in plain language."""
    attrs = dict(attrs or {})
    if kind not in RECORDABLE:
        raise ValidationError({"kind": _("Onbekend soort registratie: %(kind)s.") % {"kind": kind}})
    schema = ATTRS.get(kind, {})
    errors: dict[str, str] = {}
    cleaned: dict[str, object] = {}
    for name, value in attrs.items():
        if value in (None, ""):
            continue
        allowed = schema.get(name)
        if allowed is None:
            errors[name] = _("Dit gegeven hoort niet bij dit soort registratie.")
        elif isinstance(allowed, type) and issubclass(allowed, StrEnum):
            try:
                cleaned[name] = allowed(value).value
            except ValueError:
                errors[name] = _("“%(value)s” is geen geldige keuze.") % {"value": value}
        elif allowed is bool:
            if isinstance(value, bool):
                cleaned[name] = value
            elif str(value).lower() in ("true", "1", "ja", "yes", "on"):
                cleaned[name] = True
            elif str(value).lower() in ("false", "0", "nee", "no", "off"):
                cleaned[name] = False
            else:
                errors[name] = _("Kies ja of nee.")
        elif allowed is int:
            try:
                cleaned[name] = int(value)
            except (TypeError, ValueError):
                errors[name] = _("Vul een heel getal in.")
        elif allowed is list:
            if not isinstance(value, list):
                errors[name] = _("Geef een lijst.")
            else:
                cleaned[name] = [str(item)[:200] for item in value][:20]
        elif name in DATE_ATTRS:
            try:
                cleaned[name] = dt.date.fromisoformat(str(value)[:10]).isoformat()
            except ValueError:
                errors[name] = _("Vul een geldige datum in.")
        else:
            cleaned[name] = str(value)[:500]
    for name in REQUIRED.get(kind, ()):
        if name not in cleaned and name not in errors:
            errors[name] = _("Dit gegeven is verplicht bij dit soort registratie.")
    if errors:
        raise ValidationError(errors)
    return cleaned
