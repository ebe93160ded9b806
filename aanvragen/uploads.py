"""Keeping an accepted upload while the rest of the form is corrected.

A browser cannot re-fill a file input, so when a form with a valid proof is rejected for another
field, the file is parked in private storage and the form carries a signed token instead.
"""

import contextlib
import datetime as dt
import uuid

from django.core import signing
from django.core.files.base import File

from portal import klok
from portal.opslag import prive_opslag

_ZOUT = "aanvragen.tijdelijke-upload"
GELDIG = dt.timedelta(hours=24)


def parkeer(upload, gebruiker) -> str:
    extensie = upload.name.rsplit(".", 1)[-1].lower()
    pad = prive_opslag().save(f"tijdelijk/{gebruiker.pk}/{uuid.uuid4().hex}.{extensie}", upload)
    return signing.dumps({"p": pad, "n": upload.name[:200], "u": gebruiker.pk}, salt=_ZOUT)


def haal_op(token: str, gebruiker) -> tuple[File, str] | None:
    """The parked file and its original name, or None when the token is forged, stale or someone else's."""
    try:
        data = signing.loads(token, salt=_ZOUT, max_age=GELDIG)
    except signing.BadSignature:
        return None
    if data.get("u") != gebruiker.pk or not prive_opslag().exists(data["p"]):
        return None
    return File(prive_opslag().open(data["p"], "rb"), name=data["n"]), data["n"]


def naam_van(token: str) -> str:
    try:
        return signing.loads(token, salt=_ZOUT, max_age=GELDIG)["n"]
    except (signing.BadSignature, KeyError):
        return ""


def verwijder(token: str) -> None:
    with contextlib.suppress(signing.BadSignature, KeyError, OSError):
        prive_opslag().delete(signing.loads(token, salt=_ZOUT)["p"])


def ruim_op() -> int:
    """Delete parked uploads older than their token's validity. Returns how many were removed."""
    opslag = prive_opslag()
    grens = klok.nu() - GELDIG
    weg = 0
    if not opslag.exists("tijdelijk"):
        return 0
    mappen, _ = opslag.listdir("tijdelijk")
    for map_ in mappen:
        _, bestanden = opslag.listdir(f"tijdelijk/{map_}")
        for naam in bestanden:
            pad = f"tijdelijk/{map_}/{naam}"
            if opslag.get_modified_time(pad) < grens:
                opslag.delete(pad)
                weg += 1
    return weg
