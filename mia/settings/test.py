"""Test settings: the database from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import TASKS

DEBUG = False
SECRET_KEY = "test-only-" + "x" * 50
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS["default"]["BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
MIA_FORM_MIN_SECONDS = 3
# booklets are made when a test asks for them (see mia/events/booklet.py: schedule)
MIA_BOOKLETS_FOLLOW_PROGRAMME = False
MIA_PAGE_CACHE_SECONDS = 600
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files straight from the app folders and var/assets, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="mia-test-media-"))
MIA_IMPORT_DIR = Path(tempfile.mkdtemp(prefix="mia-test-imports-"))
MIA_PRIVATE_DIR = Path(tempfile.mkdtemp(prefix="mia-test-private-"))
