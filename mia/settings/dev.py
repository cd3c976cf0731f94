"""Local development: SQLite, tasks run at once, mail printed to the console."""

import os

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, TASKS

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
TASKS["default"]["BACKEND"] = os.environ.get(
    "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
)
MIA_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
MIA_FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "0"))
CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY  # same policy as production: catch breakage early
# Static files straight from the app folders and var/assets, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
