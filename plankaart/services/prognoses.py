"""The provincie's charging-demand forecast: upload (CSV or XLSX), a dry run that says per row what would
happen and why, then applying it as a new version that keeps the old rows.

Columns: gemeentecode (CBS, GM0200), jaar, scenario (laag/midden/hoog, default midden), laadpunten_nodig,
optional wijkcode (WK) and buurtcode (BU)."""

from __future__ import annotations

import csv
import io
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from plankaart.modellen_proactief import Prognose, Prognoseimport, Scenario
from portal import klok, rechten, toegang
from portal.models import Organisatie
from portal.rechten import Recht

MAX_BYTES = 5 * 1024 * 1024
MAX_RIJEN = 20000
KOLOMMEN = ("gemeentecode", "jaar", "scenario", "laadpunten_nodig", "wijkcode", "buurtcode")
VERPLICHT = ("gemeentecode", "jaar", "laadpunten_nodig")

TOEGEVOEGD, GEWIJZIGD, ONGEWIJZIGD, GEWEIGERD = "toegevoegd", "gewijzigd", "ongewijzigd", "geweigerd"


def controleer_provincie(door) -> Organisatie:
    """403 for anyone but a provincie's staff with the right to import forecasts."""
    if not toegang.is_provincie(door):
        raise PermissionDenied(_("Alleen een provincie importeert een prognose."))
    organisatie = door.organisatie
    if not rechten.heeft(door, Recht.PROGNOSE_IMPORTEREN):
        raise PermissionDenied(rechten.ontbrekende_rol(door, Recht.PROGNOSE_IMPORTEREN))
    return organisatie


def lees_bestand(naam: str, inhoud: bytes) -> list[dict]:
    """Rows as dicts with lower-case keys. CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX."""
    if len(inhoud) > MAX_BYTES:
        raise ValidationError({"bestand": _("Het bestand is groter dan 5 MB.")})
    if naam.lower().endswith(".xlsx"):
        import openpyxl

        try:
            boek = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
        except Exception as fout:  # noqa: BLE001 - any unreadable workbook is the same error to the user
            raise ValidationError({"bestand": _("Dit is geen leesbaar Excel-bestand (.xlsx).")}) from fout
        blad = boek.worksheets[0]
        regels = [["" if c is None else str(c) for c in rij] for rij in blad.iter_rows(values_only=True)]
        boek.close()
    elif naam.lower().endswith(".csv"):
        try:
            tekst = inhoud.decode("utf-8-sig")
        except UnicodeDecodeError as fout:
            raise ValidationError({"bestand": _("Het CSV-bestand is niet in UTF-8 opgeslagen.")}) from fout
        scheiding = ";" if tekst.split("\n", 1)[0].count(";") > tekst.split("\n", 1)[0].count(",") else ","
        regels = list(csv.reader(io.StringIO(tekst), delimiter=scheiding))
    else:
        raise ValidationError({"bestand": _("Kies een CSV- of Excel-bestand (.csv of .xlsx).")})
    regels = [r for r in regels if any(str(c).strip() for c in r)]
    if not regels:
        raise ValidationError({"bestand": _("Het bestand is leeg.")})
    kop = [str(k).strip().lower() for k in regels[0]]
    ontbreekt = [k for k in VERPLICHT if k not in kop]
    if ontbreekt:
        raise ValidationError(
            {"bestand": _("Deze kolommen ontbreken: %(kolommen)s.") % {"kolommen": ", ".join(ontbreekt)}}
        )
    if len(regels) - 1 > MAX_RIJEN:
        raise ValidationError({"bestand": _("Hoogstens %(n)d rijen per bestand.") % {"n": MAX_RIJEN}})
    return [
        {k: str(rij[i]).strip() if i < len(rij) else "" for i, k in enumerate(kop) if k in KOLOMMEN}
        for rij in regels[1:]
    ]


def _geheel_getal(tekst: str) -> int | None:
    tekst = tekst.strip()
    if re.fullmatch(r"-?\d+(\.0+)?", tekst):
        return int(float(tekst))
    return None


def controleer(provincie: Organisatie, rijen: list[dict]) -> list[dict]:
    """The dry run: per row what applying it would do (toegevoegd, gewijzigd, ongewijzigd) or why it is
    refused (unknown gemeente, not in this provincie, duplicate, negative, bad year or scenario)."""
    codes = {
        g.cbs_code: g
        for g in Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE).exclude(cbs_code="")
    }
    huidig = {
        (p.gemeente_id, p.jaar, p.scenario, p.wijkcode, p.buurtcode): p.laadpunten_nodig
        for p in Prognose.objects.filter(provincie=provincie, vervangen_op__isnull=True)
    }
    gezien = {}
    rapport = []
    for nummer, rij in enumerate(rijen, start=2):
        uit = {"rij": nummer, **{k: rij.get(k, "") for k in KOLOMMEN}}
        redenen = []
        code = rij.get("gemeentecode", "").upper().removeprefix("GM")
        gemeente = codes.get(code.zfill(4)) if code.isdigit() else None
        if gemeente is None:
            redenen.append(
                _("onbekende gemeente %(code)s (gebruik de CBS-code, bijv. GM0200)")
                % {"code": rij.get("gemeentecode") or "—"}
            )
        elif gemeente.provincie_id != provincie.pk:
            redenen.append(_("%(gemeente)s ligt niet in deze provincie") % {"gemeente": gemeente.naam})
        jaar = _geheel_getal(rij.get("jaar", ""))
        if jaar is None or not 2000 <= jaar <= 2100:
            redenen.append(_("jaar is geen jaartal"))
        scenario = (rij.get("scenario") or Scenario.MIDDEN).lower()
        if scenario not in Scenario.values:
            redenen.append(_("scenario moet laag, midden of hoog zijn"))
        aantal = _geheel_getal(rij.get("laadpunten_nodig", ""))
        if aantal is None:
            redenen.append(_("laadpunten_nodig is geen geheel getal"))
        elif aantal < 0:
            redenen.append(_("laadpunten_nodig is negatief"))
        wijk, buurt = rij.get("wijkcode", "").upper(), rij.get("buurtcode", "").upper()
        if wijk and not re.fullmatch(r"WK\d{6}", wijk):
            redenen.append(_("wijkcode heeft de vorm WK020001"))
        if buurt and not re.fullmatch(r"BU\d{8}", buurt):
            redenen.append(_("buurtcode heeft de vorm BU02000101"))
        if not redenen:
            sleutel = (gemeente.pk, jaar, scenario, wijk, buurt)
            if sleutel in gezien:
                redenen.append(
                    _("dubbel: dezelfde gemeente, jaar, scenario en gebied als rij %(rij)d")
                    % {"rij": gezien[sleutel]}
                )
            else:
                gezien[sleutel] = nummer
        if redenen:
            uit.update(uitkomst=GEWEIGERD, reden="; ".join(redenen))
        else:
            oud = huidig.get(sleutel)
            uit.update(
                gemeente_id=gemeente.pk,
                gemeente=gemeente.naam,
                jaar=jaar,
                scenario=scenario,
                wijkcode=wijk,
                buurtcode=buurt,
                laadpunten_nodig=aantal,
                uitkomst=TOEGEVOEGD if oud is None else (ONGEWIJZIGD if oud == aantal else GEWIJZIGD),
                reden="" if oud is None or oud == aantal else _("was %(oud)d") % {"oud": oud},
            )
        rapport.append(uit)
    return rapport


def _tel(rapport: list[dict]) -> dict:
    return {
        s: sum(r["uitkomst"] == s for r in rapport) for s in (TOEGEVOEGD, GEWIJZIGD, ONGEWIJZIGD, GEWEIGERD)
    }


def start_import(door, naam: str, inhoud: bytes) -> Prognoseimport:
    """Check an uploaded forecast (dry run); nothing changes until `pas_toe`."""
    provincie = controleer_provincie(door)
    rapport = controleer(provincie, lees_bestand(naam, inhoud))
    return Prognoseimport.objects.create(
        provincie=provincie, door=door, bestandsnaam=naam[:200], rapport=rapport, aantallen=_tel(rapport)
    )


def pas_toe(prognoseimport: Prognoseimport, door) -> Prognoseimport:
    """Apply a checked import as a new version: added and changed rows become current, a changed row's old
    version is kept with `vervangen_op`. Refused rows are skipped. The report is checked again under the
    lock, so a forecast applied in between is compared with what is current now."""
    provincie = controleer_provincie(door)
    with transaction.atomic():
        imp = Prognoseimport.objects.select_for_update().get(pk=prognoseimport.pk)
        if imp.provincie_id != provincie.pk:
            raise PermissionDenied(_("Deze import is van een andere provincie."))
        if imp.status == Prognoseimport.Status.TOEGEPAST:
            raise ValidationError({"import": _("Deze import is al toegepast.")})
        rijen = [{k: str(r.get(k, "")) for k in KOLOMMEN} for r in imp.rapport]
        rapport = controleer(provincie, rijen)
        for oud, nieuw in zip(imp.rapport, rapport, strict=True):
            nieuw["rij"] = oud["rij"]
        versie = (Prognose.objects.filter(provincie=provincie).aggregate(m=Max("versie"))["m"] or 0) + 1
        nu = klok.nu()
        for rij in rapport:
            if rij["uitkomst"] not in (TOEGEVOEGD, GEWIJZIGD):
                continue
            Prognose.objects.filter(
                gemeente_id=rij["gemeente_id"],
                jaar=rij["jaar"],
                scenario=rij["scenario"],
                wijkcode=rij["wijkcode"],
                buurtcode=rij["buurtcode"],
                vervangen_op__isnull=True,
            ).update(vervangen_op=nu)
            Prognose.objects.create(
                provincie=provincie,
                gemeente_id=rij["gemeente_id"],
                jaar=rij["jaar"],
                scenario=rij["scenario"],
                wijkcode=rij["wijkcode"],
                buurtcode=rij["buurtcode"],
                laadpunten_nodig=rij["laadpunten_nodig"],
                versie=versie,
                prognoseimport=imp,
                aangemaakt_op=nu,
            )
        imp.rapport, imp.aantallen = rapport, _tel(rapport)
        imp.status, imp.versie, imp.toegepast_op = Prognoseimport.Status.TOEGEPAST, versie, nu
        imp.save()
    return imp
