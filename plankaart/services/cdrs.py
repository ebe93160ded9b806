"""Charge detail records in (OCPI 2.2.1 CDR objects): from the API, a file, the command line or an OCPI pull.

Every way in ends in `importeer`: idempotent on (CPO, CDR id), a credit CDR cancels the one it names (in
whichever order they arrive), a CDR that matches no charging point is kept for the CPO to resolve. Each CDR is
cut into one part per local calendar day (connected, charging and peak hours of that day); afterwards the daily
figures of the charging points it touched are summed again by SQL (`herbereken`), never in a Python loop.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import functools
import hashlib
import hmac
import io
import json
import logging
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from plankaart.modellen_verbruik import Cdr, Cdrdeel, Laadpunt, Laadpuntdag

logger = logging.getLogger(__name__)

PARTIJ = 2000
MAX_FOUTEN_IN_RAPPORT = 100


def piekuren() -> tuple[tuple[int, int], ...]:
    """The peak hours in local time as [begin, end) hour pairs: the setting VERBRUIK_PIEKUREN (portal.settings,
    from the environment; default 07-09 and 17-21)."""
    return tuple(tuple(p) for p in settings.VERBRUIK_PIEKUREN)


def piekuren_per_dag() -> int:
    return sum(eind - begin for begin, eind in piekuren())


def _tijdzone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class Ongeldig(ValueError):
    """One CDR that cannot be read: the text names the field."""


@dataclass
class Rapport:
    ontvangen: int = 0
    nieuw: int = 0
    dubbel: int = 0
    creditering: int = 0
    geannuleerd: int = 0
    zonder_laadpunt: int = 0
    aantal_fouten: int = 0
    fouten: list = field(default_factory=list)

    def fout(self, regel: int, cdr_id: str, tekst: str) -> None:
        self.aantal_fouten += 1
        if len(self.fouten) < MAX_FOUTEN_IN_RAPPORT:
            self.fouten.append({"regel": regel, "id": cdr_id, "fout": tekst})

    def als_dict(self) -> dict:
        return dict(self.__dict__)


# Reading one CDR.


_ONTBREEKT = object()


def _veld(obj: dict, pad: str, verplicht: bool = True):
    """The value at a dotted path; a missing optional one is _ONTBREEKT (no exception: a million CDRs without
    an optional field must not each raise one)."""
    waarde = obj
    for deel in pad.split("."):
        waarde = waarde.get(deel) if isinstance(waarde, dict) else None
        if waarde is None or waarde == "":
            if verplicht:
                raise Ongeldig(_("Het veld %(veld)s ontbreekt.") % {"veld": pad})
            return _ONTBREEKT
    return waarde


def _tekst(obj: dict, pad: str, maximum: int, verplicht: bool = True) -> str:
    waarde = _veld(obj, pad, verplicht)
    if waarde is _ONTBREEKT:
        return ""
    waarde = str(waarde).strip()
    if len(waarde) > maximum:
        raise Ongeldig(_("Het veld %(veld)s is langer dan %(n)d tekens.") % {"veld": pad, "n": maximum})
    return waarde


def _tijdstip(obj: dict, pad: str, verplicht: bool = True) -> dt.datetime | None:
    waarde = _veld(obj, pad, verplicht)
    if waarde is _ONTBREEKT:
        return None
    try:
        tijd = dt.datetime.fromisoformat(str(waarde).replace("Z", "+00:00"))
    except ValueError as fout:
        raise Ongeldig(
            _("Het veld %(veld)s is geen tijdstip volgens RFC 3339, bijv. 2026-03-02T08:00:00Z.")
            % {"veld": pad}
        ) from fout
    # OCPI DateTimes are UTC; a time without zone is read as UTC.
    return tijd.astimezone(dt.UTC) if tijd.tzinfo else tijd.replace(tzinfo=dt.UTC)


def _getal(obj: dict, pad: str, verplicht: bool = True, negatief: bool = False) -> decimal.Decimal:
    waarde = _veld(obj, pad, verplicht)
    if waarde is _ONTBREEKT:
        return decimal.Decimal(0)
    try:
        getal = decimal.Decimal(str(waarde).replace(",", "."))
    except decimal.InvalidOperation as fout:
        raise Ongeldig(_("Het veld %(veld)s is geen getal.") % {"veld": pad}) from fout
    if not getal.is_finite() or getal < (-(10**6) if negatief else 0) or getal > 10**6:
        raise Ongeldig(_("Het veld %(veld)s moet een getal van 0 tot 1.000.000 zijn.") % {"veld": pad})
    return getal


def _waar(waarde) -> bool:
    return waarde is True or str(waarde).strip().lower() in ("true", "1", "ja")


def _coordinaat(obj: dict, pad: str) -> float | None:
    waarde = _veld(obj, pad, verplicht=False)
    try:
        return None if waarde is _ONTBREEKT else float(str(waarde))
    except ValueError:
        return None


def token_hash(uid: str) -> str:
    if not uid:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), uid.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass
class Gelezen:
    cdr: Cdr
    delen: list  # [(dag, eerste, verbonden, laden, piek)]


def lees(obj, cpo) -> Gelezen:
    """One OCPI 2.2.1 CDR object as an unsaved Cdr and its day parts; raises Ongeldig naming the field."""
    if not isinstance(obj, dict):
        raise Ongeldig(_("Een CDR is een JSON-object."))
    begin = _tijdstip(obj, "start_date_time")
    einde = _tijdstip(obj, "end_date_time")
    if einde < begin:
        raise Ongeldig(_("Het veld end_date_time ligt vóór start_date_time."))
    if einde - begin > dt.timedelta(days=31):
        raise Ongeldig(_("Een sessie van meer dan 31 dagen klopt niet (start_date_time, end_date_time)."))
    # A credit CDR may carry negative amounts; its own figures never count.
    credit = _waar(obj.get("credit", False))
    totale_tijd = _getal(obj, "total_time", negatief=credit)
    parkeertijd = _getal(obj, "total_parking_time", verplicht=False, negatief=credit)
    cdr = Cdr(
        cpo=cpo,
        cdr_id=_tekst(obj, "id", 39),
        ocpi_locatie_id=_tekst(obj, "cdr_location.id", 36),
        evse_uid=_tekst(obj, "cdr_location.evse_uid", 36),
        evse_id=_tekst(obj, "cdr_location.evse_id", 48, verplicht=False),
        lat=_coordinaat(obj, "cdr_location.coordinates.latitude"),
        lon=_coordinaat(obj, "cdr_location.coordinates.longitude"),
        begin=begin,
        einde=einde,
        kwh=_getal(obj, "total_energy", negatief=credit),
        totale_tijd_uren=totale_tijd,
        parkeertijd_uren=parkeertijd,
        token_hash=token_hash(_tekst(obj, "cdr_token.uid", 36, verplicht=False)),
        credit=credit,
        credit_reference_id=_tekst(obj, "credit_reference_id", 39, verplicht=credit),
        laatst_bijgewerkt=_tijdstip(obj, "last_updated", verplicht=False),
    )
    laad_uren = max(0.0, float(totale_tijd - parkeertijd))
    delen = dagdelen(begin, einde, laad_uren)
    cdr.dag = delen[0][0]
    return Gelezen(cdr, delen)


def _overlap(a0, a1, b0, b1) -> float:
    return max(0.0, (min(a1, b1) - max(a0, b0)).total_seconds() / 3600)


@functools.lru_cache(maxsize=8192)
def _vensters(dag: dt.date, tijdzone: str, piek: tuple) -> tuple:
    """The local day [start, end) and its peak windows, in UTC (comparing in one zone is much cheaper)."""
    tz = zoneinfo.ZoneInfo(tijdzone)

    def om(d: dt.date, uur: int) -> dt.datetime:
        return dt.datetime.combine(d + dt.timedelta(days=uur // 24), dt.time(uur % 24), tzinfo=tz).astimezone(
            dt.UTC
        )

    return om(dag, 0), om(dag, 24), tuple((om(dag, b), om(dag, e)) for b, e in piek)


def dagdelen(begin: dt.datetime, einde: dt.datetime, laad_uren: float) -> list:
    """[(local day, first?, connected hours, charging hours, peak hours)] for a session. Charging is taken to
    happen first (a car charges on arrival, then stands), within the connected time."""
    tz = _tijdzone()
    begin, einde = begin.astimezone(dt.UTC), einde.astimezone(dt.UTC)
    laad_einde = begin + dt.timedelta(hours=min(laad_uren, (einde - begin).total_seconds() / 3600))
    dag = begin.astimezone(tz).date()
    laatste = max(dag, (einde - dt.timedelta(microseconds=1)).astimezone(tz).date())
    piek_uren = piekuren()
    delen = []
    while dag <= laatste:
        van, tot, pieken = _vensters(dag, settings.TIME_ZONE, piek_uren)
        piek = sum(_overlap(begin, einde, pb, pe) for pb, pe in pieken)
        delen.append(
            (dag, not delen, _overlap(begin, einde, van, tot), _overlap(begin, laad_einde, van, tot), piek)
        )
        dag += dt.timedelta(days=1)
    return delen


# Reading files: streamed, whatever their size.


def lees_json(stroom: io.TextIOBase, blok: int = 1 << 20) -> Iterator:
    """The objects of a JSON list (or of JSON lines) one by one, reading `blok` characters at a time. An
    OCPI envelope ({"data": [...]}) is read whole."""
    decoder = json.JSONDecoder()
    buffer, positie, klaar = "", 0, False
    while True:
        while positie < len(buffer) and buffer[positie] in " \t\r\n,[]":
            positie += 1
        if positie >= len(buffer) or (not klaar and len(buffer) - positie < blok // 2):
            nieuw = stroom.read(blok)
            buffer, positie = buffer[positie:] + nieuw, 0
            if not nieuw:
                klaar = True
                if not buffer.strip(" \t\r\n,[]"):
                    return
            continue
        try:
            obj, einde = decoder.raw_decode(buffer, positie)
        except json.JSONDecodeError as fout:
            if not klaar:
                nieuw = stroom.read(blok)
                if nieuw:
                    buffer, positie = buffer[positie:] + nieuw, 0
                    continue
            logger.info("CDR-bestand is geen geldige JSON: %s", fout)
            raise Ongeldig(
                _(
                    "Het bestand is geen geldige JSON: een OCPI-CDR-object, een lijst ervan of één object per regel."
                )
            ) from fout
        positie = einde
        if isinstance(obj, dict) and "data" in obj and "id" not in obj:
            data = obj["data"]
            yield from data if isinstance(data, list) else [data]
        else:
            yield obj


def lees_csv(stroom: io.TextIOBase) -> Iterator[dict]:
    """CSV rows with OCPI field names as headers (nested ones dotted: cdr_location.evse_uid,
    cdr_location.coordinates.latitude, cdr_token.uid) as nested CDR objects."""
    monster = stroom.read(4096)
    stroom.seek(0)
    scheiding = ";" if monster.count(";") > monster.count(",") else ","
    for rij in csv.DictReader(stroom, delimiter=scheiding):
        obj: dict = {}
        for sleutel, waarde in rij.items():
            if sleutel is None or waarde in (None, ""):
                continue
            doel = obj
            *pad, laatste = sleutel.strip().split(".")
            for deel in pad:
                doel = doel.setdefault(deel, {})
            doel[laatste] = waarde.strip()
        yield obj


def lees_bestand(stroom: io.TextIOBase, naam: str) -> Iterator:
    if naam.lower().endswith(".csv"):
        return lees_csv(stroom)
    return lees_json(stroom)


# Importing.


def _evse_sleutels(cpo) -> tuple[dict, dict]:
    per_uid, per_evse_id = {}, {}
    for pk, uid, evse_id in Laadpunt.objects.filter(cpo=cpo).values_list("pk", "uid", "evse_id"):
        per_uid[uid] = pk
        if evse_id:
            per_evse_id[evse_id] = pk
    return per_uid, per_evse_id


class _Geraakt:
    """The charging points and days whose figures must be summed again."""

    def __init__(self):
        self.per_laadpunt: dict[int, tuple[dt.date, dt.date]] = {}

    def voeg_toe(self, laadpunt_id, van: dt.date, tot: dt.date) -> None:
        if laadpunt_id is None:
            return
        oud = self.per_laadpunt.get(laadpunt_id)
        self.per_laadpunt[laadpunt_id] = (min(oud[0], van), max(oud[1], tot)) if oud else (van, tot)


def importeer(cpo, objecten: Iterable, *, voortgang=None) -> Rapport:
    """Import CDR objects for `cpo`; returns the report. `voortgang()` is called after every batch."""
    rapport = Rapport()
    per_uid, per_evse_id = _evse_sleutels(cpo)
    geraakt = _Geraakt()
    partij: list = []
    for regel, obj in enumerate(objecten, start=1):
        rapport.ontvangen += 1
        try:
            gelezen = lees(obj, cpo)
        except Ongeldig as fout:
            rapport.fout(regel, str(obj.get("id", "")) if isinstance(obj, dict) else "", str(fout))
            continue
        gelezen.cdr.laadpunt_id = per_uid.get(gelezen.cdr.evse_uid) or per_evse_id.get(gelezen.cdr.evse_id)
        partij.append(gelezen)
        if len(partij) >= PARTIJ:
            _sla_op(cpo, partij, rapport, geraakt)
            partij = []
            if voortgang:
                voortgang(rapport)
    if partij:
        _sla_op(cpo, partij, rapport, geraakt)
    herbereken(geraakt.per_laadpunt)
    if voortgang:
        voortgang(rapport)
    return rapport


def _sla_op(cpo, partij: list, rapport: Rapport, geraakt: _Geraakt) -> None:
    for poging in range(3):
        try:
            with transaction.atomic():
                _sla_partij_op(cpo, partij, rapport, geraakt)
            return
        except IntegrityError:
            # Another import stored one of these ids meanwhile: the next try skips it as a duplicate.
            if poging == 2:
                raise


def _sla_partij_op(cpo, partij: list, rapport: Rapport, geraakt: _Geraakt) -> None:
    ids = {g.cdr.cdr_id for g in partij}
    bestaand = set(Cdr.objects.filter(cpo=cpo, cdr_id__in=ids).values_list("cdr_id", flat=True))
    nieuw, gezien = [], set()
    for gelezen in partij:
        cdr_id = gelezen.cdr.cdr_id
        if cdr_id in bestaand or cdr_id in gezien:
            rapport.dubbel += 1
            continue
        gezien.add(cdr_id)
        nieuw.append(gelezen)
    if not nieuw:
        return
    gewone = [g.cdr.cdr_id for g in nieuw if not g.cdr.credit]
    # A credit that arrived before its original: the original is cancelled on arrival.
    al_gecrediteerd = set(
        Cdr.objects.filter(cpo=cpo, credit=True, credit_reference_id__in=gewone).values_list(
            "credit_reference_id", flat=True
        )
    )
    crediteert = {g.cdr.credit_reference_id for g in nieuw if g.cdr.credit}
    for gelezen in nieuw:
        cdr = gelezen.cdr
        if not cdr.credit and (cdr.cdr_id in al_gecrediteerd or cdr.cdr_id in crediteert):
            cdr.geannuleerd = True
            rapport.geannuleerd += 1
    _schrijf(nieuw)
    for gelezen in nieuw:
        cdr = gelezen.cdr
        rapport.nieuw += 1
        rapport.creditering += cdr.credit
        rapport.zonder_laadpunt += cdr.laadpunt_id is None and not cdr.credit
        if not cdr.credit and not cdr.geannuleerd:
            geraakt.voeg_toe(cdr.laadpunt_id, gelezen.delen[0][0], gelezen.delen[-1][0])
    # Originals stored earlier that a credit in this batch cancels.
    nu_gecrediteerd = Cdr.objects.filter(
        cpo=cpo, credit=False, geannuleerd=False, cdr_id__in=crediteert
    ).exclude(cdr_id__in=[g.cdr.cdr_id for g in nieuw])
    for laadpunt_id, begin, einde in nu_gecrediteerd.values_list("laadpunt_id", "begin", "einde"):
        tz = _tijdzone()
        geraakt.voeg_toe(laadpunt_id, begin.astimezone(tz).date(), einde.astimezone(tz).date())
    rapport.geannuleerd += nu_gecrediteerd.update(geannuleerd=True)


def _schrijf(nieuw: list) -> None:
    """Store the CDRs and their day parts: on PostgreSQL with COPY and ids taken from the sequences first (a
    million rows through the ORM's INSERTs would take far longer), elsewhere with bulk_create."""
    if connection.vendor != "postgresql":
        Cdr.objects.bulk_create([g.cdr for g in nieuw], batch_size=PARTIJ)
        Cdrdeel.objects.bulk_create(
            [
                Cdrdeel(
                    cdr=g.cdr,
                    laadpunt_id=g.cdr.laadpunt_id,
                    dag=dag,
                    eerste=eerste,
                    verbonden_uren=verbonden,
                    laad_uren=laden,
                    piek_uren=piek,
                )
                for g in nieuw
                for dag, eerste, verbonden, laden, piek in g.delen
            ],
            batch_size=PARTIJ,
        )
        return
    delen = [
        (g.cdr, dag, eerste, verbonden, laden, piek)
        for g in nieuw
        for dag, eerste, verbonden, laden, piek in g.delen
    ]
    cdr_ids = _volgnummers(Cdr, len(nieuw))
    deel_ids = _volgnummers(Cdrdeel, len(delen))
    for gelezen, pk in zip(nieuw, cdr_ids, strict=True):
        gelezen.cdr.pk = pk
    velden = [f for f in Cdr._meta.concrete_fields]
    kolommen = ", ".join(f.column for f in velden)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {Cdr._meta.db_table} ({kolommen}) FROM STDIN") as copy:
            for gelezen in nieuw:
                copy.write_row([getattr(gelezen.cdr, f.attname) for f in velden])
        with cursor.copy(
            f"COPY {Cdrdeel._meta.db_table} (id, cdr_id, laadpunt_id, dag, eerste, verbonden_uren, laad_uren, "
            "piek_uren) FROM STDIN"
        ) as copy:
            for pk, (cdr, dag, eerste, verbonden, laden, piek) in zip(deel_ids, delen, strict=True):
                copy.write_row((pk, cdr.pk, cdr.laadpunt_id, dag, eerste, verbonden, laden, piek))


def _volgnummers(model, aantal: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, aantal],
        )
        return [rij[0] for rij in cursor.fetchall()]


def herbereken(per_laadpunt: dict[int, tuple[dt.date, dt.date]]) -> None:
    """Sum the daily figures of these charging points over these days again from their CDR parts, by SQL:
    delete the days, INSERT ... SELECT ... GROUP BY (one statement per group of points, on PostgreSQL and
    SQLite alike)."""
    if not per_laadpunt:
        return
    punten = sorted(per_laadpunt)
    tabel = {
        "dag": Laadpuntdag._meta.db_table,
        "deel": Cdrdeel._meta.db_table,
        "cdr": Cdr._meta.db_table,
        "punt": Laadpunt._meta.db_table,
        "locatie": Laadpunt._meta.get_field("locatie").related_model._meta.db_table,
    }
    for start in range(0, len(punten), 500):
        groep = punten[start : start + 500]
        van = min(per_laadpunt[p][0] for p in groep)
        tot = max(per_laadpunt[p][1] for p in groep)
        plaats = ", ".join(["%s"] * len(groep))
        with transaction.atomic():
            Laadpuntdag.objects.filter(laadpunt_id__in=groep, dag__gte=van, dag__lte=tot).delete()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    INSERT INTO {tabel["dag"]}
                        (laadpunt_id, locatie_id, gemeente_id, dag, kwh, sessies, verbonden_uren, laad_uren,
                         piek_uren)
                    SELECT d.laadpunt_id, p.locatie_id, l.gemeente_id, d.dag,
                           SUM(CASE WHEN d.eerste THEN c.kwh ELSE 0 END),
                           SUM(CASE WHEN d.eerste THEN 1 ELSE 0 END),
                           SUM(d.verbonden_uren), SUM(d.laad_uren), SUM(d.piek_uren)
                    FROM {tabel["deel"]} d
                    JOIN {tabel["cdr"]} c ON c.id = d.cdr_id
                    JOIN {tabel["punt"]} p ON p.id = d.laadpunt_id
                    JOIN {tabel["locatie"]} l ON l.id = p.locatie_id
                    WHERE d.laadpunt_id IN ({plaats}) AND d.dag >= %s AND d.dag <= %s
                      AND c.credit = %s AND c.geannuleerd = %s
                    GROUP BY d.laadpunt_id, p.locatie_id, l.gemeente_id, d.dag
                    """,
                    [*groep, van, tot, False, False],
                )


def koppel_zwevende(cpo) -> int:
    """CDRs that matched no charging point, matched again (after a Locations import added EVSEs); the figures
    of the points they now belong to are summed again. Returns how many found their point."""
    zwevend = Cdr.objects.filter(cpo=cpo, laadpunt__isnull=True)
    per_uid = Laadpunt.objects.filter(cpo=cpo, uid=OuterRef("evse_uid")).values("pk")[:1]
    with transaction.atomic():
        aantal = zwevend.filter(evse_uid__in=Laadpunt.objects.filter(cpo=cpo).values("uid")).update(
            laadpunt=Subquery(per_uid)
        )
        if not aantal:
            return 0
        Cdrdeel.objects.filter(laadpunt__isnull=True, cdr__cpo=cpo, cdr__laadpunt__isnull=False).update(
            laadpunt=Subquery(Cdr.objects.filter(pk=OuterRef("cdr_id")).values("laadpunt_id")[:1])
        )
    geraakt = _Geraakt()
    for laadpunt_id, van, tot in _bereik_per_laadpunt(cpo):
        geraakt.voeg_toe(laadpunt_id, van, tot)
    herbereken(geraakt.per_laadpunt)
    return aantal


def _bereik_per_laadpunt(cpo):
    from django.db.models import Max, Min

    return (
        Cdrdeel.objects.filter(cdr__cpo=cpo, laadpunt__isnull=False)
        .values("laadpunt_id")
        .annotate(van=Min("dag"), tot=Max("dag"))
        .values_list("laadpunt_id", "van", "tot")
    )


def importeer_bestand(cpo, pad_of_stroom, naam: str = "", *, voortgang=None) -> Rapport:
    """A JSON or CSV file of CDRs, streamed."""
    if isinstance(pad_of_stroom, str):
        with open(pad_of_stroom, encoding="utf-8-sig", newline="") as stroom:
            return importeer(cpo, lees_bestand(stroom, naam or pad_of_stroom), voortgang=voortgang)
    return importeer(cpo, lees_bestand(pad_of_stroom, naam), voortgang=voortgang)


# An uploaded file: stored first, read in a Celery task with progress, its report kept on the row.


def start_upload(cpo, door, bestand):
    """Store an uploaded CDR file and queue its import; the page polls the row for progress."""
    from plankaart.modellen_verbruik import Cdrimport
    from portal import taken

    naam = (getattr(bestand, "name", "") or "cdrs.json").rsplit("/", 1)[-1][:200]
    if not naam.lower().endswith((".json", ".csv", ".ndjson")):
        from django.core.exceptions import ValidationError

        raise ValidationError({"bestand": _("Lever een JSON- of CSV-bestand met CDR's aan (.json of .csv).")})
    with transaction.atomic():
        upload = Cdrimport(cpo=cpo, door=door, bestandsnaam=naam, grootte=getattr(bestand, "size", 0) or 0)
        upload.bestand.save(naam, bestand, save=False)
        upload.save()

        def plan():
            from plankaart import tasks

            taken.publiceer(tasks.importeer_cdrbestand, upload.pk)

        transaction.on_commit(plan)
    return upload


def verwerk_upload(import_id: int) -> None:
    """Read the file streamed; progress is the share of bytes read. Safe to run twice (idempotent import)."""
    from plankaart.modellen_verbruik import Cdrimport

    with transaction.atomic():
        upload = Cdrimport.objects.select_for_update().get(pk=import_id)
        if upload.status in (Cdrimport.Status.KLAAR, Cdrimport.Status.MISLUKT):
            return
        upload.status = Cdrimport.Status.BEZIG
        upload.save(update_fields=["status"])
    try:
        with upload.bestand.open("rb") as ruw:
            tekst = io.TextIOWrapper(ruw, encoding="utf-8-sig", newline="")

            def voortgang(rapport):
                Cdrimport.objects.filter(pk=upload.pk).update(gelezen=ruw.tell(), rapport=rapport.als_dict())

            rapport = importeer(upload.cpo, lees_bestand(tekst, upload.bestandsnaam), voortgang=voortgang)
    except (Ongeldig, UnicodeDecodeError, csv.Error) as fout:
        # What the CPO reads is Dutch; the decoder's own (English) words go to the log.
        logger.info("CDR-bestand %s niet gelezen: %r", upload.pk, fout)
        Cdrimport.objects.filter(pk=upload.pk).update(
            status=Cdrimport.Status.MISLUKT, fout=_leesfout(fout)[:2000]
        )
        return
    Cdrimport.objects.filter(pk=upload.pk).update(
        status=Cdrimport.Status.KLAAR, rapport=rapport.als_dict(), gelezen=upload.grootte
    )


def _leesfout(fout: Exception) -> str:
    if isinstance(fout, UnicodeDecodeError):
        return _(
            "Het bestand is geen tekst in UTF-8. Sla het op als UTF-8 (CSV of JSON) en lever het opnieuw aan."
        )
    if isinstance(fout, csv.Error):
        return _("De CSV kon niet worden gelezen (bijvoorbeeld een aanhalingsteken dat niet sluit).")
    return str(fout)


def hervat_uploads() -> int:
    """Uploads whose task never ran (broker down at upload time), queued again."""
    import datetime as _dt

    from plankaart import tasks
    from plankaart.modellen_verbruik import Cdrimport
    from portal import klok, taken

    grens = klok.nu() - _dt.timedelta(minutes=5)
    wachtend = list(
        Cdrimport.objects.filter(status=Cdrimport.Status.WACHT, aangemaakt_op__lt=grens).values_list(
            "pk", flat=True
        )
    )
    for pk in wachtend:
        taken.publiceer(tasks.importeer_cdrbestand, pk)
    return len(wachtend)
