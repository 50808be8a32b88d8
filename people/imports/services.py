"""Import services: who may import, the dry run, applying exactly the plan shown, and the
organisation's saved column mapping."""
from __future__ import annotations

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import access
from ..audit import NO_CLIENT, AuditContext, audit_log
from ..models import AuditEvent, Branch, ImportMapping
from ..permissions import Permission, board_wide, branch_ids_where
from ..statistics import CLASS_TABLES, STAFF_TABLES, STUDENT_TABLES, analyze_after_commit
from .classes import apply_classes, plan_classes
from .kinds import Kind, fields_of, guess_mapping
from .plan import ImportPlan, columns_for
from .reading import Table
from .staff import apply_staff, plan_staff
from .students import apply_students, plan_students

SIGNING_SALT = "people.imports.table"
#: How long a previewed file may wait for "Importeren".
MAX_AGE_SECONDS = 2 * 60 * 60

STALE = gettext_lazy("De gegevens zijn veranderd sinds de voorvertoning. Bekijk de nieuwe voorvertoning en importeer opnieuw.")
HAS_ERRORS = gettext_lazy("Het bestand bevat fouten; er is niets geïmporteerd. Verbeter het bestand en probeer het opnieuw.")


def import_branches(user) -> set[int]:
    """The branches whose people this user may import: all for board management, their own
    for branch management, none for anyone else."""
    if board_wide(user, Permission.MANAGE_STAFF):
        return set(access.branches_for(user).values_list("pk", flat=True))
    return set(branch_ids_where(user, Permission.MANAGE_STAFF))


def can_import(user) -> bool:
    return bool(import_branches(user))


def mapping_for(*, organisation, kind: str, headers: list[str]) -> dict[str, str]:
    saved = ImportMapping.objects.for_organisation(organisation).filter(kind=kind).values_list("columns", flat=True).first()
    return guess_mapping(kind, headers, saved or {})


def mapping_save(*, organisation, kind: str, columns: dict[str, str], acting_user, audit: AuditContext | None = None) -> ImportMapping:
    """Remember the organisation's column mapping for this kind of import (merged with the old one)."""
    valid = {f.key for f in fields_of(kind)} | {""}
    columns = {str(h)[:200]: k for h, k in columns.items() if k in valid and h}
    row = ImportMapping.objects.for_organisation(organisation).filter(kind=kind).first()
    if row is None:
        row = ImportMapping(organisation_id=getattr(organisation, "pk", organisation), kind=kind)
    merged = dict(row.columns or {})
    merged.update(columns)
    if merged != row.columns or row.pk is None:
        row.columns = merged
        row.updated_at = timezone.now()
        row.updated_by = acting_user
        row.save()
        audit_log(action=AuditEvent.Action.UPDATE, actor=acting_user, obj=row, audit=audit, kind=kind)
    return row


def plan_import(*, organisation, acting_user, kind: str, table: Table, mapping: dict[str, str]) -> ImportPlan:
    """The dry run: nothing is written."""
    allowed = import_branches(acting_user)
    if not allowed:
        raise PermissionDenied(_("Alleen de directie importeert leerlingen, klassen en medewerkers."))
    kind = Kind(kind)
    plan = ImportPlan(kind=kind, organisation_id=str(getattr(organisation, "pk", organisation)))
    columns = columns_for(kind, table.headers, mapping, plan)
    if kind != Kind.STAFF and "branch" not in columns and Branch.objects.for_organisation(plan.organisation_id).count() > 1:
        plan.file_errors.append(_("De verplichte kolom ‘%(field)s’ ontbreekt of is niet gekoppeld.") % {"field": _("Vestiging")})
    if plan.file_errors:
        return plan
    if kind == Kind.STUDENTS:
        plan_students(plan, table, columns, allowed)
    elif kind == Kind.STAFF:
        plan_staff(plan, table, columns, allowed, acting_user)
    else:
        plan_classes(plan, table, columns, allowed)
    return plan


def apply_import(*, organisation, acting_user, kind: str, table: Table, mapping: dict[str, str],
                 expected_digest: str, audit: AuditContext | None = None) -> tuple[ImportPlan, dict]:
    """Write exactly the plan that was previewed, in one transaction, or nothing at all.

    The plan is made again from the same file: if the database changed in between (someone
    else imported, a student was edited), the digests differ and nothing is written."""
    with transaction.atomic():
        plan = plan_import(organisation=organisation, acting_user=acting_user, kind=kind, table=table, mapping=mapping)
        if plan.has_errors:
            raise ValidationError(HAS_ERRORS)
        if plan.digest() != expected_digest:
            raise ValidationError(STALE)
        org_id = plan.organisation_id
        where = (audit or NO_CLIENT).row_fields()
        now = timezone.now()

        def audit_rows(action, object_type, ids, **detail):
            # One row per changed object, in bulk: 5,000 students must import in seconds.
            AuditEvent.objects.bulk_create(
                [AuditEvent(organisation_id=org_id, at=now, actor=acting_user, action=action, object_type=object_type,
                            object_id=str(pk), detail=detail, **where) for pk in ids],
                batch_size=1000,
            )

        if plan.kind == Kind.STUDENTS:
            result = apply_students(plan, audit_rows=audit_rows)
        elif plan.kind == Kind.STAFF:
            result = apply_staff(plan, audit_rows=audit_rows)
        else:
            result = apply_classes(plan, audit_rows=audit_rows)
        mapping_save(organisation=org_id, kind=plan.kind, columns=mapping, acting_user=acting_user, audit=audit)
        audit_log(action=AuditEvent.Action.CREATE, actor=acting_user, organisation=org_id, object_type="people.import",
                  object_id=plan.kind, audit=audit, file=table.name, digest=plan.digest(),
                  unchanged=plan.counts["unchanged"], **result)
        if plan.kind == Kind.STAFF:
            access.forget_scope(acting_user)
        # Thousands of new rows at once: give the planner fresh statistics after the commit.
        if plan.kind == Kind.STUDENTS:
            analyze_after_commit(STUDENT_TABLES)
        elif plan.kind == Kind.STAFF:
            analyze_after_commit(STAFF_TABLES)
        else:
            analyze_after_commit(CLASS_TABLES)
    return plan, result


# --- carrying the parsed file from the preview to "Importeren" --------------------------
def sign_table(*, table: Table, organisation, user, kind: str) -> str:
    return signing.dumps(
        {"org": str(getattr(organisation, "pk", organisation)), "user": user.pk, "kind": kind, "table": table.as_data()},
        salt=SIGNING_SALT, compress=True,
    )


def unsign_table(token: str, *, organisation, user, kind: str) -> Table:
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise ValidationError(_("De voorvertoning is verlopen; upload het bestand opnieuw.")) from None
    except signing.BadSignature:
        raise ValidationError(_("Het bestand kon niet worden teruggevonden; upload het opnieuw.")) from None
    if data.get("org") != str(getattr(organisation, "pk", organisation)) or data.get("user") != user.pk or data.get("kind") != kind:
        raise ValidationError(_("Het bestand kon niet worden teruggevonden; upload het opnieuw."))
    return Table.from_data(data["table"])
