"""The dry run: what an import would create, update and leave alone, row by row.

A plan is computed from the file and the current database and written nowhere. Applying
re-computes it and compares digests, so what is written is exactly what was shown.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Branch, SchoolYear
from .kinds import fields_of

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass
class RowPlan:
    number: int
    action: str = UNCHANGED
    key: str = ""
    label: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: cleaned values for the apply step (not shown)
    values: dict = field(default_factory=dict)

    def fail(self, message: str) -> None:
        self.errors.append(message)
        self.action = ERROR


@dataclass
class ImportPlan:
    kind: str
    organisation_id: str
    rows: list[RowPlan] = field(default_factory=list)
    #: problems with the file as a whole (a required column missing …)
    file_errors: list[str] = field(default_factory=list)
    #: notes shown above the rows (e.g. classes that will be created)
    notes: list[str] = field(default_factory=list)
    #: work for the apply step that belongs to no single row (new classes …)
    extra: dict = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.action == ERROR for r in self.rows)

    def of(self, action: str) -> list[RowPlan]:
        return [r for r in self.rows if r.action == action]

    @property
    def counts(self) -> dict[str, int]:
        counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def errors(self) -> list[str]:
        """Every error as one line, row number first."""
        lines = list(self.file_errors)
        for row in self.rows:
            for message in row.errors:
                lines.append(_("Rij %(row)s: %(reason)s") % {"row": row.number, "reason": message})
        return lines

    def digest(self) -> str:
        """A fingerprint of what would be written: same file and same database, same digest."""
        payload = [self.kind, self.file_errors, self.notes,
                   [(r.number, r.action, r.key, r.changes, r.errors) for r in self.rows]]
        return hashlib.sha256(json.dumps(payload, default=str, sort_keys=True).encode()).hexdigest()


# --- reading cells --------------------------------------------------------------------
class Cells:
    """The mapped cells of one row, by field key."""

    def __init__(self, columns: dict[str, int], cells: list[object]):
        self.columns = columns
        self.cells = cells

    def get(self, key: str) -> object:
        index = self.columns.get(key)
        if index is None or index >= len(self.cells):
            return ""
        value = self.cells[index]
        return value if isinstance(value, (dt.date, dt.datetime)) else str(value or "").strip()

    def text(self, key: str) -> str:
        value = self.get(key)
        return value.isoformat() if isinstance(value, dt.date) else value


def columns_for(kind: str, headers: list[str], mapping: dict[str, str], plan: ImportPlan) -> dict[str, int]:
    """Field key → column index; missing required fields become file errors."""
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = mapping.get(header, "")
        if not key:
            continue
        if key in columns:
            label = next(str(f.label) for f in fields_of(kind) if f.key == key)
            plan.file_errors.append(
                _("Twee kolommen zijn gekoppeld aan ‘%(field)s’: kies er één.") % {"field": label}
            )
            continue
        columns[key] = index
    for f in fields_of(kind):
        if f.required and f.key not in columns:
            plan.file_errors.append(
                _("De verplichte kolom ‘%(field)s’ ontbreekt of is niet gekoppeld.") % {"field": f.label}
            )
    return columns


DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().split(" ")[0]  # "12-03-2013 00:00" from some exports
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_grade(value: str) -> int | None:
    if value in ("", None):
        return None
    grade = int(str(value).strip())
    if not 1 <= grade <= 6:
        raise ValueError(value)
    return grade


class BranchIndex:
    """Branches by name or slug (case-insensitive); only those the user may import into."""

    def __init__(self, organisation_id, allowed: set[int]):
        self.all = list(Branch.objects.for_organisation(organisation_id))
        self.allowed = allowed
        self.by_key = {}
        for b in self.all:
            self.by_key[b.name.strip().lower()] = b
            self.by_key[b.slug.lower()] = b
        self.only = self.all[0] if len(self.all) == 1 else None

    def resolve(self, value: str, row: RowPlan) -> Branch | None:
        if not value:
            if self.only is not None and self.only.pk in self.allowed:
                return self.only
            row.fail(_("De vestiging ontbreekt."))
            return None
        branch = self.by_key.get(value.strip().lower())
        if branch is None:
            row.fail(_("Onbekende vestiging ‘%(name)s’.") % {"name": value})
            return None
        if branch.pk not in self.allowed:
            row.fail(_("U mag niet importeren voor vestiging ‘%(name)s’.") % {"name": branch.name})
            return None
        return branch


class YearIndex:
    def __init__(self, organisation_id):
        self.all = list(SchoolYear.objects.for_organisation(organisation_id).order_by("-starts_on"))
        self.by_name = {y.name.strip().lower(): y for y in self.all}
        today = timezone.localdate()
        self.default = next((y for y in self.all if y.starts_on <= today <= y.ends_on), None) or (
            self.all[0] if self.all else None
        )

    def resolve(self, value: str, row: RowPlan) -> SchoolYear | None:
        if not value:
            if self.default is None:
                row.fail(_("Er is nog geen schooljaar; maak eerst een schooljaar aan."))
            return self.default
        year = self.by_name.get(value.strip().lower())
        if year is None:
            row.fail(_("Onbekend schooljaar ‘%(name)s’.") % {"name": value})
        return year
