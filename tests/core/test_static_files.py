"""The static files as production collects them: every file a stylesheet or script names
must exist, or `collectstatic` with the manifest storage fails at deploy time."""

from django.core.management import call_command
from django.test import override_settings

from mia.settings.base import STORAGES

# what mia/settings/production.py sets (importing it asks for production's secrets)
PRODUCTION_STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_production_collects_every_static_file(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    for name in ("mia/css/mia.css", "mia/leaflet/leaflet.js", "counselling/finder-map.js"):
        assert f'"{name}"' in manifest
