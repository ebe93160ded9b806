"""The netbeheerder's volume work: one step for many connections at once (from the batch page or a CSV of
steps). The batch page's steps (SAMEN_TE_ZETTEN) go through netbeheerderstap_voor_velen: the checks, history
rows and terms of a single step each, written together so 80 connections cost the queries of a few, with one
message per CPO instead of one per connection. The CSV, whose lines differ, takes the single step per line.

Each connection runs in a savepoint of its own: one that fails (a date that contradicts its plan, a state that
moved on) is reported by number with the reason and leaves the others done. A dry run (`proef=True`) runs every
row the same way and then rolls the whole transaction back: what it reports is what a real run would do, and
nothing is kept or sent (messages go out on commit only)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netaansluiting.models import Netaansluiting
from netaansluiting.services.netbeheerder import (
    GEVOLGEN_VOOR_VELEN,
    NETBEHEERDERSTAPPEN,
    netbeheerderstap,
    netbeheerderstap_voor_velen,
)
from portal import csvexport, transities

# The steps that make sense for many connections with the same data; the EAN is one per connection, so
# "aansluiten" comes through the CSV only.
SAMEN_TE_ZETTEN = tuple(GEVOLGEN_VOOR_VELEN)
CSV_KOLOMMEN = ("nummer", "stap", "datum", "aannemer", "ean", "kenmerk", "reden")
MAX_CSV_REGELS = 2000
# Which CSV column feeds which field of each step.
_CSV_VELDEN = {
    "registreren": {"kenmerk_netbeheerder": "kenmerk"},
    "netcheck_goedkeuren": {"werkvoorbereiding_gereed_op": "datum"},
    "netcheck_afkeuren": {"afkeurreden": "reden"},
    "opdracht_verstrekken": {"aannemer": "aannemer", "aansluiting_gepland_op": "datum"},
    "aansluiten": {"aangesloten_op": "datum", "ean": "ean"},
}


@dataclass
class Uitkomst:
    gelukt: list[str] = field(default_factory=list)
    fouten: list[tuple[str, str]] = field(default_factory=list)  # (number or line, reason)
    proef: bool = False


def _reden(fout: Exception) -> str:
    if isinstance(fout, ValidationError):
        if hasattr(fout, "error_dict"):
            return " ".join(m for berichten in fout.message_dict.values() for m in berichten)
        return " ".join(fout.messages)
    if isinstance(fout, transities.GeenRecht):
        return fout.reden or _("Deze stap mag u bij deze aansluiting niet zetten.")
    if isinstance(fout, transities.NietToegestaan):
        return _("Deze stap kan niet vanuit de huidige status van de aansluiting.")
    return str(fout)


def _een(
    aansluiting: Netaansluiting, naam: str, door, velden: dict, uitkomst: Uitkomst, sleutel: str
) -> None:
    try:
        with transaction.atomic():
            netbeheerderstap(aansluiting, naam, door, **velden)
    except (ValidationError, PermissionDenied, transities.GeenRecht, transities.NietToegestaan) as fout:
        uitkomst.fouten.append((sleutel, _reden(fout)))
    else:
        uitkomst.gelukt.append(aansluiting.nummer)


def stap_voor_velen(aansluitingen, naam: str, door, **velden) -> Uitkomst:
    """Step `naam` with the same fields for each connection (already scoped to what `door` may see)."""
    if naam not in NETBEHEERDERSTAPPEN:
        raise ValidationError({"stap": _("Kies een stap.")})
    uitkomst = Uitkomst()
    if naam not in GEVOLGEN_VOOR_VELEN:
        with transaction.atomic():
            for aansluiting in aansluitingen:
                _een(aansluiting, naam, door, dict(velden), uitkomst, aansluiting.nummer)
        return uitkomst
    gezet, fouten = netbeheerderstap_voor_velen(aansluitingen, naam, door, **velden)
    uitkomst.gelukt = sorted(aansluiting.nummer for aansluiting in gezet)
    uitkomst.fouten = sorted((aansluiting.nummer, _reden(fout)) for aansluiting, fout in fouten)
    return uitkomst


def stappen_uit_csv(bestand, zichtbaar, door, *, proef: bool) -> Uitkomst:
    """A CSV of steps (columns nummer;stap;datum;aannemer;ean;kenmerk;reden, dates as YYYY-MM-DD or
    DD-MM-YYYY), one line per connection and step, in the order given. `zichtbaar` is the caller's scoped
    queryset of connections: a number outside it is reported as unknown."""
    tekst = _lees(bestand)
    lezer = csv.DictReader(io.StringIO(tekst), dialect=_dialect(tekst))
    kolommen = {(k or "").strip().lower() for k in (lezer.fieldnames or [])}
    if not {"nummer", "stap"} <= kolommen:
        raise ValidationError(
            {"bestand": _("De CSV mist de kolommen 'nummer' en 'stap' (met een kopregel).")}
        )
    regels = []
    for regel in lezer:
        regels.append(
            {(k or "").strip().lower(): csvexport.herstel((v or "").strip()) for k, v in regel.items()}
        )
        if len(regels) > MAX_CSV_REGELS:
            raise ValidationError(
                {"bestand": _("De CSV heeft meer dan %(max)d regels; splits hem.") % {"max": MAX_CSV_REGELS}}
            )
    gevonden = {a.nummer: a for a in zichtbaar.filter(nummer__in=[r.get("nummer", "") for r in regels])}
    uitkomst = Uitkomst(proef=proef)
    with transaction.atomic():
        for regelnummer, regel in enumerate(regels, start=2):
            sleutel = _("regel %(n)d (%(nummer)s)") % {"n": regelnummer, "nummer": regel.get("nummer") or "—"}
            aansluiting = gevonden.get(regel.get("nummer", ""))
            naam = regel.get("stap", "")
            if aansluiting is None:
                uitkomst.fouten.append((sleutel, _("Onbekend nummer, of niet een aansluiting van u.")))
                continue
            if naam not in _CSV_VELDEN:
                uitkomst.fouten.append(
                    (
                        sleutel,
                        _("Onbekende stap; kies uit: %(stappen)s.") % {"stappen": ", ".join(_CSV_VELDEN)},
                    )
                )
                continue
            try:
                velden = {
                    veld: _waarde(veld, regel.get(kolom, "")) for veld, kolom in _CSV_VELDEN[naam].items()
                }
            except ValidationError as fout:
                uitkomst.fouten.append((sleutel, _reden(fout)))
                continue
            aansluiting.refresh_from_db()  # an earlier line may have moved it on
            _een(aansluiting, naam, door, velden, uitkomst, sleutel)
        if proef:
            transaction.set_rollback(True)
    return uitkomst


def _lees(bestand) -> str:
    inhoud = bestand.read()
    if isinstance(inhoud, bytes):
        for codering in ("utf-8-sig", "cp1252"):
            try:
                return inhoud.decode(codering)
            except UnicodeDecodeError:
                continue
        raise ValidationError({"bestand": _("De CSV is geen tekst in UTF-8 of Windows-1252.")})
    return inhoud


def _dialect(tekst: str):
    eerste = tekst.split("\n", 1)[0]
    return "excel" if eerste.count(",") > eerste.count(";") else _Puntkomma


class _Puntkomma(csv.excel):
    delimiter = ";"


def _waarde(veld: str, tekst: str):
    if not veld.endswith("_op"):
        return tekst
    if not tekst:
        return None
    for vorm in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(tekst, vorm).date()
        except ValueError:
            continue
    raise ValidationError(
        {veld: _("'%(tekst)s' is geen datum (JJJJ-MM-DD of DD-MM-JJJJ).") % {"tekst": tekst}}
    )


def batch_als_csv(regels, uit) -> None:
    """The connections of a batch as CSV, in the same columns the step upload reads (plus what to know)."""
    schrijver = csvexport.writer(uit, delimiter=";")
    schrijver.writerow(
        [
            "nummer",
            "stap",
            "datum",
            "aannemer",
            "ean",
            "kenmerk",
            "reden",
            "status",
            "locatie",
            "gemeente",
            "postcode",
            "huisnummer",
            "capaciteit",
            "werkvoorbereiding_gereed_op",
            "aansluiting_gepland_op",
            "aangesloten_op",
        ]
    )
    for regel in regels:
        a = regel.netaansluiting
        schrijver.writerow(
            [
                a.nummer,
                "",
                "",
                a.aannemer,
                a.ean,
                a.kenmerk_netbeheerder,
                "",
                a.get_status_display(),
                a.locatie.omschrijving,
                a.gemeente.naam,
                getattr(a, "postcode", ""),
                getattr(a, "huisnummer", "") or "",
                a.capaciteit,
                a.werkvoorbereiding_gereed_op or "",
                a.aansluiting_gepland_op or "",
                a.aangesloten_op or "",
            ]
        )
