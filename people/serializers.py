from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Branch, Department, Organisation, RoleAssignment, SchoolClass, Student, User
from .roles import Role


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "slug"]


class BranchSerializer(serializers.ModelSerializer):
    class Meta:
        model = Branch
        fields = [
            "id", "name", "slug", "city",
            "coordinator_name", "coordinator_email", "coordinator_phone",
            "adviser_name", "adviser_email", "adviser_phone",
        ]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "branch"]


class SchoolClassSerializer(serializers.ModelSerializer):
    school_year = serializers.CharField(source="school_year.name", read_only=True)
    mentors = serializers.SerializerMethodField()

    class Meta:
        model = SchoolClass
        fields = ["id", "name", "grade", "branch", "department", "school_year", "mentors"]

    def get_mentors(self, obj) -> list[str]:
        return [m.full_name for m in obj.mentors.all()]


class StudentSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Student
        fields = ["id", "external_id", "first_name", "infix", "last_name", "full_name", "branch", "date_of_birth", "left_on"]


class StaffSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name", "email"]


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user = StaffSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "role_label", "branch"]


class RoleGrantSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text=_("id van de medewerker"))
    role = serializers.ChoiceField(choices=Role.choices, error_messages={"invalid_choice": _("“{input}” is geen bekende rol.")})
    branch = serializers.IntegerField(required=False, allow_null=True, help_text=_("leeg voor rollen van de hele organisatie"))


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(error_messages={"required": _("Vul uw e-mailadres in."), "invalid": _("Vul een geldig e-mailadres in.")})
    password = serializers.CharField(trim_whitespace=False, error_messages={"required": _("Vul uw wachtwoord in.")})
    otp_code = serializers.CharField(
        required=False, allow_blank=True, max_length=20,
        help_text=_("De code uit de authenticator-app (of een herstelcode); nodig voor rollen met tweestapsverificatie"),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("De sleutel; alleen nu getoond (opgeslagen wordt alleen een hash)"))
    expires_at = serializers.DateTimeField(help_text=_("Uiterlijk tot dit moment geldig"))
    idle_minutes = serializers.IntegerField(help_text=_("Vervalt eerder als hij zo lang niet gebruikt is"))
