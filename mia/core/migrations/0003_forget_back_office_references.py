"""Back-office records left Wagtail's reference index (`CentreScopedModelViewSet`): the
entries already made for them go too, as a rebuild of the index would drop them."""

from django.db import migrations

# the models of the centre-scoped model viewsets, apart from Organisation (its logo)
BACK_OFFICE = {
    "ceremonies": ["ceremony", "invitee"],
    "contact": ["message"],
    "core": ["centre", "membership"],
    "counselling": ["provider", "district", "postcodearea"],
    "events": ["edition", "accesscode", "venue"],
    "outbox": ["outboxmessage"],
    "permissions": ["invitation"],
    "audit": ["auditentry"],
    "statistics": ["naturalisationyear", "dataset"],
}


def forget(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    for app_label, names in BACK_OFFICE.items():
        types = ContentType.objects.filter(app_label=app_label, model__in=names)
        ReferenceIndex.objects.filter(content_type__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_roles_and_collections"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
