"""Staff roles (seed 000, chapter 2). The keys are shared with protocol.vocabulary."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    TEACHER = "teacher", _("Docent")
    SUPPORT_STAFF = "support_staff", _("Onderwijsondersteunend personeel")
    HEAD_OF_DEPARTMENT = "head_of_department", _("Afdelingshoofd")
    STUDENT_COUNSELLOR = "student_counsellor", _("Leerlingbegeleider")
    COORDINATOR = "coordinator", _("Anti-pestcoördinator")
    CARE_COORDINATOR = "care_coordinator", _("Zorgcoördinator")
    CONFIDENTIAL_ADVISER = "confidential_adviser", _("Vertrouwenspersoon")
    BRANCH_MANAGEMENT = "branch_management", _("Directie vestiging")
    BOARD_COORDINATOR = "board_coordinator", _("Algemeen anti-pestcoördinator")
    BOARD_MANAGEMENT = "board_management", _("Algemene directie")


#: Roles held for the whole organisation; every other role is held at one branch.
ORGANISATION_ROLES = frozenset({Role.BOARD_COORDINATOR, Role.BOARD_MANAGEMENT})
BRANCH_ROLES = frozenset(set(Role) - ORGANISATION_ROLES)

#: Branch roles that see every student of their branch (second line and management).
BRANCH_WIDE_STUDENT_ROLES = frozenset(
    {
        Role.HEAD_OF_DEPARTMENT,
        Role.STUDENT_COUNSELLOR,
        Role.COORDINATOR,
        Role.CARE_COORDINATOR,
        Role.BRANCH_MANAGEMENT,
    }
)
MANAGEMENT_ROLES = frozenset({Role.BRANCH_MANAGEMENT, Role.BOARD_MANAGEMENT})
COORDINATOR_ROLES = frozenset({Role.COORDINATOR, Role.BOARD_COORDINATOR})
