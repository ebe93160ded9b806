"""Importing a plankaart: upload, a dry run with a verdict per row, and applying it, in Celery tasks with progress.

Two kinds of file take this path: plankaart candidates (GeoJSON or CSV, plankaart.importeren) and a CPO's
existing charging points as OCPI 2.2.1 Locations (JSON, plankaart.services.ocpi), soort `bestaand`."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from plankaart import importeren, kaart, selectors
from plankaart.models import Locatie, Plankaartimport
from plankaart.services import ocpi
from plankaart.services.basis import _plankaart_om_aan_te_vullen
from portal import historie, klok, taken, transities
from portal.selectors import cpo_van

MAX_IMPORT_BYTES = 25 * 1024 * 1024  # the default of settings.PLANKAART_IMPORT_MAX_BYTES

logger = logging.getLogger(__name__)


def _voortgang_sleutel(plankaartimport) -> str:
    return f"plankaartimport:{plankaartimport.pk}:voortgang"


def voortgang(plankaartimport) -> int:
    """Progress in percent. Kept in the cache: the apply step's own transaction would hide it until the end."""
    if plankaartimport.klaar:
        return 100
    return cache.get(_voortgang_sleutel(plankaartimport), plankaartimport.voortgang)


def start_import(gemeente, door, bestand, *, soort: str, stelsel: str) -> Plankaartimport:
    """Store the upload and queue its dry run; nothing on the plankaart changes yet."""
    if not selectors.mag_plankaart_bijwerken(door, gemeente):
        raise PermissionDenied(
            _("U mag de plankaart van %(gemeente)s niet bijwerken.") % {"gemeente": gemeente.naam}
        )
    naam = getattr(bestand, "name", "plankaart")
    ocpi_locaties = soort == Plankaartimport.Soort.BESTAAND
    if ocpi_locaties and not naam.lower().endswith(".json"):
        raise ValidationError({"bestand": _("Kies een JSON-bestand (.json) met OCPI 2.2.1 Locations.")})
    if not naam.lower().endswith((".geojson", ".json", ".csv", ".txt")):
        raise ValidationError(
            {"bestand": _("Kies een GeoJSON-bestand (.geojson of .json) of een CSV-bestand (.csv).")}
        )
    try:
        importeren.controleer_grootte(bestand.size)
    except importeren.Bestandsfout as fout:
        raise ValidationError({"bestand": str(fout)}) from fout
    if ocpi_locaties and cpo_van(gemeente) is None:
        raise ValidationError(
            {
                "bestand": _(
                    "%(gemeente)s heeft nu geen concessie: OCPI-locaties horen bij de CPO met de concessie."
                )
                % {"gemeente": gemeente.naam}
            }
        )
    if not ocpi_locaties:
        # Said at once on the form, not after the dry run: existing points have their own import.
        bestand.seek(0)
        begin = bestand.read(65536).decode("utf-8", errors="ignore")
        bestand.seek(0)
        if importeren.lijkt_ocpi_tekst(begin):
            raise ValidationError({"bestand": importeren.ocpi_melding()})
    with transaction.atomic():
        plankaartimport = Plankaartimport(
            gemeente=gemeente, door=door, soort=soort, stelsel=stelsel, bestandsnaam=naam[:200]
        )
        plankaartimport.bestand.save(
            f"{gemeente.cbs_code or gemeente.pk}-{klok.nu():%Y%m%d%H%M%S}.upload", bestand, save=False
        )
        plankaartimport.save()
        transaction.on_commit(lambda: plan_importtaak("controleer_import", plankaartimport.pk))
    return plankaartimport


def controleer_import(import_id: int) -> None:
    """The dry run: read the file and judge every row. Safe to run twice.

    Whatever the file holds, the import ends checked or failed: a file the reader refuses says why, and any
    other error fails the import with a general message rather than leaving it 'controleren' for the resume
    sweep to run again. The run is counted first, so a file that kills the worker outright is given up too."""
    plankaartimport = Plankaartimport.objects.select_related("gemeente").get(pk=import_id)
    if plankaartimport.status != Plankaartimport.Status.CONTROLEREN:
        return
    Plankaartimport.objects.filter(pk=import_id).update(pogingen=F("pogingen") + 1)
    try:
        oordelen = _beoordeel(plankaartimport)
    except importeren.Bestandsfout as fout:
        _sluit_af(plankaartimport, Plankaartimport.Status.MISLUKT, fout=str(fout))
        return
    except Exception:  # noqa: BLE001 - logged; the import must end, not loop
        logger.exception("Controle van plankaartimport %s mislukt", import_id)
        _sluit_af(
            plankaartimport,
            Plankaartimport.Status.MISLUKT,
            fout=_("Het bestand kon niet worden gecontroleerd. Controleer of het geldige GeoJSON of CSV is.")
            if plankaartimport.soort == Plankaartimport.Soort.PLANKAART
            else _("Het bestand kon niet worden gecontroleerd. Controleer of het geldige OCPI 2.2.1 Locations zijn."),
        )
        return
    _sluit_af(plankaartimport, Plankaartimport.Status.GECONTROLEERD, oordelen=oordelen)


def geef_op(import_id: int, status: str) -> bool:
    """An import whose step was started the allowed number of times without ending: fail it, once."""
    return bool(
        Plankaartimport.objects.filter(pk=import_id, status=status).update(
            status=Plankaartimport.Status.MISLUKT,
            voortgang=100,
            fout=_(
                "Het bestand is %(n)d keer zonder resultaat verwerkt en daarna opgegeven. "
                "Controleer het bestand en importeer het opnieuw."
            )
            % {"n": settings.PLANKAART_IMPORT_MAX_POGINGEN},
        )
    )


def vraag_toepassen(plankaartimport, door) -> Plankaartimport:
    if not selectors.mag_plankaart_bijwerken(door, plankaartimport.gemeente):
        raise PermissionDenied(_("U mag deze plankaart niet bijwerken."))
    bijgewerkt = Plankaartimport.objects.filter(
        pk=plankaartimport.pk, status=Plankaartimport.Status.GECONTROLEERD
    ).update(status=Plankaartimport.Status.TOEPASSEN, voortgang=0, pogingen=0)
    if not bijgewerkt:
        raise transities.NietToegestaan("toepassen")
    transaction.on_commit(lambda: plan_importtaak("pas_import_toe", plankaartimport.pk))
    plankaartimport.refresh_from_db()
    return plankaartimport


def pas_import_toe(import_id: int) -> None:
    """Apply a checked import in one transaction, judged again against the plankaart as it is now."""
    # Counted before the transaction, so a worker killed halfway (which rolls the rest back) still counts.
    Plankaartimport.objects.filter(pk=import_id, status=Plankaartimport.Status.TOEPASSEN).update(
        pogingen=F("pogingen") + 1
    )
    try:
        with transaction.atomic():
            plankaartimport = (
                Plankaartimport.objects.select_for_update(skip_locked=True)
                .select_related("gemeente", "door")
                .filter(pk=import_id, status=Plankaartimport.Status.TOEPASSEN)
                .first()
            )
            if plankaartimport is None:
                return  # applied already, or another worker is applying it now
            if plankaartimport.soort == Plankaartimport.Soort.BESTAAND:
                oordelen = _beoordeel(plankaartimport, toepassen=True)
            else:
                oordelen = _beoordeel(plankaartimport)
                _voer_import_uit(plankaartimport, oordelen)
            _sluit_af(plankaartimport, Plankaartimport.Status.TOEGEPAST, oordelen=oordelen)
            transaction.on_commit(kaart.vernieuw)
    except Exception as fout:  # noqa: BLE001 - nothing was applied; say so on the import itself
        Plankaartimport.objects.filter(pk=import_id).update(
            status=Plankaartimport.Status.MISLUKT, fout=f"{type(fout).__name__}: {fout}"[:2000]
        )
        raise


def _beoordeel(plankaartimport, *, toepassen: bool = False) -> list:
    """The verdicts. For OCPI Locations the service judges and (with `toepassen`) applies in one pass."""
    sleutel = _voortgang_sleutel(plankaartimport)
    importeren.controleer_grootte(plankaartimport.bestand.size)
    with plankaartimport.bestand.open("rb") as bestand:
        inhoud = bestand.read()
    voortgang = lambda deel: cache.set(sleutel, int(deel * 90), 3600)  # noqa: E731
    if plankaartimport.soort == Plankaartimport.Soort.BESTAAND:
        return _ocpi_oordelen(plankaartimport, inhoud, toepassen=toepassen, voortgang=voortgang)
    rijen = importeren.lees(inhoud, plankaartimport.bestandsnaam, plankaartimport.stelsel)
    return importeren.beoordeel(rijen, plankaartimport.gemeente, voortgang=voortgang)


class _Ocpiregel:
    """An OCPI Location's verdict in the shape of the plankaart report (actie and als_rapport)."""

    ACTIES = {
        "nieuw": "toevoegen",
        "gekoppeld_id": "gekoppeld_id",
        "gekoppeld_afstand": "gekoppeld_afstand",
        "geweigerd": "weigeren",
    }

    def __init__(self, oordeel):
        self.oordeel = oordeel
        self.actie = self.ACTIES[oordeel.oordeel]

    def als_rapport(self) -> dict:
        o = self.oordeel
        return {
            "regel": o.regel,
            "actie": self.actie,
            "reden": o.reden,
            "kenmerk": o.ocpi_id,
            "omschrijving": o.omschrijving,
            "evses": o.evses,
            "locatie_id": o.locatie_id,
        }


def _ocpi_oordelen(plankaartimport, inhoud: bytes, *, toepassen: bool, voortgang) -> list[_Ocpiregel]:
    cpo = cpo_van(plankaartimport.gemeente)
    if cpo is None:
        raise importeren.Bestandsfout(
            _("%(gemeente)s heeft nu geen concessie: OCPI-locaties horen bij de CPO met de concessie.")
            % {"gemeente": plankaartimport.gemeente.naam}
        )
    objecten = ocpi.lees_locaties(inhoud)
    rapport = ocpi.importeer_locaties(
        cpo,
        objecten,
        plankaartimport.door,
        toepassen=toepassen,
        gemeente=plankaartimport.gemeente,
        voortgang=voortgang,
    )
    return [_Ocpiregel(o) for o in rapport.oordelen]


def _sluit_af(plankaartimport, status: str, *, oordelen=(), fout: str = "") -> None:
    aantallen: dict[str, int] = {}
    for oordeel in oordelen:
        aantallen[oordeel.actie] = aantallen.get(oordeel.actie, 0) + 1
    Plankaartimport.objects.filter(pk=plankaartimport.pk).update(
        status=status,
        voortgang=100,
        aantallen=aantallen,
        rapport=[o.als_rapport() for o in oordelen],
        fout=fout,
        toegepast_op=klok.nu() if status == Plankaartimport.Status.TOEGEPAST else None,
    )
    cache.delete(_voortgang_sleutel(plankaartimport))


def _voer_import_uit(plankaartimport, oordelen) -> None:
    plankaart = _plankaart_om_aan_te_vullen(plankaartimport.gemeente)
    nieuw = []
    for oordeel in (o for o in oordelen if o.actie == "toevoegen"):
        rij = oordeel.rij
        locatie = Locatie(
            plankaart=plankaart,
            gemeente=plankaartimport.gemeente,
            kenmerk=rij.kenmerk,
            omschrijving=rij.omschrijving,
            parkeerplaatsen=rij.parkeerplaatsen,
            laadpunten=rij.laadpunten,
            proactief=rij.proactief,
            proactief_jaar=rij.proactief_jaar,
            bron=Locatie.Bron.PLANKAART,
            status=Locatie.Status.KANDIDAAT,
            gewijzigd_op=klok.nu(),
        )
        locatie.zet_punt(rij.lat, rij.lon)
        nieuw.append(locatie)
    Locatie.objects.bulk_create(nieuw, batch_size=1000)
    historie.registreer_bulk(
        nieuw,
        "importeren",
        plankaartimport.door,
        gegevens={loc.pk: {"import": plankaartimport.pk} for loc in nieuw},
    )
    cache.set(_voortgang_sleutel(plankaartimport), 95, 3600)
    for oordeel in (o for o in oordelen if o.actie == "wijzigen"):
        rij = oordeel.rij
        locatie = Locatie.objects.select_for_update().get(pk=oordeel.locatie_id)
        oud = {"omschrijving": locatie.omschrijving, "lat": locatie.lat, "lon": locatie.lon}
        locatie.omschrijving, locatie.parkeerplaatsen, locatie.laadpunten = (
            rij.omschrijving,
            rij.parkeerplaatsen,
            rij.laadpunten,
        )
        locatie.proactief, locatie.proactief_jaar = rij.proactief, rij.proactief_jaar
        locatie.zet_punt(rij.lat, rij.lon)
        locatie.save()
        historie.registreer(
            locatie,
            "importeren",
            locatie.status,
            locatie.status,
            plankaartimport.door,
            reden=oordeel.reden,
            gegevens={"import": plankaartimport.pk, "oud": oud},
        )


def plan_importtaak(taak: str, import_id: int) -> None:
    """Queue an import task; with the broker down, the retry sweep (plankaart.tasks) picks it up later."""
    from plankaart import tasks

    taken.publiceer(getattr(tasks, taak), import_id)
