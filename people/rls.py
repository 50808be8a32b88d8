"""Row-level security on PostgreSQL: the second tenant wall.

After every ``migrate`` this module (idempotently):

* creates the application role (settings.DATABASE_APP_ROLE) as NOSUPERUSER NOBYPASSRLS and
  grants it the table privileges it needs — no TRUNCATE, no DDL;
* enables and FORCEs row-level security on every tenant-owned table (every model with an
  ``organisation`` foreign key, and the organisation table itself), with one policy:
  the row's organisation must equal ``current_setting('app.organisation_id')``, which
  people.tenancy sets per transaction. Without the setting a query sees no tenant rows;
* makes the audit trail append-only with a trigger that refuses UPDATE and DELETE.

The documented exceptions — tables read at log-in before the organisation is known — are
the user table (no student data), sessions, django-axes' attempt tables, auth tokens,
content types and permissions, and the survey's code index (a code's keyed hash and its
organisation, read by an anonymous student). The organisation table is readable by everyone (a board's
name and slug are public; scheduled scans iterate the tenants) but writable only as that
tenant. The ORM filter by organisation stays in every selector as
well: policies on ``current_setting()`` alone can defeat index use.

Every new database connection switches to the application role (``SET ROLE``) and refuses
to run if that role could bypass RLS. ``migrate`` and ``flush`` run as the owner instead
(people.management.commands).
"""
from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.dispatch import receiver

#: Set by the owner-mode commands (migrate, flush) while they run.
owner_mode = False

#: Tables read before the organisation is known. Each holds no student data:
#: people.user (log-in); monitoring.codeindex (a survey code's hash -> its organisation).
EXEMPT_MODELS = {"people.user", "monitoring.codeindex"}
#: Tables whose rows' system columns (xmin, xmax, ctid: which transaction wrote a row,
#: where it lies) the application role may not read: the survey's codes, sessions,
#: drafts and responses, where a shared transaction or neighbouring places could pair a
#: code with its answers. PostgreSQL has no "REVOKE SELECT (xmin)", but a role that holds
#: SELECT only on the named columns of a table cannot select a system column; Django
#: always names its columns, so the application is unaffected.
HIDDEN_SYSTEM_COLUMNS = {"monitoring.accesscode", "monitoring.surveysession", "monitoring.surveydraft",
                         "monitoring.response", "monitoring.staffcode", "monitoring.staffresponse"}
SETTING_EXPR = "NULLIF(current_setting('app.organisation_id', true), '')::uuid"


def tenant_tables() -> list[tuple[str, str]]:
    """(table, organisation column) for every tenant-owned table."""
    from .models import AuditEvent, Organisation

    tables = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in EXEMPT_MODELS or model in (AuditEvent, Organisation) or model._meta.proxy or not model._meta.managed:
            continue
        field = next((f for f in model._meta.concrete_fields if f.name == "organisation"), None)
        if field is not None and getattr(field, "related_model", None) is Organisation:
            tables.append((model._meta.db_table, field.column))
    return tables


def app_role() -> str:
    return settings.DATABASE_APP_ROLE


def apply_row_level_security(connection) -> None:
    from .models import AuditEvent, Organisation

    role = connection.ops.quote_name(app_role())
    audit = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            """
            DO $$
            BEGIN
              -- Roles are cluster-wide: parallel test databases (pytest-xdist) may migrate
              -- at the same moment, so another session creating it first is fine.
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) THEN
                BEGIN
                  EXECUTE format('CREATE ROLE %%I NOLOGIN NOSUPERUSER NOBYPASSRLS', %s);
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END;
              END IF;
              IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                EXECUTE format('GRANT %%I TO %%I', %s, current_user);
              END IF;
            END $$;
            """,
            [app_role(), app_role(), app_role()],
        )
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
        cursor.execute(f"REVOKE UPDATE, DELETE ON {connection.ops.quote_name(audit)} FROM {role}")
        for label in HIDDEN_SYSTEM_COLUMNS:
            try:
                hidden = apps.get_model(label)
            except LookupError:
                continue
            qh = connection.ops.quote_name(hidden._meta.db_table)
            columns = ", ".join(connection.ops.quote_name(f.column) for f in hidden._meta.concrete_fields)
            cursor.execute(f"REVOKE SELECT ON {qh} FROM {role}")
            cursor.execute(f"GRANT SELECT ({columns}) ON {qh} TO {role}")
        for label in EXEMPT_MODELS:
            try:
                exempt = apps.get_model(label)
            except LookupError:
                continue
            qe = connection.ops.quote_name(exempt._meta.db_table)
            cursor.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {qe}")
            cursor.execute(f"ALTER TABLE {qe} NO FORCE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {qe} DISABLE ROW LEVEL SECURITY")
        for table, column in tenant_tables():
            qt, qc = connection.ops.quote_name(table), connection.ops.quote_name(column)
            cursor.execute(f"ALTER TABLE {qt} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {qt} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {qt}")
            cursor.execute(
                f"CREATE POLICY tenant_isolation ON {qt} "
                f"USING ({qc} = {SETTING_EXPR}) WITH CHECK ({qc} = {SETTING_EXPR})"
            )
        # The organisation directory (a board's name and slug are public) is readable without
        # a tenant, so that scheduled scans can iterate the tenants; writes need the tenant.
        qo = connection.ops.quote_name(Organisation._meta.db_table)
        cursor.execute(f"ALTER TABLE {qo} ENABLE ROW LEVEL SECURITY")
        cursor.execute(f"ALTER TABLE {qo} FORCE ROW LEVEL SECURITY")
        for name in ("tenant_isolation", "directory_read", "tenant_insert", "tenant_update", "tenant_delete"):
            cursor.execute(f"DROP POLICY IF EXISTS {name} ON {qo}")
        cursor.execute(f"CREATE POLICY directory_read ON {qo} FOR SELECT USING (true)")
        cursor.execute(f"CREATE POLICY tenant_insert ON {qo} FOR INSERT WITH CHECK (id = {SETTING_EXPR})")
        cursor.execute(f"CREATE POLICY tenant_update ON {qo} FOR UPDATE USING (id = {SETTING_EXPR}) WITH CHECK (id = {SETTING_EXPR})")
        cursor.execute(f"CREATE POLICY tenant_delete ON {qo} FOR DELETE USING (id = {SETTING_EXPR})")
        # The audit trail: failed log-ins of unknown addresses carry no organisation.
        qa = connection.ops.quote_name(audit)
        cursor.execute(f"ALTER TABLE {qa} ENABLE ROW LEVEL SECURITY")
        cursor.execute(f"ALTER TABLE {qa} FORCE ROW LEVEL SECURITY")
        cursor.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {qa}")
        cursor.execute(
            f"CREATE POLICY tenant_isolation ON {qa} "
            f"USING (organisation_id IS NULL OR organisation_id = {SETTING_EXPR}) "
            f"WITH CHECK (organisation_id IS NULL OR organisation_id = {SETTING_EXPR})"
        )
        cursor.execute(
            """
            CREATE OR REPLACE FUNCTION people_audit_append_only() RETURNS trigger AS $$
            BEGIN
              RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS audit_append_only ON {qa}")
        cursor.execute(
            f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {qa} "
            "FOR EACH ROW EXECUTE FUNCTION people_audit_append_only()"
        )


@receiver(post_migrate)
def _after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    if sender.name != "people":
        return
    connection = connections[using]
    if connection.vendor == "postgresql":
        apply_row_level_security(connection)


def assume_app_role(connection) -> None:
    """Switch a fresh connection to the application role and refuse a privileged one."""
    role = app_role()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            raise ImproperlyConfigured(
                f"Database role {role!r} does not exist yet: run `python manage.py migrate` first."
            )
        cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        is_super, bypasses = cursor.fetchone()
    if is_super or bypasses:
        raise ImproperlyConfigured(
            f"The application must not run as a role that bypasses row-level security ({role})."
        )


def reset_to_owner(connection) -> None:
    if connection.vendor == "postgresql" and connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@receiver(connection_created)
def _on_connect(sender, connection, **kwargs):
    # "__no_db__" is Django's maintenance connection (CREATE/DROP DATABASE), not the app's.
    if connection.vendor == "postgresql" and not owner_mode and connection.alias != "__no_db__":
        assume_app_role(connection)
