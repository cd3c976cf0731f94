"""Settings shared by every environment. Environment variables configure the rest (see README)."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "mia"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    # MIA's own apps come first so their templates override Wagtail's (404/500, etc.).
    "mia.core",
    "mia.permissions",
    "mia.accounts",
    "mia.audit",
    "mia.privacy",
    "mia.outbox",
    "mia.contact",
    "mia.organisations",
    "mia.events",
    "mia.counselling",
    "mia.ceremonies",
    "mia.pool",
    "mia.statistics",
    "mia.website",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rules",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "mia.core.middleware.BackOfficePolicyMiddleware",
    # above everything that may query: a database that cannot be reached answers 503
    "mia.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "mia.core.middleware.CentreMiddleware",
    "mia.core.cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "mia.accounts.middleware.AccountSecurityMiddleware",
    "mia.permissions.middleware.BackOfficeGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "mia.urls"
WSGI_APPLICATION = "mia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "mia.core.context_processors.centre",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server and the task worker read while one of them writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
# Django's templates for inputs and selects, written in Python (mia/core/form_renderer.py)
FORM_RENDERER = "mia.core.form_renderer.QuickRenderer"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mia",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "mia",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTHENTICATION_BACKENDS = [
    # object rules first: a right on one record (see mia/permissions/rules.py)
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts: by invitation only, sign-in by email address, two factors for staff.
ACCOUNT_ADAPTER = "mia.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"  # the invitation link proved the address
ACCOUNT_SESSION_REMEMBER = False  # a session ends with the browser
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # other sessions end (Django's session hash)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "MIA: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("HTTP_PROTOCOL", "https")
# Throttling and lockout: failed sign-ins per address and per account; a locked account
# waits out the period. Shared across processes when REDIS_URL is set.
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("RATE_LOGIN", "30/m/ip"),
    "login_failed": os.environ.get("RATE_LOGIN_FAILED", "10/m/ip,5/15m/key"),
    "reset_password": os.environ.get("RATE_RESET_PASSWORD", "20/m/ip,5/h/key"),
    "reset_password_from_key": os.environ.get("RATE_RESET_PASSWORD_FROM_KEY", "20/m/ip"),
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "MIA"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN")
MFA_RECOVERY_CODE_COUNT = 10
USERSESSIONS_TRACK_ACTIVITY = False  # no log of where staff were, only open sessions
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_overview"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth's reset, throttled and mailed via the outbox
MIA_REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", True)
MIA_STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", "1800"))
MIA_STAFF_SESSION_MAX_SECONDS = int(os.environ.get("STAFF_SESSION_MAX_SECONDS", str(10 * 3600)))
MIA_INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
MIA_INVITATION_RATE = os.environ.get("RATE_INVITATION", "20/h")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the installation knows these five; each centre picks its own subset.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("uk", "Українська"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "var" / "assets"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Import files between their preview and the confirmation (counselling offices): private,
# never served; each is deleted when confirmed or cancelled, or after an hour.
MIA_IMPORT_DIR = Path(os.environ.get("IMPORT_DIR", BASE_DIR / "var" / "imports"))
# Files that name people and are never served as media (the ceremony's invitation letters):
# downloaded only through the back office, which checks and audits each download.
MIA_PRIVATE_DIR = Path(os.environ.get("PRIVATE_DIR", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: bounded in size, and only the types an editor needs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "txt", "csv", "mp4", "webm", "vtt"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"

WAGTAIL_SITE_NAME = "MIA"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PATH = os.environ.get("ADMIN_PATH", "verwaltung/").strip("/") + "/"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # German stemming on PostgreSQL; ignored on SQLite, which uses FTS5.
        "SEARCH_CONFIG": "german",
    }
}
WAGTAILEMBEDS_FINDERS = []  # no oEmbed calls to other hosts: videos are self-hosted
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_LOCALIZE_MACHINE_TRANSLATOR = None

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mia@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Only cookies that are strictly necessary (§ 25 TDDDG): session, CSRF, language.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Nothing is loaded from another host; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The counselling finder's optional map: a tile server's URL template, e.g.
# https://tile.openstreetmap.org/{z}/{x}/{y}.png, and the attribution its licence asks for.
# Empty: no map is offered. Set: the finder offers a map, and loads tiles from that host
# only after the visitor asks for it (the page's CSP then allows that host's images).
MIA_MAP_TILES = os.environ.get("MAP_TILE_URL", "")
MIA_MAP_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

# Public forms: a message is refused when sent faster than a person can type it.
MIA_FORM_MIN_SECONDS = int(os.environ.get("FORM_MIN_SECONDS", "3"))
# Submissions per visitor address and form (django-ratelimit syntax, e.g. "5/h").
MIA_FORM_RATE = os.environ.get("RATE_FORMS", "5/h")
# Wrong personal codes of the naturalisation ceremony per visitor address, and ticket PDFs
# made per address (the ceremony's answer page and its ticket).
MIA_CODE_RATE = os.environ.get("RATE_CODES", "20/h")
MIA_TICKET_RATE = os.environ.get("RATE_TICKETS", "30/h")
# How long an answer waits for a row's lock (a ceremony's seats, a pool request) before the
# person is told to try again; each holder keeps it for milliseconds (mia/core/locks.py).
MIA_LOCK_TIMEOUT_MS = int(os.environ.get("LOCK_TIMEOUT_MS", "5000"))
RATELIMIT_USE_CACHE = "default"
# Behind a reverse proxy every request comes from the proxy: name the header that carries the
# visitor's address (e.g. HTTP_X_REAL_IP), or all visitors share one limit.
if os.environ.get("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]

# Anonymous page cache (seconds). Publishing a page clears it at once.
MIA_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Rendered header, footer and page content, for everyone but previews; cleared by publishing.
MIA_FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))

# The secrets in the addresses of the ceremony's answer pages and the pool's offer pages never
# reach Django's request or server log: mia/core/secret_links.py adds its filter when the apps
# are ready, whatever LOGGING says.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The JSON API (/api/v1/, mia/core/api.py and each app's api_urls.py) and its OpenAPI document.
# Authentication, renderers and permissions are set on the API's views: Wagtail's admin API
# keeps DRF's defaults.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "MIA open data API",
    "DESCRIPTION": (
        "Public events, their venues and the counselling offices of the integration centre "
        "whose site answers, read-only. Texts in the language of `lang` or Accept-Language "
        "where a translation exists."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # its deploy check would document every DRF view, Wagtail's admin API included; the
    # tests validate MIA's own document instead
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "ENUM_NAME_OVERRIDES": {
        "Access": "mia.core.accessibility.Access",
        "Attendance": "mia.events.models.Attendance",
        "CategoryCode": "mia.events.models.Category",
        "ProgrammeCode": "mia.counselling.models.Programme",
        "TopicCode": "mia.counselling.models.Topic",
        "Located": "mia.counselling.models.Located",
    },
}

# The back office asks no other host: no update check, no Gravatar pictures of staff.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Time zones staff may choose for the back office (the full list offers "localtime", which
# browsers reject).
WAGTAIL_USER_TIME_ZONES = ["Europe/Berlin", "Europe/Istanbul", "Europe/Kyiv", "UTC"]

# Back-office uploads: real type and active content checked, images re-encoded (core/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "mia.core.uploads.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "mia.core.uploads.SafeDocumentForm"
