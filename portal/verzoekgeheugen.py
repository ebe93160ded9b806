"""A memory that lives for one request: answers a list would otherwise ask the database for once per row.

"Which gemeenten does this CPO serve today" is the same question for every row of a page; inside a request it is
asked once and remembered here (portal.selectors). The memory starts with each request
(VerzoekgeheugenMiddleware) and ends with it, and a sweep run can have one too (`verzoek()`); elsewhere (the
shell, a test calling a service directly) there is none and every call asks the database, as before. A change
to a concessie or a service area during the request empties it (portal.selectors connects that), so an answer
is never older than the request that asked it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_geheugen: ContextVar[dict | None] = ContextVar("verzoekgeheugen", default=None)


def onthoud(sleutel: Hashable, bereken: Callable[[], T]) -> T:
    """`bereken()`, once per request for `sleutel`; outside a request every time."""
    geheugen = _geheugen.get()
    if geheugen is None:
        return bereken()
    if sleutel not in geheugen:
        geheugen[sleutel] = bereken()
    return geheugen[sleutel]


def bewaar(sleutel: Hashable, waarde) -> None:
    """Remember `waarde` for `sleutel` in the running request, unless it already holds an answer (read along
    with another statement, portal.authenticatie); outside a request nothing."""
    geheugen = _geheugen.get()
    if geheugen is not None:
        geheugen.setdefault(sleutel, waarde)


def vergeet(*_args, **_kwargs) -> None:
    """Empty the memory of the running request (a signal receiver, hence the arguments)."""
    geheugen = _geheugen.get()
    if geheugen is not None:
        geheugen.clear()


@contextlib.contextmanager
def verzoek():
    """A memory for the block: what a request gets, for a bench or a task that wants the same."""
    token = _geheugen.set({})
    try:
        yield
    finally:
        _geheugen.reset(token)


class VerzoekgeheugenMiddleware:
    """Gives each request its memory, from reading the user to the rendered answer. A streamed body is produced
    after the request has left the middleware: it asks the database again, as it did before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with verzoek():
            return self.get_response(request)
