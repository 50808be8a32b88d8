"""Staff (medewerkers) with their roles, matched on the e-mail address."""
from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .. import access
from ..header_version import bump_header_version
from ..models import AuditEvent, RoleAssignment, User
from ..roles import ORGANISATION_ROLES, Role
from .kinds import normalise
from .plan import CREATE, ERROR, UNCHANGED, UPDATE, BranchIndex, Cells, ImportPlan, RowPlan


def _role_lookup() -> dict[str, str]:
    lookup = {}
    for role in Role:
        lookup[normalise(role.value)] = role.value
        lookup[normalise(str(role.label))] = role.value
    # Names that SIS exports commonly use
    lookup.update({normalise("anti-pestcoordinator"): Role.COORDINATOR, normalise("docent"): Role.TEACHER,
                   normalise("leraar"): Role.TEACHER, normalise("directie"): Role.BRANCH_MANAGEMENT,
                   normalise("directeur"): Role.BRANCH_MANAGEMENT, normalise("oop"): Role.SUPPORT_STAFF})
    return lookup


def plan_staff(plan: ImportPlan, table, columns: dict[str, int], allowed: set[int], acting_user) -> None:
    org = plan.organisation_id
    branches = BranchIndex(org, allowed)
    roles = _role_lookup()
    emails = {Cells(columns, raw).text("email").lower() for _n, raw in table.rows}
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    held = {
        (user_id, role, branch_id)
        for user_id, role, branch_id in RoleAssignment.objects.for_organisation(org).values_list("user_id", "role", "branch_id")
    }
    seen: dict[tuple, int] = {}
    names: dict[str, str] = {}

    for number, raw in table.rows:
        cells = Cells(columns, raw)
        row = RowPlan(number=number)
        plan.rows.append(row)
        email = cells.text("email").lower()
        name = cells.text("full_name")
        row.key, row.label = email, name
        try:
            validate_email(email)
        except ValidationError:
            row.fail(_("Ongeldig e-mailadres ‘%(value)s’.") % {"value": email} if email else _("Het e-mailadres ontbreekt."))
        if not name:
            row.fail(_("De naam ontbreekt."))
        role_text = cells.text("role")
        role = roles.get(normalise(role_text)) if role_text else None
        if role is None:
            row.fail(_("Onbekende rol ‘%(value)s’.") % {"value": role_text} if role_text else _("De rol ontbreekt."))
        branch = None
        if role is not None and role not in ORGANISATION_ROLES:
            branch = branches.resolve(cells.text("branch"), row)
        if role is not None and row.action != ERROR and not access.can_manage_roles(acting_user, branch=branch):
            row.fail(_("U mag de rol ‘%(role)s’ niet toekennen.") % {"role": Role(role).label})
        user = users.get(email)
        if user is not None and str(user.organisation_id) != str(org):
            row.fail(_("Dit e-mailadres hoort bij een andere organisatie."))
        key = (email, role, getattr(branch, "pk", None))
        if row.action != ERROR:
            if key in seen:
                row.fail(_("Deze medewerker met deze rol staat ook in rij %(row)s.") % {"row": seen[key]})
            seen[key] = number
        if row.action == ERROR:
            continue
        row.values = {"email": email, "full_name": name, "role": role, "branch_id": getattr(branch, "pk", None)}
        where = branch.name if branch else _("hele organisatie")
        if user is None:
            row.action = CREATE
            if email not in names:
                row.changes.append(_("nieuwe medewerker"))
            names[email] = name
            row.changes.append(_("rol %(role)s (%(where)s)") % {"role": Role(role).label, "where": where})
            continue
        row.values["id"] = user.pk
        if user.full_name != name:
            row.changes.append(f"{_('naam')}: {user.full_name} → {name}")
        if (user.pk, role, row.values["branch_id"]) not in held:
            row.changes.append(_("nieuwe rol %(role)s (%(where)s)") % {"role": Role(role).label, "where": where})
        row.action = UPDATE if row.changes else UNCHANGED


def apply_staff(plan: ImportPlan, *, audit_rows) -> dict:
    org = plan.organisation_id
    rows = [r for r in plan.rows if r.action in (CREATE, UPDATE)]
    new_users: dict[str, User] = {}
    unusable = make_password(None)  # they set a password through "wachtwoord vergeten" (or SSO)
    for r in rows:
        if r.action == CREATE and r.values["email"] not in new_users:
            new_users[r.values["email"]] = User(email=r.values["email"], full_name=r.values["full_name"],
                                                organisation_id=org, password=unusable)
    User.objects.bulk_create(list(new_users.values()))
    users = {u.email: u for u in User.objects.filter(email__in=[r.values["email"] for r in rows])}
    renamed = {}
    for r in rows:
        user = users[r.values["email"]]
        if user.full_name != r.values["full_name"]:
            user.full_name = r.values["full_name"]
            renamed[user.pk] = user
    User.objects.bulk_update(list(renamed.values()), ["full_name"])
    held = set(RoleAssignment.objects.for_organisation(org).values_list("user_id", "role", "branch_id"))
    grants = []
    for r in rows:
        key = (users[r.values["email"]].pk, r.values["role"], r.values["branch_id"])
        if key not in held:
            held.add(key)
            grants.append(RoleAssignment(organisation_id=org, user_id=key[0], role=key[1], branch_id=key[2]))
    RoleAssignment.objects.bulk_create(grants)
    if grants:
        bump_header_version(grants[0].organisation_id)  # new roles: new menu counts
    granted = [g.pk for g in grants if g.pk]  # bulk_create fills keys on PostgreSQL and SQLite ≥ 3.35
    audit_rows(AuditEvent.Action.CREATE, "people.user", [u.pk for e, u in users.items() if e in new_users], source="import")
    audit_rows(AuditEvent.Action.UPDATE, "people.user", list(renamed), source="import")
    audit_rows(AuditEvent.Action.ROLE_GRANTED, "people.roleassignment", list(granted), source="import")
    return {"created": len(new_users), "updated": len(renamed), "roles_granted": len(grants)}
