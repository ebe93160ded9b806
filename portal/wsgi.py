import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()


def _alles_geladen() -> None:
    """Import every view now (the URL patterns import them) and move what the process holds after start-up out
    of the garbage collector's sight (gc.freeze): a full collection then walks only what requests made since,
    not the hundreds of thousands of objects Django, DRF and the apps consist of. Those pauses were the slow
    outliers of short API calls (tens of milliseconds on a call of a few)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    gc.collect()
    gc.freeze()


_alles_geladen()
