"""Follow-up is declared once: every location state maps to a request stage (or to 'no longer serves') and to
a place on the map (or explicitly none), and the services leave the moving of requests to plankaart.volgen."""

import importlib
import inspect
import pkgutil

import pytest

from aanvragen.models import Aanvraag
from netaansluiting import services as netaansluitingservices
from plankaart import kaart, volgen
from plankaart import services as plankaartservices
from plankaart.models import Locatie
from verkeersbesluiten import services as besluitservices


def test_elke_locatiestatus_heeft_een_fase_voor_haar_aanvragen():
    assert set(volgen.FASE) == set(Locatie.Status)
    assert {f for f in volgen.FASE.values() if f} <= set(Aanvraag.MET_LOCATIE) | {Aanvraag.Status.GEREALISEERD}


def test_een_onbekende_status_valt_op_in_plaats_van_aanvragen_los_te_koppelen():
    with pytest.raises(KeyError):
        volgen.fase_van(Locatie(status="nieuwe_status_zonder_fase"))


def test_elke_locatiestatus_staat_in_de_legenda_of_bewust_niet_op_de_kaart():
    op_de_kaart = set(kaart.PER_STATUS)
    assert op_de_kaart.isdisjoint(kaart.NIET_OP_DE_KAART)
    assert op_de_kaart | set(kaart.NIET_OP_DE_KAART) == set(Locatie.Status)
    assert len(kaart.PER_STATUS) == sum(len(c.statussen) for c in kaart.CATEGORIEEN)  # no status twice


def modules_van(pakket):
    return [importlib.import_module(f"{pakket.__name__}.{m.name}") for m in pkgutil.iter_modules(pakket.__path__)]


@pytest.mark.parametrize("pakket", [plankaartservices, besluitservices, netaansluitingservices])
def test_diensten_verplaatsen_aanvragen_niet_zelf(pakket):
    modules = modules_van(pakket)
    assert len(modules) >= 4  # the walk reads the case modules, not just the package's exports
    for module in modules:
        bron = inspect.getsource(module)
        assert "volg(" not in bron and "locatie_volgen" not in bron and "locatie_vervalt" not in bron, module


def test_wie_volgt_er(wereld):
    from netaansluiting.models import Netaansluiting, Realisatie
    from verkeersbesluiten.models import Verkeersbesluit

    locatie = Locatie(gemeente=wereld.gemeente_a)
    assert volgen.locatie_die_volgt(locatie) is locatie
    assert volgen.locatie_die_volgt(Netaansluiting(locatie=locatie)) is locatie
    assert volgen.locatie_die_volgt(Realisatie(locatie=locatie)) is locatie
    assert volgen.locatie_die_volgt(Verkeersbesluit()) is None  # its locations take their own steps
    assert volgen.locatie_die_volgt(Aanvraag()) is None
