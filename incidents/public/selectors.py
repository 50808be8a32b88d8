"""Reads for the public reporting channel."""
from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.http import Http404

from people import access as people_access
from people.models import Branch, Organisation
from people.tenancy import activate

from .. import access
from ..models import PublicReport, PublicReportMessage
from . import receipts


def public_branch(org_slug: str, branch_slug: str) -> Branch:
    """The branch of a public URL, with its organisation activated (row-level security).

    The organisation directory is readable without a tenant (people.rls); everything
    after it is read as that organisation. Unknown slugs give 404."""
    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None:
        raise Http404
    activate(organisation)
    branch = Branch.objects.for_organisation(organisation).select_related("organisation").filter(slug=branch_slug).first()
    if branch is None:
        raise Http404
    return branch


def report_by_receipt(branch: Branch, raw: str) -> PublicReport | None:
    """The report of a receipt code at this branch, or None (wrong, unknown, other branch)."""
    if not receipts.is_well_formed(raw):
        return None
    return (
        PublicReport.objects.for_organisation(branch.organisation_id)
        .select_related("signal", "signal__branch")
        .filter(receipt_digest__in=receipts.digests(raw), signal__branch=branch)
        .first()
    )


def report_messages(report: PublicReport) -> QuerySet[PublicReportMessage]:
    return PublicReportMessage.objects.for_organisation(report.organisation_id).filter(report=report).order_by("created_at", "id")


def reports_for(user) -> QuerySet[PublicReport]:
    """Public reports whose signal the user may handle (coordinators, management, board).

    Annotated with the number of messages and whether the last one is the reporter's
    (an addition still waiting for an answer)."""
    scope = people_access.scope_for(user)
    if scope.organisation_id is None:
        return PublicReport.objects.none()
    last = PublicReportMessage.objects.filter(report=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        PublicReport.objects.for_organisation(scope.organisation_id)
        .filter(signal__in=access.signals_for(user).filter(reported_by__isnull=True))
        .select_related("signal", "signal__branch", "signal__case")
        .annotate(
            message_count=Count("messages"),
            last_from_school=Subquery(last.values("from_school")[:1]),
            has_messages=Exists(last),
        )
    )


def get_report_for_user(user, report_id) -> PublicReport:
    report = reports_for(user).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def report_for_signal(user, signal_id) -> PublicReport | None:
    return reports_for(user).filter(signal_id=signal_id).first()
