"""Keeping the prevention register: read it (empty when nothing is stored), save it
(validated, all or nothing, audited)."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent, Branch, SchoolYear, Student, User

from . import access
from .models import TEXT_MAX, PreventionMeasure, PreventionRegister, ProgrammeUse
from .vocab import MEASURE_KEYS, MEASURE_LABELS, OTHER, PDCA, PROGRAMME_LABELS

PDCA_FIELDS = tuple(f"{key}_text" for key, _label, _help in PDCA)
NAME_FOUND = "Noem hier geen namen van leerlingen of medewerkers (gevonden: “%(name)s”). Beschrijf rollen of groepen, zoals ‘de mentoren van leerjaar 1’."


@dataclass(frozen=True)
class MeasureInput:
    key: str
    in_place: bool | None
    how: str = ""


@dataclass(frozen=True)
class ProgrammeInput:
    programme: str
    other_name: str = ""
    who: str = ""
    when: str = ""


@dataclass
class RegisterView:
    """The register as the page and the report show it (unsaved years read as empty)."""

    branch: Branch
    school_year: SchoolYear
    measures: list[MeasureInput]
    programmes: list[ProgrammeInput]
    pdca: dict[str, str] = field(default_factory=dict)
    stored: bool = False
    updated_at: object = None

    @property
    def is_empty(self) -> bool:
        return (
            all(m.in_place is None and not m.how for m in self.measures)
            and not self.programmes and not any(self.pdca.values())
        )


def register_read(*, branch: Branch, school_year: SchoolYear) -> RegisterView:
    reg = (
        PreventionRegister.objects.for_organisation(branch.organisation_id)
        .filter(branch=branch, school_year=school_year).first()
    )
    if reg is None:
        return RegisterView(branch, school_year, [MeasureInput(k, None) for k in MEASURE_KEYS], [],
                            {f: "" for f in PDCA_FIELDS})
    stored = {m.key: m for m in reg.measures.all()}
    return RegisterView(
        branch, school_year,
        [MeasureInput(k, stored[k].in_place, stored[k].how) if k in stored else MeasureInput(k, None) for k in MEASURE_KEYS],
        [ProgrammeInput(p.programme, p.other_name, p.who, p.when) for p in reg.programmes.all()],
        {f: getattr(reg, f) for f in PDCA_FIELDS}, stored=True, updated_at=reg.updated_at,
    )


def registers_read(*, branches, school_year: SchoolYear) -> dict[int, RegisterView]:
    """Every branch's register of a year in three queries (the board report)."""
    branches = list(branches)
    if not branches:
        return {}
    org = branches[0].organisation_id
    regs = {
        r.branch_id: r
        for r in PreventionRegister.objects.for_organisation(org).filter(branch__in=branches, school_year=school_year)
        .prefetch_related("measures", "programmes")
    }
    out = {}
    for b in branches:
        reg = regs.get(b.pk)
        if reg is None:
            out[b.pk] = RegisterView(b, school_year, [MeasureInput(k, None) for k in MEASURE_KEYS], [],
                                     {f: "" for f in PDCA_FIELDS})
            continue
        stored = {m.key: m for m in reg.measures.all()}
        out[b.pk] = RegisterView(
            b, school_year,
            [MeasureInput(k, stored[k].in_place, stored[k].how) if k in stored else MeasureInput(k, None) for k in MEASURE_KEYS],
            [ProgrammeInput(p.programme, p.other_name, p.who, p.when) for p in reg.programmes.all()],
            {f: getattr(reg, f) for f in PDCA_FIELDS}, stored=True, updated_at=reg.updated_at,
        )
    return out


# --- validation ------------------------------------------------------------------------


def forbidden_names(branch: Branch) -> list[str]:
    """Full names of the organisation's students and staff, lower case, longest first.

    The branch's published contacts (coordinator and confidential adviser) may be named:
    the law wants them public (seed 000 §2.2–2.3).
    """
    org = branch.organisation_id
    names: set[str] = set()
    for first, infix, last in Student.objects.for_organisation(org).values_list("first_name", "infix", "last_name"):
        names.add(" ".join(p for p in (first, infix, last) if p).lower())
        names.add(f"{first} {last}".lower())
    for full_name in User.objects.filter(organisation_id=org).values_list("full_name", flat=True):
        if full_name:
            names.add(full_name.lower())
    allowed = {n.lower() for n in (branch.coordinator_name, branch.adviser_name) if n}
    return sorted((n for n in names - allowed if len(n) >= 5 and " " in n), key=len, reverse=True)


def _check_text(text: str, names: list[str], field_name: str, errors: dict) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        errors.setdefault(field_name, []).append(_("Maximaal %(n)s tekens.") % {"n": TEXT_MAX})
        return text
    lowered = " ".join(text.lower().split())
    for name in names:
        if name in lowered:
            errors.setdefault(field_name, []).append(_(NAME_FOUND) % {"name": name.title()})
            break
    return text


def register_save(*, branch: Branch, school_year: SchoolYear, acting_user, measures: list[MeasureInput],
                  programmes: list[ProgrammeInput], pdca: dict[str, str], audit: AuditContext | None = None) -> PreventionRegister:
    """Replace the register of a branch and year. Errors are keyed like the page's fields:
    ``measure-<key>-how``, ``programme-<n>-<field>``, ``<plan|do|check|act>_text``."""
    if not access.get_register_branch_for_user(acting_user, branch.pk):  # pragma: no cover - raises 404
        raise PermissionDenied
    if school_year.organisation_id != branch.organisation_id:
        raise ValidationError(_("Dit schooljaar hoort bij een andere organisatie."))
    names = forbidden_names(branch)
    errors: dict[str, list[str]] = {}
    clean_measures = []
    seen = set()
    for m in measures:
        if m.key not in MEASURE_KEYS or m.key in seen:
            raise ValidationError(_("Onbekende maatregel: %(key)s") % {"key": m.key})
        seen.add(m.key)
        how = _check_text(m.how, names, f"measure-{m.key}-how", errors)
        if m.in_place is True and not how:
            errors.setdefault(f"measure-{m.key}-how", []).append(
                _("Beschrijf hoe “%(name)s” op de vestiging is ingevuld.") % {"name": MEASURE_LABELS[m.key]}
            )
        clean_measures.append(MeasureInput(m.key, m.in_place, how))
    clean_programmes = []
    for n, p in enumerate(programmes):
        if p.programme not in PROGRAMME_LABELS:
            errors.setdefault(f"programme-{n}-programme", []).append(_("Kies een programma uit de lijst of ‘Anders’."))
            continue
        other = _check_text(p.other_name, names, f"programme-{n}-other_name", errors)[:200]
        if p.programme == OTHER and not other:
            errors.setdefault(f"programme-{n}-other_name", []).append(_("Geef de naam van het programma."))
        who = _check_text(p.who, names, f"programme-{n}-who", errors)[:300]
        when = _check_text(p.when, names, f"programme-{n}-when", errors)[:200]
        if not who or not when:
            errors.setdefault(f"programme-{n}-who" if not who else f"programme-{n}-when", []).append(
                _("Vul in voor en door wie, en wanneer het programma loopt.")
            )
        clean_programmes.append(ProgrammeInput(p.programme, other if p.programme == OTHER else "", who, when))
    clean_pdca = {f: _check_text(pdca.get(f, ""), names, f, errors) for f in PDCA_FIELDS}
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        reg, created = PreventionRegister.objects.select_for_update().get_or_create(
            organisation_id=branch.organisation_id, branch=branch, school_year=school_year,
        )
        for f, value in clean_pdca.items():
            setattr(reg, f, value)
        reg.updated_at = timezone.now()
        reg.updated_by = acting_user
        reg.save()
        reg.measures.all().delete()
        PreventionMeasure.objects.bulk_create(
            PreventionMeasure(organisation_id=branch.organisation_id, register=reg, key=m.key, in_place=m.in_place, how=m.how)
            for m in clean_measures
        )
        reg.programmes.all().delete()
        ProgrammeUse.objects.bulk_create(
            ProgrammeUse(organisation_id=branch.organisation_id, register=reg, programme=p.programme,
                         other_name=p.other_name, who=p.who, when=p.when)
            for p in clean_programmes
        )
        # The audit row says what was saved, never the texts themselves.
        audit_log(
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE, actor=acting_user, obj=reg,
            audit=audit, branch=branch.pk, school_year=school_year.pk,
            measures_in_place=sum(1 for m in clean_measures if m.in_place), programmes=len(clean_programmes),
        )
    return reg
