"""Settings shared by every environment. Environment files only override what differs."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-jiuye")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "jiuye.core",
    "jiuye.accounts",
    "jiuye.geography",
    "jiuye.taxonomy",
    "jiuye.registry",
    "jiuye.ingestion",
    "jiuye.jobs",
    "jiuye.matching",
    "jiuye.policies",
    "jiuye.supervision",
    "jiuye.supervision.inspections",
    "jiuye.cases",
    "jiuye.monitoring",
    "jiuye.monitoring.survey",
    "jiuye.monitoring.early_warning",
    "jiuye.monitoring.releases",
    "jiuye.network",
    "jiuye.network.gig",
    "jiuye.network.startups",
    "jiuye.comparisons",
    "jiuye.web",
    "jiuye.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jiuye.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jiuye.core.middleware.RefuseNulMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jiuye" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jiuye.web.context_processors.notifications",
            ],
        },
    }
]

# SQLite by default (one district office, no server to install); PostgreSQL when DATABASE_URL is set.
SQLITE_PATH = Path(os.environ.get("JIUYE_SQLITE_PATH", BASE_DIR / "var" / "jiuye.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # WAL lets readers proceed while the nightly jobs write; the busy timeout waits
                # instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # one request, one transaction (ADR 0003)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workspace"
LOGOUT_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "jiuye" / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jiuye API",
    "DESCRIPTION": "Employment public service platform — partner-department API. Every list is scoped by division.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Reference data lives outside the repository (../shared/data/reference); see ADR 0006.
JIUYE_REFDATA = Path(os.environ.get("JIUYE_REFDATA", BASE_DIR.parent / "shared" / "data" / "reference"))

# English job titles → 大典: the SOC coder and crosswalk built by `python -m jiuye.jobs.coding.english build`
# (make demo); "" turns it off (English titles then go to staff).
JIUYE_ENGLISH_CODER = os.environ.get("JIUYE_ENGLISH_CODER", str(BASE_DIR / "var" / "coder" / "en-dadian.pkl"))

# Embedded posting search index (jiuye.matching.search), kept fresh on each search; rebuilt by matching_reindex.
JIUYE_SEARCH_INDEX = Path(os.environ.get("JIUYE_SEARCH_INDEX", BASE_DIR / "var" / "search" / "postings.sqlite3"))
# Which posting search answers: "auto" (PostgreSQL full-text on PostgreSQL, else embedded), "embedded" or "postgres".
JIUYE_SEARCH_BACKEND = os.environ.get("JIUYE_SEARCH_BACKEND", "auto")
# Policy messages outside the platform inbox (SMS, WeChat): a dotted path to a jiuye.policies.senders.Sender.
# The default logs ids only; a real gateway plugs in here.
JIUYE_POLICY_SENDER = os.environ.get("JIUYE_POLICY_SENDER", "jiuye.policies.senders.LoggingSender")

# Personal-data protection: AES-GCM key for stored identifiers and an HMAC key for lookups/linkage.
# Both are 32-byte keys given as hex. Production must set them; dev/test derive fixed keys.
JIUYE_PII_ENCRYPTION_KEY = os.environ.get("JIUYE_PII_ENCRYPTION_KEY", "")
JIUYE_PII_HASH_KEY = os.environ.get("JIUYE_PII_HASH_KEY", "")

# Failed-login throttling: this many failures per account or per client address within the window.
JIUYE_LOGIN_MAX_FAILURES = 5
JIUYE_LOGIN_WINDOW_SECONDS = 15 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # Never log SQL parameters: they carry personal data.
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
