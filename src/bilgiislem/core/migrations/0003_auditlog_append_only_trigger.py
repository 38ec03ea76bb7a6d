"""PostgreSQL only: a trigger that refuses UPDATE and DELETE on the audit log (quality-bars.md §4.4).

TRUNCATE stays possible (row-level triggers do not fire on it), so test databases can still be flushed.
Other databases get nothing here; the ORM guard in ``AuditLog`` and the hash chain still apply.
"""

from django.db import migrations

FORWARD_SQL = [
    """
CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'core_auditlog is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
""",
    "DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog",
    """
CREATE TRIGGER core_auditlog_append_only
    BEFORE UPDATE OR DELETE ON core_auditlog
    FOR EACH ROW EXECUTE FUNCTION core_auditlog_append_only()
""",
]

BACKWARD_SQL = [
    "DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog",
    "DROP FUNCTION IF EXISTS core_auditlog_append_only()",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)  # None: "%" in the SQL is not a placeholder

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD_SQL), _run_on_postgresql(BACKWARD_SQL), elidable=False),
    ]
