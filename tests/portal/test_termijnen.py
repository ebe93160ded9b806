"""The legal calendar (Algemene termijnenwet) and the term arithmetic, with cases worked out by hand."""

import datetime as dt
import io
import logging

import pytest
from django.core.management import CommandError, call_command

from portal import kalender, termijnen
from portal.models import GelijkgesteldeDag, Gelijkstellingsbesluit

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


# The holidays of art. 3 lid 1 and 2, by rule


@pytest.mark.parametrize(
    ("jaar", "verwacht"),
    [
        (
            2024,
            {
                "2024-03-29": "Goede Vrijdag",
                "2024-04-01": "Tweede Paasdag",
                "2024-05-09": "Hemelvaartsdag",
                "2024-05-20": "Tweede Pinksterdag",
                "2024-04-27": "Koningsdag",
            },
        ),
        (
            2025,
            {
                "2025-04-18": "Goede Vrijdag",
                "2025-04-21": "Tweede Paasdag",
                "2025-05-29": "Hemelvaartsdag",
                "2025-06-09": "Tweede Pinksterdag",
                "2025-04-26": "Koningsdag",
            },
        ),
        (
            2026,
            {
                "2026-04-03": "Goede Vrijdag",
                "2026-04-06": "Tweede Paasdag",
                "2026-05-14": "Hemelvaartsdag",
                "2026-05-25": "Tweede Pinksterdag",
                "2026-04-27": "Koningsdag",
            },
        ),
    ],
)
def test_feestdagen_van_pasen_en_koningsdag(jaar, verwacht):
    dagen = kalender.wettelijke_feestdagen(jaar)
    for datum, naam in verwacht.items():
        assert dagen[D(datum)] == naam
    assert dagen[dt.date(jaar, 1, 1)] == "Nieuwjaarsdag"
    assert (
        dagen[dt.date(jaar, 12, 25)] == "Eerste Kerstdag"
        and dagen[dt.date(jaar, 12, 26)] == "Tweede Kerstdag"
    )
    assert len(dagen) == 9


def test_koningsdag_op_zondag_wordt_zaterdag_ervoor():
    assert kalender.koningsdag(2025) == D("2025-04-26")  # 27 April 2025 is a Sunday
    assert kalender.koningsdag(2031) == D("2031-04-26")
    assert kalender.koningsdag(2026) == D("2026-04-27")
    assert kalender.koningsdag(2006) == D("2006-04-29")  # Koninginnedag, 30 April on a Sunday


def test_vijf_mei_elk_jaar_ook_buiten_lustrumjaren():
    # The `holidays` package only has 5 May in lustrum years; the Atw has it every year.
    for jaar in (2026, 2027, 2028, 2029):
        assert dt.date(jaar, 5, 5) in kalender.wettelijke_feestdagen(jaar)


def test_hemelvaart_op_vijf_mei_is_een_dag_met_twee_namen():
    naam = kalender.wettelijke_feestdagen(2016)[D("2016-05-05")]
    assert "Hemelvaartsdag" in naam and "5 mei" in naam


def test_gelijkgestelde_dagen_uit_het_besluit_zijn_geen_werkdag():
    agenda = kalender.laad()
    for datum in [
        "2024-05-10",
        "2024-12-27",
        "2025-05-30",
        "2026-01-02",
        "2026-05-15",
        "2027-05-07",
        "2028-04-28",
        "2028-05-26",
    ]:
        assert not agenda.is_werkdag(D(datum)), datum
        assert "gelijkgesteld" in agenda.reden_geen_werkdag(D(datum))
    assert agenda.is_werkdag(D("2026-05-13"))  # the Wednesday before Hemelvaartsdag
    assert agenda.jaren_zonder_besluit(range(2023, 2030)) == [2023, 2029]


# The objection term: bekendmaking + 42 days, then past weekends and holidays (Atw art. 1)


@pytest.mark.parametrize(
    ("bekendmaking", "laatste_dag", "waarom"),
    [
        ("2026-06-04", "2026-07-16", "an ordinary Thursday stays"),
        ("2025-06-07", "2025-07-21", "Saturday 19 July → Monday 21 July: weekend"),
        ("2025-03-07", "2025-04-22", "Goede Vrijdag, weekend, Tweede Paasdag: four days on"),
        ("2026-03-16", "2026-04-28", "Koningsdag on a Monday"),
        ("2026-03-24", "2026-05-06", "5 mei in a non-lustrum year"),
        ("2026-04-02", "2026-05-18", "Hemelvaartsdag, the decree Friday after it, weekend"),
        ("2026-04-13", "2026-05-26", "Tweede Pinksterdag"),
        ("2027-03-24", "2027-05-10", "5 mei, Hemelvaartsdag, decree Friday, weekend"),
        ("2026-11-13", "2026-12-28", "both Christmas days and a Sunday"),
        ("2026-11-20", "2027-01-04", "Nieuwjaarsdag on a Friday, over the year end"),
        ("2028-01-18", "2028-02-29", "leap day is an ordinary Tuesday"),
    ],
)
def test_bezwaartermijn(bekendmaking, laatste_dag, waarom):
    uitkomst = termijnen.bezwaartermijn_einde(D(bekendmaking))
    assert uitkomst.datum == D(laatste_dag), waarom
    assert uitkomst.waarschuwingen == []


def test_bezwaartermijn_legt_uit_hoe_hij_verschuift():
    uitkomst = termijnen.bezwaartermijn_einde(D("2025-06-07"))
    assert uitkomst.samenvatting == (
        "42 dagen → zaterdag 19 juli 2025 → verschoven naar maandag 21 juli 2025: weekend"
    )
    tekst = "\n".join(uitkomst.uitleg)
    assert "zondag 8 juni 2025" in tekst  # the term starts the day after bekendmaking
    assert "Algemene termijnenwet art. 1" in tekst


def test_bezwaartermijn_over_kerst_noemt_de_feestdagen():
    assert (
        "Eerste Kerstdag, Tweede Kerstdag, weekend"
        in termijnen.bezwaartermijn_einde(D("2026-11-13")).samenvatting
    )


def test_jaar_zonder_besluit_geeft_een_waarschuwing_en_een_logregel(caplog):
    with caplog.at_level(logging.WARNING, logger="portal.termijnen"):
        uitkomst = termijnen.bezwaartermijn_einde(D("2028-11-20"))  # 42 days: Nieuwjaarsdag 2029
    assert uitkomst.datum == D("2029-01-02")
    assert len(uitkomst.waarschuwingen) == 1 and "2029" in uitkomst.waarschuwingen[0]
    assert "2029" in caplog.text


def test_besluit_dat_de_beheerder_invoert_telt_mee():
    # Without a 2029 decree the Friday after Hemelvaartsdag is a working day, with a warning.
    voor = termijnen.werkdagen_na(D("2029-05-09"), 1)
    assert voor.datum == D("2029-05-11") and voor.waarschuwingen
    besluit = Gelijkstellingsbesluit.objects.create(jaar=2029)
    GelijkgesteldeDag.objects.create(
        besluit=besluit, datum=D("2029-05-11"), omschrijving="vrijdag na Hemelvaartsdag"
    )
    na = termijnen.werkdagen_na(D("2029-05-09"), 1)
    assert na.datum == D("2029-05-14") and na.waarschuwingen == []


def test_besluit_zonder_dagen_telt_als_geladen():
    Gelijkstellingsbesluit.objects.create(jaar=2029)
    assert termijnen.bezwaartermijn_einde(D("2029-03-01")).waarschuwingen == []


# Working days: Monday to Friday minus holidays; the start day never counts


@pytest.mark.parametrize(
    ("vanaf", "aantal", "verwacht"),
    [
        ("2026-11-23", 1, "2026-11-24"),  # Monday → Tuesday
        ("2026-11-21", 1, "2026-11-23"),  # from a Saturday: Monday is the first
        ("2026-11-20", 0, "2026-11-20"),
        ("2026-04-24", 5, "2026-05-04"),  # Koningsdag skipped
        ("2026-05-01", 3, "2026-05-07"),  # 5 mei skipped
        ("2026-05-13", 1, "2026-05-18"),  # Hemelvaartsdag and the decree Friday
        ("2025-12-31", 3, "2026-01-07"),  # Nieuwjaarsdag and 2 January 2026 (decree)
        ("2028-02-28", 1, "2028-02-29"),  # leap day
        ("2026-01-05", -3, "2025-12-29"),  # backwards, over the same holidays
    ],
)
def test_werkdagen(vanaf, aantal, verwacht):
    assert termijnen.werkdagen_na(D(vanaf), aantal).datum == D(verwacht)


def test_werkdagen_noemen_overgeslagen_feestdagen():
    uitkomst = termijnen.werkdagen_na(D("2025-12-31"), 3)
    assert "Nieuwjaarsdag" in " ".join(uitkomst.uitleg)
    assert uitkomst.samenvatting == "3 werkdagen na woensdag 31 december 2025 → woensdag 7 januari 2026"


def test_werkdagen_tot_na_de_geladen_jaren_waarschuwen():
    assert any("2029" in w for w in termijnen.werkdagen_na(D("2028-12-28"), 5).waarschuwingen)


def test_kalenderdagen_tellen_alles_mee():
    assert termijnen.kalenderdagen_na(D("2026-12-24"), 5).datum == D("2026-12-29")


# The command others rely on (DESIGN.md section 6)


def _termijn(*args) -> tuple[str, str]:
    uit, fout = io.StringIO(), io.StringIO()
    call_command("termijn", *args, stdout=uit, stderr=fout)
    return uit.getvalue(), fout.getvalue()


def test_commando_bezwaar_drukt_alleen_de_datum_af():
    assert _termijn("bezwaar", "--bekendmaking", "2025-03-07") == ("2025-04-22\n", "")


def test_commando_werkdagen_drukt_alleen_de_datum_af():
    assert _termijn("werkdagen", "--vanaf", "2026-04-24", "--aantal", "5")[0] == "2026-05-04\n"


def test_commando_met_uitleg_en_waarschuwing_op_stderr():
    uit, fout = _termijn("bezwaar", "--bekendmaking", "2028-11-20", "--uitleg")
    assert uit == "2029-01-02\n"
    assert "Nieuwjaarsdag" in fout and "2029" in fout


@pytest.mark.parametrize(
    "args",
    [
        ("bezwaar", "--bekendmaking", "2026-13-01"),
        ("bezwaar", "--bekendmaking", "5 juni"),
        ("werkdagen", "--vanaf", "2026-01-01"),
        ("werkdagen", "--vanaf", "2026-01-01", "--aantal", "vijf"),
        ("vakantie",),
    ],
)
def test_commando_weigert_onzin_met_een_duidelijke_fout(args):
    with pytest.raises(CommandError):
        _termijn(*args)


def test_datum_lang_per_taal_en_een_tijdstip_op_zijn_eigen_dag():
    """datum_lang keeps each date's text per language; a datetime is written on its own day, never from the
    text kept for an equal instant in another zone."""
    import zoneinfo

    from django.utils import translation

    from portal.termijnen import datum_lang

    assert datum_lang(dt.date(2025, 7, 19)) == "zaterdag 19 juli 2025"
    with translation.override("en"):
        assert datum_lang(dt.date(2025, 7, 19)) == "Saturday 19 July 2025"
    assert datum_lang(dt.date(2025, 7, 19)) == "zaterdag 19 juli 2025"
    utc = dt.datetime(2025, 7, 19, 23, 30, tzinfo=dt.UTC)
    amsterdam = utc.astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam"))
    assert utc == amsterdam
    assert datum_lang(utc) == "zaterdag 19 juli 2025"
    assert datum_lang(amsterdam) == "zondag 20 juli 2025"
