"""Staff roles (seed 000, chapter 2). The keys are shared with protocol.vocabulary.

What each role may do is in people/permissions.py (the one table of who may do what)."""
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
