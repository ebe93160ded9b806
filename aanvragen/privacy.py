"""Privacy of requests (AVG): what an E-rijder's request holds about the person, its removal after the
retention period or when the account goes, and the request part of the E-rijder's data download.

The case row is anonymised; the history (portal.models.StatusWijziging) is append-only and keeps the facts
(which step, when, which organisation) - the database refuses to change it, and we do not try.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Subquery

from aanvragen.models import Aanvraag, Bron, Medeaanvrager, Nabijheidsvraag
from portal import klok
from portal.models import StatusWijziging

AFGESLOTEN = (Aanvraag.Status.AFGEWEZEN, Aanvraag.Status.INGETROKKEN, Aanvraag.Status.GEREALISEERD)
# What is left of the pin: about 100 m, the street, not the front door.
PIN_DECIMALEN = 3


def anonimiseer(aanvraag: Aanvraag) -> None:
    """Remove the person from one request: account, address number and pin, plate, the texts written to or by
    them, the proof file, the make and model, and who joined with their plates. The street, the place, the
    gemeente, the dates, the status and the reason code stay: they are the facts the figures count."""
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        if aanvraag.bewijs:
            opslag, bestand = aanvraag.bewijs.storage, aanvraag.bewijs.name
            # The file goes after commit: a rollback must not leave a row pointing at a deleted file.
            transaction.on_commit(lambda: _verwijder_bestand(opslag, bestand))
        aanvraag.bewijs = ""
        aanvraag.bewijs_naam = ""
        aanvraag.aanvrager = None
        aanvraag.postcode = ""
        aanvraag.huisnummer = None
        aanvraag.toevoeging = ""
        aanvraag.kenteken = ""
        aanvraag.toelichting = ""
        aanvraag.werkuren_per_week = None
        aanvraag.ontbrekend = ""
        aanvraag.afwijzingsreden = ""
        aanvraag.rdw_merk = ""
        aanvraag.rdw_model = ""
        aanvraag.lat = round(aanvraag.lat, PIN_DECIMALEN)
        aanvraag.lon = round(aanvraag.lon, PIN_DECIMALEN)
        aanvraag.save()
        Medeaanvrager.objects.filter(aanvraag=aanvraag).delete()


def _verwijder_bestand(opslag, naam: str) -> None:
    with contextlib.suppress(OSError):
        opslag.delete(naam)


def te_anonimiseren(bewaartermijn_dagen: int):
    """Closed E-rijder requests whose last step lies longer ago than the retention period and that still
    name a person (an anonymised E-rijder request has no requester any more)."""
    grens = klok.nu() - dt.timedelta(days=bewaartermijn_dagen)
    laatste_stap = Subquery(
        StatusWijziging.objects.filter(
            content_type=ContentType.objects.get_for_model(Aanvraag), object_id=OuterRef("pk")
        )
        .order_by("-op")
        .values("op")[:1]
    )
    return (
        Aanvraag.objects.filter(bron=Bron.ERIJDER, status__in=AFGESLOTEN, aanvrager__isnull=False)
        .annotate(laatste_stap=laatste_stap)
        .filter(laatste_stap__lt=grens)
        .order_by("pk")
    )


def gegevens_van(gebruiker) -> dict:
    """The request part of the data download (inzage, AVG art. 15): own requests with every field the person
    gave, the requests they joined (with only what they gave themselves), and the nearby checks."""
    eigen = []
    for a in Aanvraag.objects.filter(aanvrager=gebruiker).select_related("gemeente").order_by("ingediend_op"):
        eigen.append(
            {
                "zaaknummer": a.nummer,
                "status": a.get_status_display(),
                "gemeente": a.gemeente.naam,
                "ingediend_op": a.ingediend_op.isoformat(),
                "adres": {
                    "straat": a.straat,
                    "huisnummer": a.huisnummer,
                    "toevoeging": a.toevoeging,
                    "postcode": a.postcode,
                    "plaats": a.woonplaats,
                },
                "gewenste_plek": {"lat": a.lat, "lon": a.lon},
                "kenteken": a.kenteken,
                "auto_besteld": a.auto_besteld,
                "rdw": {"uitslag": a.get_rdw_uitslag_display(), "merk": a.rdw_merk, "model": a.rdw_model},
                "bewijs": {"bestandsnaam": a.bewijs_naam, "soort": a.get_bewijs_soort_display()},
                "woont_of_werkt": a.get_woont_of_werkt_display(),
                "werkuren_per_week": a.werkuren_per_week,
                "rijdt_elektrisch": a.rijdt_elektrisch,
                "eigen_parkeerplaats": a.eigen_parkeerplaats,
                "vergunning_nodig": a.vergunning_nodig,
                "heeft_vergunning": a.heeft_vergunning,
                "toelichting": a.toelichting,
                "wat_ontbrak": a.ontbrekend,
                "reden_van_afwijzing": a.afwijzingsreden,
            }
        )
    aangesloten = [
        {
            "zaaknummer": m.aanvraag.nummer,
            "straat": m.aanvraag.straat,
            "kenteken": m.kenteken,
            "aangesloten_op": m.aangesloten_op.isoformat(),
        }
        for m in Medeaanvrager.objects.filter(gebruiker=gebruiker).select_related("aanvraag")
    ]
    vragen = Nabijheidsvraag.objects.filter(gebruiker=gebruiker).order_by("op").values_list("op", flat=True)
    return {
        "aanvragen": eigen,
        "aangesloten_bij": aangesloten,
        "vragen_naar_aanvragen_in_de_buurt": [op.isoformat() for op in vragen],
    }
