"""Every URL of the project, read from the URL configuration, with its id parameters
mapped onto the objects of tests/walls/world.py.

When you add a route that takes an id, map its parameter here (``PARAM_MODELS`` by
name, or ``ROUTE_PARAM_MODELS`` for one route) and, if the object is new, give the world
one of it (``pick`` below). Until then test_generated_walls fails and says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .world import Side

#: Parameters that are not object ids: what they are, and why no wall applies.
NOT_IDS = {
    "uidb64": "password reset: a signed token, checked by Django",
    "token": "a secret token (password reset, iCal feed, thermometer thank-you): the token is the credential",
    "number": "the thermometer's section number (1, 2, 3 …), the same for everyone",
    "kind": "a letter template's kind (agreements, suspension …), the same for every organisation",
    "org_slug": "the public reporting page of an organisation: public by design",
    "branch_slug": "the public reporting page of a branch: public by design",
    "format": "DRF's format suffix (json, api)",
}

#: Values for those parameters where a route needs one to be reached at all.
NON_ID_VALUES = {"number": "1", "kind": "agreements", "format": "json"}
ROUTE_NON_ID_VALUES = {"monitoring:privacy_export": {"kind": "json"}}

#: Parameter name -> model key of the world (see ``pick``).
PARAM_MODELS = {
    "case_id": "case",
    "signal_id": "signal",
    "evidence_id": "evidence",
    "letter_id": "letter",
    "student_id": "student",
    "class_id": "school_class",
    "branch_id": "branch",
    "followup_id": "followup",
    "notification_id": "notification",
    "report_id": "public_report",
    "round_id": "survey_round",
    "talk_id": "talk_request",
    "calendar_id": "calendar",
    "period_id": "calendar_period",
    "entry_id": "entry",
    "branch_pk": "branch",
    "class_pk": "round_class",
    "year_id": "school_year",
    "job_id": "report_job",
    "document_id": "document_job",
    "exclusion_id": "exclusion",
    "code_id": "status_code",
    "incident_id": "serious_incident",
    "complaint_id": "complaint",
}

#: Where a name means something else on one route (mostly DRF's ``pk``).
ROUTE_PARAM_MODELS = {
    "monitoring:codes_issue": {"class_id": "round_class"},
    "organisation-detail": {"pk": "organisation"},
    "branch-detail": {"pk": "branch"},
    "department-detail": {"pk": "department"},
    "schoolclass-detail": {"pk": "school_class"},
    "student-detail": {"pk": "student"},
    "roleassignment-detail": {"pk": "role_assignment"},
    "api-signal-detail": {"pk": "signal"},
    "api-signal-open-case": {"pk": "signal"},
    "api-signal-link": {"pk": "signal"},
    "api-signal-dismiss": {"pk": "signal"},
    "api-case-detail": {"pk": "case"},
    "api-case-transition": {"pk": "case"},
    "api-case-entries": {"pk": "case"},
    "api-entry-correct": {"pk": "case"},
    "api-case-participants": {"pk": "case"},
    "api-case-confidential-notes": {"pk": "case"},
    "api-case-members": {"pk": "case"},
    "api-case-members-remove": {"pk": "case"},
    "api-case-criminal-offence": {"pk": "case"},
    "api-evidence-download": {"pk": "evidence"},
    "api-followup-detail": {"pk": "followup"},
    "api-followup-complete": {"pk": "followup"},
    "api-survey-round-detail": {"pk": "survey_round"},
    "api-survey-codes-issue": {"pk": "survey_round"},
    "api-survey-code-revoke": {"pk": "survey_round"},
    "api-survey-results-board": {"pk": "survey_round"},
    "api-survey-results-branch": {"pk": "survey_round"},
}

#: The parts of one dossier (a case and what hangs from it).
DOSSIER_KEYS = frozenset({"case", "signal", "entry", "evidence", "letter", "followup"})
#: Where a student or class of a dossier lives, for routes that take one.
DOSSIER_PEOPLE = {
    "case": ("student", "school_class", "branch"),
    "other_class": ("other_student_2", "other_class", "branch"),
    "other_branch": ("far_student", "far_class", "other_branch"),
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    def id_params(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if p not in NOT_IDS)

    def model_of(self, param: str) -> str | None:
        return ROUTE_PARAM_MODELS.get(self.name, {}).get(param) or PARAM_MODELS.get(param)

    def url(self, values: dict[str, object]) -> str:
        kwargs = {k: str(v) for k, v in values.items()}
        for p in self.params:
            if p not in kwargs:
                kwargs[p] = ROUTE_NON_ID_VALUES.get(self.name, {}).get(p) or NON_ID_VALUES[p]
        return reverse(self.name, kwargs=kwargs)


def _params(pattern) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def all_routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None, inherited: tuple[str, ...]):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace])) or None
                walk(p.url_patterns, prefix + str(p.pattern), ns, inherited + _params(p.pattern))
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
                found.append(Route(name=name, pattern=prefix + str(p.pattern), params=inherited + _params(p.pattern)))

    walk(get_resolver().url_patterns, "", None, ())
    return found


def unmapped(route: Route) -> list[str]:
    return [p for p in route.id_params() if route.model_of(p) is None]


def pick(side: Side, key: str, dossier: str = "case") -> object:
    """The world's object for a model key (dossier parts from the named dossier)."""
    if key in DOSSIER_KEYS:
        return getattr(side.dossiers[dossier], key)
    if key in ("student", "school_class", "branch") and dossier != "case":
        student_attr, class_attr, branch_attr = DOSSIER_PEOPLE[dossier]
        attr = {"student": student_attr, "school_class": class_attr, "branch": branch_attr}[key]
        return side.objects.get(attr) or getattr(side, attr)
    if hasattr(side, key):
        return getattr(side, key)
    return side.objects[key]


def pk_of(obj) -> str:
    return str(obj.pk)


def describe(route: Route) -> str:
    pattern = re.sub(r"^\^|\$$", "", route.pattern)
    return f"{route.name or '(no name)'} ({pattern})"
