"""On PostgreSQL the database itself refuses to delete or rewrite audit entries.

Only the redaction columns (and the actor, when an account is deleted) may change. SQLite
relies on the model's guards: its test flush deletes rows, which a trigger would block.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION mia_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the audit log is append-only';
    END IF;
    IF NEW.created_at IS DISTINCT FROM OLD.created_at
       OR NEW.action IS DISTINCT FROM OLD.action
       OR NEW.actor_label IS DISTINCT FROM OLD.actor_label
       OR NEW.model_label IS DISTINCT FROM OLD.model_label
       OR NEW.object_id IS DISTINCT FROM OLD.object_id
       OR NEW.centre_id IS DISTINCT FROM OLD.centre_id
       OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
       OR (OLD.redacted_at IS NOT NULL AND NEW.redacted_at IS NULL) THEN
        RAISE EXCEPTION 'the audit log is append-only: only redaction may change an entry';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER mia_audit_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION mia_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS mia_audit_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS mia_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
