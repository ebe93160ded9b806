"""The portal's clock. Every service asks this module for "now", so the demo can lay out a history
that happened over weeks and tests can move time without patching the standard library."""

import contextlib
import contextvars
import datetime as dt

from django.utils import timezone

_vast: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("klok_vast", default=None)


def nu() -> dt.datetime:
    return _vast.get() or timezone.now()


def vandaag() -> dt.date:
    return timezone.localdate(nu())


@contextlib.contextmanager
def vastgezet(moment: dt.datetime):
    """Run a block as if it were `moment` (aware datetime)."""
    token = _vast.set(moment)
    try:
        yield
    finally:
        _vast.reset(token)
