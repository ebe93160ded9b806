"""Test settings: the real settings, with e-mail kept in memory and Celery run in-process.

DATABASE_URL and REDIS_URL still come from the environment, so CI runs the suite on PostgreSQL and
Redis (see .ci/run) while `make test` on a laptop uses SQLite.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: E402,F403
from portal.settings import CACHES, REDIS_CACHE_URL, REDIS_URL  # noqa: E402

_tmp = tempfile.mkdtemp(prefix="laadpaal-test-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRIVATE_MEDIA_ROOT = os.path.join(_tmp, "private")
MEDIA_ROOT = os.path.join(_tmp, "media")
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
PDOK_LOCATIESERVER_URL = "http://127.0.0.1:9/pdok-niet-bereikbaar"
PDOK_TIMEOUT = 0.5
# No test (and no demo) asks the real RDW: the check is off unless a test turns it on against its own local
# server (tests/aanvragen/test_rdw.py); the address is a closed local port in case one forgets.
RDW_CONTROLE = False
RDW_API_URL = "http://127.0.0.1:9/rdw-niet-bereikbaar"
RDW_APP_TOKEN = ""
if REDIS_CACHE_URL and REDIS_CACHE_URL == REDIS_URL:
    # Tests empty the cache between tests (FLUSHDB); that must never wipe the broker's queues.
    raise RuntimeError("Zet REDIS_CACHE_URL op een andere Redis-database dan REDIS_URL voor de tests.")
if not REDIS_CACHE_URL:
    CACHES["default"]["LOCATION"] = os.path.join(_tmp, "cache")
if not REDIS_URL:
    # A queue of its own, so a test worker never picks up tasks left by a development run.
    for _sub in ("queue", "processed", "control"):
        os.makedirs(os.path.join(_tmp, "celery", _sub))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": os.path.join(_tmp, "celery", "queue"),
        "data_folder_out": os.path.join(_tmp, "celery", "queue"),
        "processed_folder": os.path.join(_tmp, "celery", "processed"),
        "control_folder": os.path.join(_tmp, "celery", "control"),
        "store_processed": False,
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the shared in-memory database: tests with a real worker write from two threads, and only a
    # file database waits for a lock (the 20-second timeout) instead of failing with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_tmp, "test.sqlite3")}  # noqa: F405
