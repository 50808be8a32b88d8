"""Issue 11, item 6: requests to the confidential adviser reach the adviser alone.

Requests made before were also stored as a branch signal (read by everyone who triages
the branch's signals) and, at a branch without an adviser, notified the coordinators.
This removes those signals (unless a case was already opened from one) and every
notification of such a request to anyone who is not a confidential adviser of its branch.
"""
from django.db import migrations


def _per_organisation(schema_editor, apps, work):
    connection = schema_editor.connection
    Organisation = apps.get_model("people", "Organisation")
    for org_id in Organisation.objects.values_list("id", flat=True):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('app.organisation_id', %s, true)", [str(org_id)])
        work(org_id)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.organisation_id', '', true)")


def seal_adviser_requests(apps, schema_editor):
    TalkRequest = apps.get_model("monitoring", "TalkRequest")
    Signal = apps.get_model("incidents", "Signal")
    Notification = apps.get_model("people", "Notification")
    RoleAssignment = apps.get_model("people", "RoleAssignment")

    def work(org_id):
        requests = TalkRequest.objects.filter(organisation_id=org_id, wants="confidential_adviser")
        for request in requests:
            if request.signal_id:
                Signal.objects.filter(organisation_id=org_id, pk=request.signal_id, case__isnull=True).delete()
                TalkRequest.objects.filter(pk=request.pk).update(signal_id=None)
            advisers = RoleAssignment.objects.filter(
                organisation_id=org_id, role="confidential_adviser", branch_id=request.branch_id
            ).values("user_id")
            Notification.objects.filter(
                organisation_id=org_id, kind="talk_request", dedupe_key=f"talk-request:{request.pk}"
            ).exclude(recipient_id__in=advisers).delete()

    _per_organisation(schema_editor, apps, work)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0006_h11a_anonymity"),
        ("incidents", "0004_calendar_feed_token"),
        ("people", "0003_import_mapping"),
    ]

    operations = [migrations.RunPython(seal_adviser_requests, migrations.RunPython.noop)]
