"""Entering and importing external monitor results: all rows or none.

``external_results_import`` reads a CSV (any delimiter of ``,;\\t``, UTF-8 with or without
a byte-order mark) through a column mapping (our field -> the file's column header),
checks every row and either saves them all (in one transaction, with an audit event) or
nothing at all; with ``dry_run`` it only checks. Each bad row gets its own plain-Dutch
message naming the line and the column.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from people.audit import AuditContext, audit_log
from people.models import AuditEvent, Branch, SchoolYear
from people.permissions import Permission, branches_where

from .models import ExternalMonitorResult

MAX_ROWS = 500
MAX_BYTES = 512 * 1024

#: Our fields, in the order of the form; the first five are required.
FIELDS = ("vestiging", "schooljaar", "monitor", "respondenten", "schaal_van", "schaal_tot", "uitgenodigd",
          "veiligheidsbeleving", "aantasting", "welbevinden", "aandeel_gepest")
REQUIRED = ("vestiging", "schooljaar", "monitor", "respondenten", "schaal_van", "schaal_tot")
INSTRUMENT_NAMES = {
    "vensters": "vensters", "zien": "zien", "zien!": "zien", "veiligheidsmonitor": "veiligheidsmonitor",
    "other": "other", "anders": "other", "overig": "other",
}


def entry_branches_for(user):
    """Who enters results: management of the branch; board management and board coordinator for all."""
    return branches_where(user, Permission.ENTER_EXTERNAL_RESULTS)


def can_enter(user) -> bool:
    return entry_branches_for(user).exists()


@dataclass
class RowResult:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult]
    file_errors: list[str]
    saved: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(not r.errors for r in self.rows)


def _decimal(raw: str) -> Decimal:
    return Decimal(raw.strip().replace(",", "."))


def _check_row(line: int, raw: dict[str, str], *, branches: dict[str, Branch], years: dict[str, SchoolYear]) -> RowResult:
    row = RowResult(line, {})
    err = row.errors
    for name in REQUIRED:
        if not (raw.get(name) or "").strip():
            err.append(_("regel %(line)s: ‘%(field)s’ is leeg.") % {"line": line, "field": name})
    branch_name = (raw.get("vestiging") or "").strip()
    if branch_name:
        branch = branches.get(branch_name.casefold())
        if branch is None:
            err.append(_("regel %(line)s: vestiging ‘%(name)s’ kennen we niet (of u mag er geen resultaten voor "
                         "invoeren). Gebruik de naam of korte naam van de vestiging.") % {"line": line, "name": branch_name})
        row.values["branch"] = branch
    year_name = (raw.get("schooljaar") or "").strip()
    if year_name:
        year = years.get(year_name)
        if year is None:
            err.append(_("regel %(line)s: schooljaar ‘%(name)s’ bestaat niet; schrijf het als 2026-2027.")
                       % {"line": line, "name": year_name})
        row.values["school_year"] = year
    instrument = (raw.get("monitor") or "").strip()
    if instrument:
        key = INSTRUMENT_NAMES.get(instrument.casefold())
        if key is None:
            err.append(_("regel %(line)s: monitor ‘%(name)s’ kennen we niet; kies Vensters, ZIEN!, "
                         "Veiligheidsmonitor of anders.") % {"line": line, "name": instrument})
        row.values["instrument"] = key
    for name, attr in (("respondenten", "respondents"), ("uitgenodigd", "invited")):
        text = (raw.get(name) or "").strip()
        if not text:
            row.values[attr] = None
            continue
        if not text.isdigit() or len(text) > 9:
            err.append(_("regel %(line)s: ‘%(field)s’ moet een heel getal zijn, niet ‘%(value)s’.")
                       % {"line": line, "field": name, "value": text})
        else:
            row.values[attr] = int(text)
    numbers = {}
    for name, attr in (("schaal_van", "scale_min"), ("schaal_tot", "scale_max"), ("veiligheidsbeleving", "safety_perception"),
                       ("aantasting", "harm"), ("welbevinden", "wellbeing"), ("aandeel_gepest", "bullied_share")):
        text = (raw.get(name) or "").strip()
        if not text:
            row.values[attr] = None
            continue
        try:
            value = _decimal(text)
            if not value.is_finite() or abs(value) >= 1000:
                raise InvalidOperation
        except InvalidOperation:
            err.append(_("regel %(line)s: ‘%(field)s’ moet een getal zijn (bijvoorbeeld 3,4), niet ‘%(value)s’.")
                       % {"line": line, "field": name, "value": text})
            continue
        row.values[attr] = numbers[attr] = value
    low, high = numbers.get("scale_min"), numbers.get("scale_max")
    if low is not None and high is not None:
        if high <= low:
            err.append(_("regel %(line)s: ‘schaal_tot’ moet groter zijn dan ‘schaal_van’.") % {"line": line})
        else:
            for attr, name in (("safety_perception", "veiligheidsbeleving"), ("harm", "aantasting"), ("wellbeing", "welbevinden")):
                value = numbers.get(attr)
                if value is not None and not low <= value <= high:
                    err.append(_("regel %(line)s: ‘%(field)s’ (%(value)s) ligt buiten de schaal %(low)s–%(high)s.")
                               % {"line": line, "field": name, "value": value, "low": low, "high": high})
    share = numbers.get("bullied_share")
    if share is not None and not 0 <= share <= 1:
        err.append(_("regel %(line)s: ‘aandeel_gepest’ is een aandeel van 0 tot 1 (0,12 = 12%%).") % {"line": line})
    invited, respondents = row.values.get("invited"), row.values.get("respondents")
    if invited is not None and respondents is not None and respondents > invited:
        err.append(_("regel %(line)s: meer respondenten dan uitgenodigd.") % {"line": line})
    return row


def parse_csv(data: bytes | str, mapping: dict[str, str]) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The file's rows as {our field: text}, by ``mapping`` (our field -> column header)."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            return [], [_("Het bestand is te groot (hoogstens 512 kB).")]
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [_("Het bestand is geen UTF-8-tekst. Sla het in Excel op als ‘CSV UTF-8’.")]
    data = data.lstrip("\ufeff")
    if not data.strip():
        return [], [_("Het bestand is leeg.")]
    try:
        dialect = csv.Sniffer().sniff(data.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(data), dialect=dialect)
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    wanted = {ours: (mapping.get(ours) or ours).strip() for ours in FIELDS}
    missing = [f"{ours} (‘{col}’)" for ours, col in wanted.items() if ours in REQUIRED and col not in headers]
    if missing:
        return [], [_("Deze kolommen ontbreken in het bestand: %(cols)s. Gevonden kolommen: %(found)s.")
                    % {"cols": ", ".join(missing), "found": ", ".join(headers) or "–"}]
    rows = []
    for number, record in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            return [], [_("Hoogstens %(max)s regels per bestand.") % {"max": MAX_ROWS}]
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        rows.append((number, {ours: (record.get(col) or "") if isinstance(record.get(col), str) else ""
                              for ours, col in wanted.items()}))
    if not rows:
        return [], [_("Het bestand heeft geen regels met gegevens.")]
    return rows, []


def external_results_import(*, organisation, acting_user, data: bytes | str, mapping: dict[str, str] | None = None,
                            dry_run: bool = True, audit: AuditContext | None = None) -> ImportReport:
    """Check (and unless ``dry_run``, save) every row; any error anywhere saves nothing."""
    org_id = getattr(organisation, "pk", organisation)
    allowed = list(entry_branches_for(acting_user))
    if not allowed or any(b.organisation_id != org_id for b in allowed):
        raise PermissionDenied(_("Alleen de directie voert resultaten van een externe monitor in."))
    rows, file_errors = parse_csv(data, mapping or {})
    report = ImportReport(rows=[], file_errors=file_errors, dry_run=dry_run)
    if file_errors:
        return report
    branches: dict[str, Branch] = {}
    for b in allowed:
        branches[b.name.casefold()] = b
        branches[b.slug.casefold()] = b
    years = {y.name: y for y in SchoolYear.objects.for_organisation(org_id)}
    seen: dict[tuple, int] = {}
    for line, raw in rows:
        row = _check_row(line, raw, branches=branches, years=years)
        key = (getattr(row.values.get("branch"), "pk", None), getattr(row.values.get("school_year"), "pk", None),
               row.values.get("instrument"))
        if None not in key:
            if key in seen:
                row.errors.append(_("regel %(line)s: dezelfde vestiging, hetzelfde schooljaar en dezelfde monitor "
                                    "als regel %(other)s.") % {"line": line, "other": seen[key]})
            seen.setdefault(key, line)
        report.rows.append(row)
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        for row in report.rows:
            v = row.values
            ExternalMonitorResult.objects.update_or_create(
                organisation_id=org_id, branch=v["branch"], school_year=v["school_year"], instrument=v["instrument"],
                defaults={k: v[k] for k in ("respondents", "invited", "scale_min", "scale_max", "safety_perception",
                                            "harm", "wellbeing", "bullied_share")},
            )
        report.saved = len(report.rows)
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, organisation=org_id,
                  object_type="monitoring.externalmonitorresult", audit=audit,
                  imported=report.saved, branches=sorted({r.values["branch"].pk for r in report.rows}))
    return report


