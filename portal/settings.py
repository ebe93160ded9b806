"""Settings from the environment (12-factor). Every variable is listed in README.md."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# Outside development a real secret is mandatory: a guessable key would let anyone forge sessions.
SECRET_KEY = env("SECRET_KEY", default="")
MIN_SECRET_KEY_LENGTE = 50
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is verplicht wanneer DEBUG uit staat.")
    SECRET_KEY = "ontwikkeling-alleen-niet-in-productie-gebruiken"
elif not DEBUG and len(SECRET_KEY) < MIN_SECRET_KEY_LENGTE:
    # Django's own deploy check (security.W009) only warns; a short key is guessable, so refuse to start.
    raise ImproperlyConfigured(
        f"SECRET_KEY is te kort ({len(SECRET_KEY)} tekens); gebruik er minstens {MIN_SECRET_KEY_LENGTE}, "
        "bijvoorbeeld uit `python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    # Without autodiscovery: django-leaflet's admin module needs GDAL (GeoDjango), which we do not use.
    # portal.apps registers the admin modules we want.
    "django.contrib.admin.apps.SimpleAdminConfig",
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
    "leaflet",
    "portal",
    "aanvragen",
    "plankaart",
    "verkeersbesluiten",
    "netaansluiting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # API-Version on every answer under /api/, also the ones the middleware below answers itself.
    "portal.apiregels.ApiVersieMiddleware",
    # A request's objects (Django's request; DRF's view, request and answer) are freed when the call ends, not at
    # the next run of Python's cycle collector (portal.kringen).
    "portal.kringen.KringenMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Dynamic answers (HTML, JSON, GeoJSON) gzipped for clients that accept it; below WhiteNoise, which serves
    # the static files precompressed itself and answers before this middleware is reached. Compressing pages that
    # carry secrets is what BREACH attacks; Django's GZipMiddleware (since 4.2) pads each answer by a random length
    # ("Heal the Breach") and the CSRF token is masked per answer, so the secrets cannot be read off the sizes.
    # Ours is Django's at compression level 1 (portal.compressie: a quarter of the CPU, 13 % more bytes).
    "portal.compressie.GZipMiddleware",
    # One memory per request for what every row of a list asks alike (portal.verzoekgeheugen), from before the
    # user is read: the settings token read along with the user (portal.authenticatie) is kept in it.
    "portal.verzoekgeheugen.VerzoekgeheugenMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the portal speaks one language, LANGUAGE_CODE, which Django uses without it. It chose
    # that one language on every request from Accept-Language, about 45 µs per answer, and added
    # `Vary: Accept-Language` and `Content-Language: nl` (pages say lang="nl" themselves). A second language in
    # LANGUAGES brings it back.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.sessies.StafSessieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.beveiliging.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file; wait for a lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # PostgreSQL binds the parameters itself (psycopg's server-side binding), for the ORM's statements too: a
    # statement it sees often is then prepared and planned once per connection instead of parsed and planned at
    # every run, and psycopg does not quote every value into the text in Python (a submission: 0.4 ms less
    # database CPU).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    # Statements are prepared after this many runs on a connection. 0 turns preparing off, as a
    # transaction-mode connection pooler (PgBouncer before 1.21) needs.
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = (
        env.int("DATABASE_PREPARE_THRESHOLD", default=5) or None
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
REDIS_CACHE_URL = env("REDIS_CACHE_URL", default=REDIS_URL)
if REDIS_CACHE_URL:
    # Fails open (portal.cache): with Redis down the portal logs a warning and serves without a cache.
    CACHES = {"default": {"BACKEND": "portal.cache.FailOpenRedisCache", "LOCATION": REDIS_CACHE_URL}}
else:
    # A file cache is shared by every process on the machine (map answers, import progress).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", default=str(VAR_DIR / "cache")),
        }
    }

AUTH_USER_MODEL = "portal.Gebruiker"
# Django's ModelBackend, loading the user's organisation without its boundary (portal.authenticatie).
AUTHENTICATION_BACKENDS = ["portal.authenticatie.PortaalBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Our own: Django's Dutch catalogue lacks its current minimum-length message (portal.wachtwoord).
    {"NAME": "portal.wachtwoord.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "start"
# Failed logins per e-mail address and per client address ("N/period", period s/m/h/d, e.g. "5/15m"),
# counted in the database (portal.inlogbeveiliging explains what happens over each limit).
LOGIN_RATE_PER_ACCOUNT = env("LOGIN_RATE_PER_ACCOUNT", default="5/15m")
LOGIN_RATE_PER_IP = env("LOGIN_RATE_PER_IP", default="30/h")
# Over the per-IP limit a correct password still gets in, after this server-side pause.
LOGIN_DELAY_SECONDS = env.float("LOGIN_DELAY_SECONDS", default=2.0)
# A one-time login link mailed to the owner of a blocked account stays valid this long.
LOGIN_LINK_TIMEOUT = env.int("LOGIN_LINK_TIMEOUT", default=3600)
# Mails anyone can ask for (password reset, registration, confirmation), per address and per client address.
ACCOUNT_MAIL_RATE_PER_ADDRESS = env("ACCOUNT_MAIL_RATE_PER_ADDRESS", default="3/h")
ACCOUNT_MAIL_RATE_PER_IP = env("ACCOUNT_MAIL_RATE_PER_IP", default="30/h")
# The client address: REMOTE_ADDR unless a proxy in front is trusted to set a header, e.g. "X-Forwarded-For"
# with TRUSTED_PROXY_HOPS=1 for one proxy (the entry that proxy appended); never trusted unless configured.
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER", default="")
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=1)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development static files come straight from the apps; production serves the collected, hashed set.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploaded proof (kentekenbewijs, contracts) never lies under a public URL; a view checks access.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Proof images above this many pixels are refused from their header, before anything decodes them.
MAX_AFBEELDING_PIXELS = env.int("MAX_AFBEELDING_PIXELS", default=50_000_000)
# How often one account may ask, in 24 hours, whether a request runs nearby (the new-request form): enough for a
# person, too few to locate other people's pins by trying.
NABIJHEIDSVRAGEN_PER_DAG = env.int("NABIJHEIDSVRAGEN_PER_DAG", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Proof copies parked while a rejected form is corrected (aanvragen.uploads): per account and in total.
TIJDELIJKE_UPLOADS_PER_ACCOUNT_BYTES = env.int("TIJDELIJKE_UPLOADS_PER_ACCOUNT_BYTES", default=15 * 1024 * 1024)
TIJDELIJKE_UPLOADS_TOTAAL_BYTES = env.int("TIJDELIJKE_UPLOADS_TOTAAL_BYTES", default=1024 * 1024 * 1024)
# Plankaart imports: refused above this size before they are read; the resume sweep gives up after N runs.
PLANKAART_IMPORT_MAX_BYTES = env.int("PLANKAART_IMPORT_MAX_BYTES", default=25 * 1024 * 1024)
PLANKAART_IMPORT_MAX_POGINGEN = env.int("PLANKAART_IMPORT_MAX_POGINGEN", default=3)


def lees_piekuren(tekst: str) -> tuple[tuple[int, int], ...]:
    """VERBRUIK_PIEKUREN from the environment: hour windows in local time as "7-9,17-21" (from 07:00 up to
    09:00 and from 17:00 up to 21:00). Whole hours 0-24, each window begins before it ends, none overlap."""
    vensters = []
    for deel in (d.strip() for d in tekst.split(",")):
        try:
            begin, eind = (int(x) for x in deel.split("-"))
        except ValueError:
            raise ImproperlyConfigured(
                f"VERBRUIK_PIEKUREN: {deel!r} is geen venster als 7-9 (hele uren, van-tot)."
            ) from None
        if not 0 <= begin < eind <= 24:
            raise ImproperlyConfigured(f"VERBRUIK_PIEKUREN: {deel!r} moet tussen 0 en 24 liggen, begin vóór eind.")
        vensters.append((begin, eind))
    vensters.sort()
    if not vensters or any(a[1] > b[0] for a, b in zip(vensters, vensters[1:], strict=False)):
        raise ImproperlyConfigured(f"VERBRUIK_PIEKUREN: {tekst!r} heeft overlappende of geen vensters.")
    return tuple(vensters)


# Usage figures: the peak hours in local time (TIME_ZONE) as [begin, end) hour windows; default 07:00-09:00 and
# 17:00-21:00 (seeds 002/003). A CDR's peak hours are split off when it is imported, so a change counts for
# sessions imported afterwards; the peak occupancy divides by the hours configured now.
VERBRUIK_PIEKUREN = lees_piekuren(env("VERBRUIK_PIEKUREN", default="7-9,17-21"))
# Public map: the largest viewport (in screen pixels per side at the requested zoom) and the most single
# points in one answer; beyond the points cap the answer is clustered even when zoomed in.
KAART_MAX_BEELD_PIXELS = env.int("KAART_MAX_BEELD_PIXELS", default=8192)
KAART_MAX_PUNTEN_DICHTBIJ = env.int("KAART_MAX_PUNTEN_DICHTBIJ", default=10000)
# Anonymous calls to the public map's API per client address (DRF rate: "300/min", "20/s").
KAART_ANONIEM_RATE = env("KAART_ANONIEM_RATE", default="300/min")
# Residents' reactions during participation (no login): per client address and per e-mail address, counted in
# the database so the limits hold when Redis is down (plankaart.services.inspraak).
INSPRAAK_RATE_PER_IP = env("INSPRAAK_RATE_PER_IP", default="30/h")
INSPRAAK_RATE_PER_ADRES = env("INSPRAAK_RATE_PER_ADRES", default="15/h")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Laadpaalportaal <noreply@laadpaalportaal.nl>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Security: safe by default, relaxed only for local development.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database, never in the cache only: a Redis outage must not log everyone out or lock
# everyone out of logging in.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# E-rijders stay logged in for SESSION_COOKIE_AGE; staff of an organisation (who see other people's cases) are
# logged out after STAFF_SESSION_IDLE_SECONDS without activity (portal.sessies.StafSessieMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=8 * 3600)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport so a laptop with only
# Python runs a real worker and beat.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    _queue_dir = Path(env("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "celery")))
    for _sub in ("queue", "processed", "control"):
        (_queue_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        # Broadcast tables (worker control); kombu's default is ./control in whatever directory one runs.
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
# Publishing must not hang a web request when the broker is down: the outbox row is already saved
# and the retry sweep delivers it later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}

REST_FRAMEWORK = {
    # Token first: an unauthenticated call then gets 401 with "WWW-Authenticate: Token" (not a bare 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.authenticatie.PortaalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Page numbers with a bounded count (portal.paginering): a list of 600,000 cases is not counted whole.
    "DEFAULT_PAGINATION_CLASS": "portal.apipaginering.BegrensdePaginering",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.problem_exception_handler",
    # DRF's choice of renderer, the common Accept headers decided without parsing (portal.apionderhandeling).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "portal.apionderhandeling.Onderhandeling",
    "DEFAULT_RENDERER_CLASSES": [
        "portal.apijson.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "ENUM_NAME_OVERRIDES": {
        "TermijnStapEnum": "portal.servicetermijnen.Stap",
        "PlanTermijnStapEnum": "plankaart.modellen_proactief.PLAN_TERMIJNSTAPPEN",
    },
    "TITLE": "Laadpaalportaal API",
    "DESCRIPTION": "REST API voor de keten van aanvraag tot realisatie van publieke laadpalen.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents its errors as application/problem+json (portal.api.documenteer_fouten).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.documenteer_fouten",
        "portal.apiregels.documenteer_versiekop",
    ],
    # API Design Rules /core/doc-openapi-contact: name, e-mail and URL of who answers questions about the API.
    "CONTACT": {
        "name": env("API_CONTACT_NAAM", default="Beheer Laadpaalportaal"),
        "email": env("API_CONTACT_EMAIL", default="api@laadpaalportaal.nl"),
        "url": SITE_URL + "/",
    },
}

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (52.2, 5.9),
    "DEFAULT_ZOOM": 12,
    "MIN_ZOOM": 7,
    "MAX_ZOOM": 19,
    "RESET_VIEW": False,
    "TILES": [
        (
            "BRT Achtergrondkaart",
            "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
            {"attribution": "Kaartgegevens &copy; Kadaster", "maxZoom": 19},
        )
    ],
    "ATTRIBUTION_PREFIX": "PDOK",
}

# Work lists and the long admin lists count at most this many rows (portal.paginering); above it they say
# "meer dan 10.000" instead of running COUNT(*) over the whole join.
WERKLIJST_TELGRENS = env.int("WERKLIJST_TELGRENS", default=10_000)

# Address lookup by postcode + huisnummer; the form works without it.
PDOK_LOCATIESERVER_URL = env(
    "PDOK_LOCATIESERVER_URL", default="https://api.pdok.nl/bzk/locatieserver/search/v3_1"
).rstrip("/")
PDOK_TIMEOUT = env.float("PDOK_TIMEOUT", default=2.0)

# Privacy (portal.privacy, the privacy statement at /privacy/): how long closed cases keep the person, in days
# after their last step; then a daily task anonymises them (proof files removed), at most BEWAREN_PER_RUN per
# kind of case per run.
BEWAARTERMIJN_AANVRAGEN_DAGEN = env.int("BEWAARTERMIJN_AANVRAGEN_DAGEN", default=365)
BEWAARTERMIJN_BEZWAREN_DAGEN = env.int("BEWAARTERMIJN_BEZWAREN_DAGEN", default=730)
BEWAARTERMIJN_REACTIES_DAGEN = env.int("BEWAARTERMIJN_REACTIES_DAGEN", default=365)
BEWAREN_PER_RUN = env.int("BEWAREN_PER_RUN", default=500)

# The licence plate at the RDW at submission (aanvragen.rdw): open data, an optional app token (X-App-Token),
# both questions together within RDW_TIMEOUT seconds, otherwise accepted and checked again later.
RDW_CONTROLE = env.bool("RDW_CONTROLE", default=True)
RDW_API_URL = env("RDW_API_URL", default="https://opendata.rdw.nl").rstrip("/")
RDW_APP_TOKEN = env("RDW_APP_TOKEN", default="")
RDW_TIMEOUT = env.float("RDW_TIMEOUT", default=2.0)
RDW_VOERTUIGSOORTEN = env.list("RDW_VOERTUIGSOORTEN", default=["Personenauto"])
# How often a request accepted while the RDW was unreachable is checked again before the CPO is told to look
# at the proof itself (the task backs off exponentially; the hourly sweep catches what a lost task missed).
RDW_POGINGEN = env.int("RDW_POGINGEN", default=8)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
