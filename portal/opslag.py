"""Where uploaded proof is kept: a folder outside MEDIA_ROOT with no URL; a view checks access."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def prive_opslag() -> FileSystemStorage:
    # A callable, so the location follows the settings in force (tests use a temporary folder).
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
