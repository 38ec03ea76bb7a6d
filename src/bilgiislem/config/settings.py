"""The only settings module. Environments differ only through ``BILGIISLEM_*`` variables.

See docs/configuration.md for every variable.
"""

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_path, env_str
from .ldap import authentication_backends

BASE_DIR = Path(__file__).resolve().parent.parent  # src/bilgiislem
_SOURCE_ROOT = BASE_DIR.parent.parent if BASE_DIR.parent.name == "src" else Path.cwd()

DATA_DIR = env_path("DATA_DIR", _SOURCE_ROOT / "var")
TESTING = "pytest" in sys.modules or env_bool("TESTING", False)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production-" + "x" * 20
    else:
        raise ImproperlyConfigured(
            "BILGIISLEM_SECRET_KEY is not set. Generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` (see docs/configuration.md)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- HTTPS: on by default; `make run` turns it off for the local demo on http://127.0.0.1:8000 ---
HTTPS = env_bool("HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS and not TESTING
SESSION_COOKIE_SECURE = HTTPS and not TESTING
CSRF_COOKIE_SECURE = HTTPS and not TESTING
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_AGE_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "crontask",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "bilgiislem.core",
    "bilgiislem.organization",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bilgiislem.core.middleware.TurkishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "bilgiislem.core.middleware.RequestContextMiddleware",
    "bilgiislem.organization.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bilgiislem.config.urls"
WSGI_APPLICATION = "bilgiislem.config.wsgi.application"
AUTH_USER_MODEL = "organization.User"
LOGIN_URL = "organization:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "organization:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "bilgiislem.core.context_processors.shell",
            ],
        },
    },
]

# --- Database ---
_SQLITE_DEFAULT = f"sqlite:///{DATA_DIR / 'bilgiislem.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _SQLITE_DEFAULT) or _SQLITE_DEFAULT)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---
USE_LDAP = env_bool("USE_LDAP", False)
AUTHENTICATION_BACKENDS = authentication_backends(use_ldap=USE_LDAP)
if USE_LDAP:
    from .ldap import ldap_settings

    globals().update(ldap_settings())

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "bilgiislem.organization.validators.CharacterClassValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING and not env_bool("REAL_HASHER", False)
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)

# Login throttling (django-axes): lock the username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "bilgiislem.organization.auth.axes_username"
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "bilgiislem.organization.views.account.lockout_response"
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)

OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Bilgi İşlem")
# Roles whose members must use a second factor (TOTP); superusers always must.
SECOND_FACTOR_ROLES = env_list("SECOND_FACTOR_ROLES", ["director", "admin"])
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", True)

# --- i18n ---
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["bilgiislem.config.formats"]

# --- Static and media ---
STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail ---
# On by default (a production install sends mail; localhost:25 unless configured). `make run` and the tests turn it off.
USE_SMTP = env_bool("USE_SMTP", not TESTING)
if USE_SMTP:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER") or None,
                "password": env_str("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    # No SMTP server configured: messages are written as files under var/mail (nothing is lost, nothing is sent).
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = env_str("EMAIL_FROM", "bilgiislem@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django.tasks) ---
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
    "celery": "django_tasks_celery.CeleryBackend",
}
_tasks_backend = env_str("TASKS_BACKEND", "immediate" if TESTING else "database")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_tasks_backend, _tasks_backend)}}
if _tasks_backend == "celery":
    CELERY_BROKER_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
    CELERY_RESULT_EXTENDED = True
    TASKS["default"]["QUEUES"] = ["default"]
    TASKS["default"]["OPTIONS"] = {"CELERY_APP": "bilgiislem.config.celery.app"}  # configured from these settings
CRONTASK = {"REDIS_URL": env_str("REDIS_URL")} if env_str("REDIS_URL") else {}

# --- API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "bilgiislem.core.api.pagination.DefaultPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "bilgiislem.core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "6000/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bilgi İşlem API",
    "DESCRIPTION": "REST API of the Bilgi İşlem operations system. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids from the part after /api/v1/ ("organization", "calendar", "me").
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "bilgiislem.organization.choices.UnitKind",
        "EmploymentTypeEnum": "bilgiislem.organization.choices.EmploymentType",
        "PersonStatusEnum": "bilgiislem.organization.choices.PersonStatus",
        "LeaveStatusEnum": "bilgiislem.organization.choices.LeaveStatus",
        "LeaveKindEnum": "bilgiislem.organization.choices.LeaveKind",
        "DeputyshipReasonEnum": "bilgiislem.organization.choices.DeputyshipReason",
        "DelegationScopeEnum": "bilgiislem.organization.choices.DelegationScope",
        "RegulationStatusEnum": "bilgiislem.organization.choices.RegulationStatus",
        "ProposalStatusEnum": "bilgiislem.organization.choices.ProposalStatus",
        "RoleEnum": "bilgiislem.organization.api.serializers.ROLE_CHOICES",
    },
}

# --- Logging: to stderr, UTC timestamps ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "bilgiislem.core.logging.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "bilgiislem.auth": {"level": "INFO"},  # logins, logouts, lockouts, second factor (S11)
    },
}

# --- Demo ---
DEMO_PASSWORD = "Demo.2026!"  # noqa: S105  demo-only; a production install has no default accounts
