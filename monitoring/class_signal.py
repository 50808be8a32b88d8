"""The class signal: "the thermometer suggests bullying in 2B" (seed 002, step 1).

After every submission, ``class_signal_check`` looks at the class's pre-aggregated
counts. When the class has at least the round's ``min_group_size`` respondents and the
share of them who report being bullied (3 or more on section 5 "pesten" or on any item
of section 6; RespondentCount.bullied) reaches the round's ``class_signal_share``, it
makes one incidents Signal (source "thermometer", no reporter, no student) for the
class's branch, and notifies the class's mentors and the branch's coordinators.

Exactly once per class and round: the ClassSignal row (one-to-one with the round's
class) is the claim. Two submissions passing the threshold at the same moment both try
to insert it; the unique index lets one through, the other gets an IntegrityError inside
its savepoint and stops.
"""
from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from incidents.models import Signal
from people.audit import audit_log
from people.models import AuditEvent, ClassMentor, RoleAssignment
from people.notifications import notify
from people.roles import Role

from .models import ClassSignal, RespondentCount, RoundClass

KIND = "thermometer_signal"


def class_signal_due(round_class: RoundClass) -> bool:
    """Enough respondents, and a share reporting being bullied at or above the threshold."""
    survey = round_class.round
    sums = RespondentCount.objects.for_organisation(round_class.organisation_id).filter(
        round_class=round_class
    ).aggregate(n=Sum("n"), bullied=Sum("bullied"))
    n, bullied = sums["n"] or 0, sums["bullied"] or 0
    return n >= survey.min_group_size and bullied / n >= survey.class_signal_share


def class_signal_check(*, round_class_id: int) -> Signal | None:
    """Make the class's thermometer signal if it is due and not made yet; return it."""
    round_class = (
        RoundClass.objects.select_related("round", "branch").filter(pk=round_class_id).first()
    )
    if round_class is None or not class_signal_due(round_class):
        return None
    if ClassSignal.objects.filter(round_class=round_class).exists():
        return None
    try:
        with transaction.atomic():
            claim = ClassSignal.objects.create(organisation_id=round_class.organisation_id, round_class=round_class)
    except IntegrityError:
        return None  # another submission made it a moment ago
    with translation.override(settings.LANGUAGE_CODE):
        # Stored text: in the organisation's language (Dutch), whoever's browser triggered it.
        description = _(
            "De thermometer wijst op pesten in klas %(klas)s (peiling ‘%(peiling)s’): een groot deel van de "
            "leerlingen die de vragenlijst invulden, zegt vaak gepest of gediscrimineerd te worden. "
            "Welke leerlingen dat zijn, weten we niet: de vragenlijst is anoniem. "
            "Bespreek het vermoeden met de collega’s van de klas en voer oriënterende gesprekken (stap 1)."
        ) % {"klas": round_class.class_name, "peiling": round_class.round.name}
        title = _("De thermometer wijst op pesten in klas %(klas)s") % {"klas": round_class.class_name}
        coordinator_body = _(
            "Er is een signaal uit de thermometer voor klas %(klas)s. U vindt het bij de nieuwe signalen; "
            "van daaruit kunt u een zaak openen."
        ) % {"klas": round_class.class_name}
        mentor_body = _(
            "De thermometer wijst op pesten in uw klas %(klas)s. De anti-pestcoördinator heeft het signaal "
            "ontvangen. Bespreek met hem of haar en met de collega’s van de klas wat u gaat doen."
        ) % {"klas": round_class.class_name}
    signal = Signal.objects.create(
        organisation_id=round_class.organisation_id, branch_id=round_class.branch_id,
        source=Signal.Source.THERMOMETER, reported_by=None, description=description,
        place=round_class.class_name,
    )
    ClassSignal.objects.filter(pk=claim.pk).update(signal_id=signal.pk)
    audit_log(action=AuditEvent.Action.CREATE, organisation=round_class.organisation_id, obj=signal,
              source="thermometer", round=round_class.round_id)
    org = round_class.organisation_id
    mentors = [
        link.mentor
        for link in ClassMentor.objects.for_organisation(org).filter(school_class_id=round_class.school_class_id)
        .select_related("mentor")
        if link.mentor.is_active
    ]
    coordinators = [
        a.user
        for a in RoleAssignment.objects.for_organisation(org).filter(role=Role.COORDINATOR, branch_id=round_class.branch_id)
        .select_related("user")
        if a.user.is_active
    ]
    dedupe = f"thermometer:{round_class.pk}"
    notify(organisation=org, recipients=coordinators, kind=KIND, dedupe_key=dedupe, title=title,
           body=coordinator_body, url=reverse("incidents:signal_list"))
    notify(organisation=org, recipients=[m for m in mentors if m not in coordinators], kind=KIND, dedupe_key=dedupe,
           title=title, body=mentor_body, url=reverse("incidents:my_cases"))
    return signal
