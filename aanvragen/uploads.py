"""Keeping an accepted upload while the rest of the form is corrected.

A browser cannot re-fill a file input, so when a form with a valid proof is rejected for another
field, the file is parked in private storage and the form carries a signed token instead.

Parked copies are capped per account and in total (TIJDELIJKE_UPLOADS_PER_ACCOUNT_BYTES and
TIJDELIJKE_UPLOADS_TOTAAL_BYTES): to make room, the oldest copies go first (the account's own for its cap, anyone's
for the total), so posting a form again and again keeps a few recent copies instead of filling the disk.
"""

import contextlib
import datetime as dt
import uuid

from django.conf import settings
from django.core import signing
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal import klok
from portal.opslag import prive_opslag

_ZOUT = "aanvragen.tijdelijke-upload"
GELDIG = dt.timedelta(hours=24)


class OpslagVol(Exception):
    """The upload cannot be parked within the caps; the message tells the E-rijder what to do, in Dutch."""


def _geparkeerd(map_: str) -> list[tuple[dt.datetime, int, str]]:
    """(modified, size, path) of every parked copy under `map_`, oldest first."""
    opslag = prive_opslag()
    if not opslag.exists(map_):
        return []
    mappen, bestanden = opslag.listdir(map_)
    uitkomst = []
    for naam in bestanden:
        pad = f"{map_}/{naam}"
        with contextlib.suppress(OSError):  # removed meanwhile by another request or the sweep
            uitkomst.append((opslag.get_modified_time(pad), opslag.size(pad), pad))
    for sub in mappen:
        uitkomst.extend(_geparkeerd(f"{map_}/{sub}"))
    return sorted(uitkomst)


def _maak_ruimte(kopieen: list[tuple[dt.datetime, int, str]], nodig: int, maximum: int) -> None:
    """Delete the oldest copies until `nodig` more bytes fit under `maximum`."""
    bezet = sum(kopie[1] for kopie in kopieen)
    for _tijd, grootte, pad in kopieen:
        if bezet + nodig <= maximum:
            return
        with contextlib.suppress(OSError):
            prive_opslag().delete(pad)
        bezet -= grootte
    if bezet + nodig > maximum:
        raise OpslagVol(
            _(
                "Uw bestand is in orde, maar kan nu niet tijdelijk worden bewaard (hoogstens %(max)s). "
                "Kies het bestand opnieuw wanneer u het formulier verstuurt."
            )
            % {"max": filesizeformat(maximum)}
        )


def parkeer(upload, gebruiker) -> str:
    """Park the upload and return its token; OpslagVol when it cannot fit under the caps."""
    nodig = upload.size
    _maak_ruimte(
        _geparkeerd(f"tijdelijk/{gebruiker.pk}"), nodig, settings.TIJDELIJKE_UPLOADS_PER_ACCOUNT_BYTES
    )
    _maak_ruimte(_geparkeerd("tijdelijk"), nodig, settings.TIJDELIJKE_UPLOADS_TOTAAL_BYTES)
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
    mappen, _los = opslag.listdir("tijdelijk")
    for map_ in mappen:
        _submappen, bestanden = opslag.listdir(f"tijdelijk/{map_}")
        for naam in bestanden:
            pad = f"tijdelijk/{map_}/{naam}"
            if opslag.get_modified_time(pad) < grens:
                opslag.delete(pad)
                weg += 1
    return weg
