"""History cannot be rewritten: the database refuses UPDATE and DELETE, the actor's name stays on the row
when the account is removed, and changes of policies and settings are history with old and new values."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from netaansluiting.models import Bundelbeleid
from portal import historie, servicetermijnen
from portal.models import Concessie, Gebruiker, Servicetermijn, StatusWijziging
from verkeersbesluiten import services as besluitservices
from verkeersbesluiten.models import Verkeersbesluitbeleid

pytestmark = pytest.mark.django_db


@pytest.fixture
def rij(wereld):
    return historie.registreer(wereld.gemeente_a, "test", "a", "b", wereld.gemeente_a_mw, reden="waarom")


def test_de_database_weigert_wijzigen_van_historie(rij):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusWijziging.objects.filter(pk=rij.pk).update(reden="herschreven")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE portal_statuswijziging SET naar = 'x' WHERE id = %s", [rij.pk])
    rij.refresh_from_db()
    assert (rij.reden, rij.naar) == ("waarom", "b")


def test_de_database_weigert_verwijderen_van_historie(rij):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusWijziging.objects.filter(pk=rij.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM portal_statuswijziging")
    assert StatusWijziging.objects.filter(pk=rij.pk).exists()


def test_naam_en_organisatie_blijven_als_het_account_verdwijnt(client, wereld, rij):
    assert (rij.door_naam, rij.organisatie_naam) == ("apeldoorn", "Gemeente Apeldoorn")
    wereld.gemeente_a_mw.delete()
    assert not Gebruiker.objects.filter(email="apeldoorn@example.nl").exists()
    bewaard = historie.historie_van(wereld.gemeente_a).get()
    assert (bewaard.door_id, bewaard.door_naam, bewaard.organisatie_naam) == (
        rij.door_id,
        "apeldoorn",
        "Gemeente Apeldoorn",
    )


def test_beleid_van_de_gemeente_wordt_met_oud_en_nieuw_vastgelegd(wereld):
    wereld.gemeente_a_mw.rol = Gebruiker.Rol.COORDINATOR
    besluitservices.sla_beleid_op(wereld.gemeente_a, wereld.gemeente_a_mw, adviescommissie=True)
    besluitservices.sla_beleid_op(wereld.gemeente_a, wereld.gemeente_a_mw, adviescommissie=False)
    besluitservices.sla_beleid_op(wereld.gemeente_a, wereld.gemeente_a_mw, adviescommissie=False)
    beleid = Verkeersbesluitbeleid.objects.get(gemeente=wereld.gemeente_a)
    rijen = list(historie.historie_van(beleid))
    assert len(rijen) == 2  # the third save changed nothing
    assert rijen[1].gegevens["wijzigingen"] == {"adviescommissie": {"oud": True, "nieuw": False}}
    assert rijen[1].door_naam == "apeldoorn" and rijen[1].transitie == historie.INSTELLING_GEWIJZIGD


def test_wijzigingen_in_de_admin_worden_vastgelegd(admin_client, wereld):
    admin = Gebruiker.objects.get(email="admin@example.com")
    antwoord = admin_client.post(
        "/admin/netaansluiting/bundelbeleid/add/",
        {"netbeheerder": wereld.netbeheerder.pk, "batchgrootte": 80, "wachttijd_werkdagen": 5},
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    beleid = Bundelbeleid.objects.get(netbeheerder=wereld.netbeheerder)
    antwoord = admin_client.post(
        f"/admin/netaansluiting/bundelbeleid/{beleid.pk}/change/",
        {"netbeheerder": wereld.netbeheerder.pk, "batchgrootte": 40, "wachttijd_werkdagen": 5},
    )
    assert antwoord.status_code == 302
    rijen = StatusWijziging.objects.filter(
        content_type=ContentType.objects.get_for_model(Bundelbeleid), object_id=beleid.pk
    )
    assert [r.gegevens["wijzigingen"].get("batchgrootte") for r in rijen] == [
        {"oud": None, "nieuw": 80},
        {"oud": 80, "nieuw": 40},
    ]
    assert {r.door_naam for r in rijen} == {str(admin)}


def test_servicetermijnen_in_de_concessie_worden_vastgelegd(admin_client, wereld):
    concessie = Concessie.objects.get(cpo=wereld.cpo)
    servicetermijnen.vul_aan(concessie)
    termijnen = list(concessie.servicetermijnen.order_by("pk"))
    data = {
        "naam": concessie.naam,
        "cpo": concessie.cpo_id,
        "gemeenten": [g.pk for g in concessie.gemeenten.all()],
        "ingang": concessie.ingang.isoformat(),
        "einde": "",
        "herinnering_werkdagen": concessie.herinnering_werkdagen,
        "maximum_weken": concessie.maximum_weken,
        "servicetermijnen-TOTAL_FORMS": len(termijnen),
        "servicetermijnen-INITIAL_FORMS": len(termijnen),
    }
    for i, termijn in enumerate(termijnen):
        data |= {
            f"servicetermijnen-{i}-id": termijn.pk,
            f"servicetermijnen-{i}-concessie": concessie.pk,
            f"servicetermijnen-{i}-stap": termijn.stap,
            f"servicetermijnen-{i}-dagen": 3 if termijn.stap == "toetsing" else termijn.dagen,
            f"servicetermijnen-{i}-eenheid": termijn.eenheid,
        }
    antwoord = admin_client.post(f"/admin/portal/concessie/{concessie.pk}/change/", data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    toetsing = Servicetermijn.objects.get(concessie=concessie, stap="toetsing")
    rij = historie.historie_van(toetsing).get()
    assert rij.gegevens["wijzigingen"] == {"dagen": {"oud": 5, "nieuw": 3}}
    # Only the changed inline row is recorded.
    assert (
        StatusWijziging.objects.filter(content_type=ContentType.objects.get_for_model(Servicetermijn)).count()
        == 1
    )


def test_flush_leegt_alles_en_zet_de_bewaking_terug(transactional_db, wereld):
    historie.registreer(wereld.gemeente_a, "test", "a", "b", wereld.gemeente_a_mw)
    call_command("flush", interactive=False, verbosity=0)
    assert not StatusWijziging.objects.exists()
    ct = ContentType.objects.get_for_model(Gebruiker)
    rij = StatusWijziging.objects.create(content_type=ct, object_id=1, transitie="test", naar="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusWijziging.objects.filter(pk=rij.pk).update(naar="c")


def test_elk_beleid_in_de_admin_schrijft_zijn_wijzigingen_in_de_historie():
    """Policies and settings an administrator edits (their models are named ...beleid, ...instelling,
    ...voorwaarden, or are the concessie and its terms and the decree lists) keep their changes as history: a
    new policy model whose admin forgets the mixin fails here."""
    from django.contrib import admin as djangoadmin

    from portal.instellingen import MetInstellingshistorie

    instellingen = {
        model._meta.label: beheer
        for model, beheer in djangoadmin.site._registry.items()
        if re.search(r"(beleid|instelling|voorwaarden)$", model.__name__.lower())
        or model.__name__ in {"Concessie", "Servicetermijn", "Gelijkstellingsbesluit"}
    }
    assert {"plankaart.Proactiefinstelling", "aanvragen.Signaalbeleid", "netaansluiting.Bundelbeleid"} <= set(
        instellingen
    )
    zonder = sorted(
        label for label, beheer in instellingen.items() if not isinstance(beheer, MetInstellingshistorie)
    )
    assert zonder == []
