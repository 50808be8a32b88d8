"""Extended planner statistics: a branch (or a round) belongs to one organisation.

Every tenant query filters on ``organisation_id`` and, say, ``branch_id``. PostgreSQL
takes the two conditions as independent and, with 1,000 boards in the database, estimates
one row where a branch has hundreds: the branch dashboard's grouped results then ran a
nested loop that re-read the organisation's 33,000 count rows once per class, 970 ms
instead of 150 (bench/README.md, "Platform size"). Functional-dependency statistics tell
the planner that the branch (the round) decides the organisation. PostgreSQL only;
ANALYZE (autovacuum, people.statistics) fills them.
"""
from django.db import migrations

#: (statistics name, table, columns)
STATISTICS = [
    ("monitoring_roundclass_org_branch_stx", "monitoring_roundclass", ("organisation_id", "branch_id")),
    ("monitoring_roundclass_org_round_stx", "monitoring_roundclass", ("organisation_id", "round_id")),
    ("monitoring_resultcount_org_round_stx", "monitoring_resultcount", ("organisation_id", "round_id")),
    ("monitoring_respondentcount_org_round_stx", "monitoring_respondentcount", ("organisation_id", "round_id")),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns in STATISTICS:
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {name} (dependencies) ON {', '.join(columns)} FROM {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _columns in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0008_h13_staff_monitor"),
    ]

    operations = [migrations.RunPython(create, drop)]
