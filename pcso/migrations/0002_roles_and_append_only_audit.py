from django.db import migrations


def create_roles(apps, schema_editor):
    from pcso.roles import sync_roles

    sync_roles(apps)


APPEND_ONLY = """
CREATE OR REPLACE FUNCTION pcso_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER pcso_auditentry_append_only
    BEFORE UPDATE OR DELETE ON pcso_auditentry
    FOR EACH ROW EXECUTE FUNCTION pcso_audit_append_only();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS pcso_auditentry_append_only ON pcso_auditentry;
DROP FUNCTION IF EXISTS pcso_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("pcso", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
    ]
