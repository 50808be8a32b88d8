"""The tenant and everyone in it: organisations, branches, classes, students, staff, roles.

Every tenant-owned model derives from ``TenantOwned``: it carries its organisation, its
queries go through ``for_organisation``, and on PostgreSQL row-level security (people.rls)
hides rows of other organisations from the application's database role.

One module per concern; every name is re-exported here, so ``from people.models import X``
and the migrations (``people.models.UserManager``) keep working. Import from
``people.models``, not from the modules.
"""
from ..api_tokens import ApiToken  # the API keys (hashed), a model of this app
from ..documents.models import DocumentJob  # documents made by a Celery job (people.documents)
from .assignments import RoleAssignment, StudentGroupObjectPermission, StudentUserObjectPermission
from .audit import AuditEvent, AuditEventQuerySet
from .notifications import ImportMapping, Notification
from .school import Branch, ClassMentor, Department, Enrolment, SchoolClass, SchoolYear, Student
from .tenancy import Organisation, TenantOwned, TenantQuerySet
from .users import User, UserManager

__all__ = [
    "ApiToken", "AuditEvent", "AuditEventQuerySet", "Branch", "ClassMentor", "Department", "DocumentJob",
    "Enrolment", "ImportMapping", "Notification", "Organisation", "RoleAssignment", "SchoolClass",
    "SchoolYear", "Student", "StudentGroupObjectPermission", "StudentUserObjectPermission",
    "TenantOwned", "TenantQuerySet", "User", "UserManager",
]
