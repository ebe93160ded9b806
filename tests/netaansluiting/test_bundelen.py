"""Batches of at most 80 (seed 000): formed by the portal itself, a full one sent at once, a partial one after
the netbeheerder's wait, the E-rijder lane on its own; a connection in at most one running batch."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from netaansluiting import services
from netaansluiting.models import Batch, Batchregel, Bundelbeleid, Netaansluiting
from portal import historie, transities
from portal.models import Bericht
from tests.netaansluiting.conftest import D, om

pytestmark = pytest.mark.django_db
S = Netaansluiting.Status


def bundel(datum="2026-04-14"):
    with om(datum, 12):
        return services.bundel()


def test_79_wachtende_aansluitingen_blijven_in_een_open_batch(wereld, proactief):
    proactief(79)
    assert bundel() == {"gebundeld": 79, "verzonden": 0, "fouten": 0}
    batch = Batch.objects.get()
    assert batch.status == Batch.Status.OPEN and batch.regels.count() == 79
    assert batch.verzenden_uiterlijk == D("2026-04-21")  # 5 working days after 14 April
    assert set(Netaansluiting.objects.values_list("status", flat=True)) == {S.TE_BUNDELEN}
    assert not Bericht.objects.filter(ontvanger=wereld.netbeheerder_mw).exists()


def test_80_wachtende_aansluitingen_gaan_meteen_als_volle_batch(wereld, proactief):
    proactief(80)
    assert bundel() == {"gebundeld": 80, "verzonden": 1, "fouten": 0}
    batch = Batch.objects.get()
    assert batch.status == Batch.Status.VERZONDEN and batch.regels.count() == 80
    aansluitingen = Netaansluiting.objects.all()
    assert {a.status for a in aansluitingen} == {S.AANGEVRAAGD}
    # The netbeheerder's term starts when the request goes out: 30 days to the order to the contractor.
    assert {(a.termijn_uiterlijk, a.termijn_organisatie) for a in aansluitingen} == {
        (D("2026-05-14"), wereld.netbeheerder)
    }
    (bericht,) = Bericht.objects.filter(ontvanger=wereld.netbeheerder_mw)
    assert batch.nummer in bericht.onderwerp and "80 aanvragen" in bericht.onderwerp and bericht.per_email


def test_81_wachtende_aansluitingen_een_volle_batch_en_een_open_met_de_jongste(wereld, proactief):
    aansluitingen = proactief(81)
    assert bundel() == {"gebundeld": 81, "verzonden": 1, "fouten": 0}
    vol = Batch.objects.get(status=Batch.Status.VERZONDEN)
    open_ = Batch.objects.get(status=Batch.Status.OPEN)
    assert vol.regels.count() == 80
    assert [r.netaansluiting_id for r in open_.regels.all()] == [aansluitingen[-1].pk]  # oldest go first


def test_een_open_batch_gaat_na_de_wachttijd_weg_ook_als_hij_niet_vol_is(wereld, proactief):
    proactief(3)
    bundel("2026-04-14")
    assert bundel("2026-04-20")["verzonden"] == 0  # four working days: still waiting
    assert Batch.objects.get().status == Batch.Status.OPEN
    assert bundel("2026-04-21")["verzonden"] == 1
    assert Batch.objects.get().status == Batch.Status.VERZONDEN
    assert set(Netaansluiting.objects.values_list("status", flat=True)) == {S.AANGEVRAAGD}


def test_nieuwe_aansluitingen_vullen_de_open_batch_aan(wereld, proactief):
    proactief(50)
    bundel("2026-04-14")
    proactief(40, datum="2026-04-16")
    assert bundel("2026-04-16") == {"gebundeld": 40, "verzonden": 1, "fouten": 0}
    assert Batch.objects.get(status=Batch.Status.VERZONDEN).regels.count() == 80
    rest = Batch.objects.get(status=Batch.Status.OPEN)
    assert rest.regels.count() == 10 and rest.verzenden_uiterlijk == D("2026-04-23")


def test_aanvragen_van_erijders_gaan_meteen_in_een_eigen_batch(wereld, definitief, proactief):
    paren = definitief(2)
    proactief(2)
    assert bundel()["verzonden"] == 1
    erijders = Batch.objects.get(erijders=True)
    assert erijders.status == Batch.Status.VERZONDEN
    assert {r.netaansluiting.locatie_id for r in erijders.regels.all()} == {p.pk for p, _ in paren}
    assert Batch.objects.get(erijders=False).status == Batch.Status.OPEN


def test_erijders_wachten_mee_als_de_netbeheerder_dat_wil(wereld, definitief, proactief):
    Bundelbeleid.objects.create(netbeheerder=wereld.netbeheerder, erijders_direct=False, batchgrootte=10)
    definitief(2)
    proactief(21)
    assert bundel() == {"gebundeld": 23, "verzonden": 2, "fouten": 0}
    assert sorted(b.regels.count() for b in Batch.objects.all()) == [3, 10, 10]
    assert not Batch.objects.filter(erijders=True).exists()


def test_een_aansluiting_staat_in_hoogstens_een_lopende_batch(wereld, proactief):
    (aansluiting,) = proactief(1)
    bundel()
    batch = Batch.objects.get()
    ander = Batch.objects.create(
        nummer="NB-TEST-1",
        netbeheerder=wereld.netbeheerder,
        cpo=wereld.cpo,
        erijders=True,
        verzenden_uiterlijk=D("2026-05-01"),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Batchregel.objects.create(batch=ander, netaansluiting=aansluiting)
    # Once its batch is done the row is no longer running; the history of batches stays.
    Batchregel.objects.filter(batch=batch).update(lopend=False)
    Batchregel.objects.create(batch=ander, netaansluiting=aansluiting)


def test_verzenden_gebeurt_eenmaal_hoe_vaak_de_ronde_ook_draait(wereld, proactief):
    proactief(80)
    bundel()
    assert bundel() == {"gebundeld": 0, "verzonden": 0, "fouten": 0}
    batch = Batch.objects.get()
    assert [h.transitie for h in historie.historie_van(batch)] == ["openen", "verzenden"]
    assert Bericht.objects.filter(ontvanger=wereld.netbeheerder_mw).count() == 1
    eerste = Netaansluiting.objects.first()
    assert [h.transitie for h in historie.historie_van(eerste)] == ["aanmaken", "aanvragen"]
    with om("2026-04-15"):
        assert (
            services._verstuur(batch, None).status == Batch.Status.VERZONDEN
        )  # a second send changes nothing
    assert Bericht.objects.filter(ontvanger=wereld.netbeheerder_mw).count() == 1


def test_de_cpo_verstuurt_een_open_batch_meteen_de_netbeheerder_niet(wereld, proactief):
    proactief(5)
    bundel()
    batch = Batch.objects.get()
    with pytest.raises(transities.GeenRecht):
        services.verstuur(batch, wereld.netbeheerder_mw)
    with pytest.raises(transities.GeenRecht):
        services.verstuur(batch, wereld.cpo_ander_mw)
    with om("2026-04-15"):
        batch = services.verstuur(batch, wereld.cpo_mw)
    assert batch.status == Batch.Status.VERZONDEN
    with pytest.raises(transities.NietToegestaan):
        services.verstuur(batch, wereld.cpo_mw)


def test_een_batch_is_afgerond_als_elke_aansluiting_klaar_is(wereld, proactief):
    from tests.netaansluiting.conftest import ean, tot_opdracht

    aansluitingen = proactief(2)
    bundel()
    with om("2026-04-15"):
        services.verstuur(Batch.objects.get(), wereld.cpo_mw)
    eerste, tweede = (Netaansluiting.objects.get(pk=a.pk) for a in aansluitingen)
    with om("2026-04-20"):
        services.netbeheerderstap(eerste, "netcheck_afkeuren", wereld.netbeheerder_mw, afkeurreden="Vol.")
    assert Batch.objects.get().status == Batch.Status.VERZONDEN
    tweede = tot_opdracht(tweede, wereld)
    with om("2026-05-12"):
        services.netbeheerderstap(
            tweede, "aansluiten", wereld.netbeheerder_mw, aangesloten_op=D("2026-05-12"), ean=ean()
        )
    batch = Batch.objects.get()
    assert batch.status == Batch.Status.AFGEROND and batch.afgerond_op is not None
    assert not Batchregel.objects.filter(lopend=True).exists()


@pytest.mark.django_db(transaction=True)
def test_twee_workers_die_tegelijk_bundelen_vullen_nooit_meer_dan_80_in(
    wereld, proactief, broker_onbereikbaar
):
    if connection.vendor != "postgresql":
        pytest.skip("Rijvergrendeling bestaat alleen op PostgreSQL; CI draait deze test daar.")
    # Requested in one transaction while the broker is down: the one bundling task it schedules fails to go
    # out, so all 200 wait for the two rounds below.
    with transaction.atomic():
        proactief(200)
    assert Netaansluiting.objects.filter(status=S.TE_BUNDELEN).count() == 200 and not Batch.objects.exists()
    start = threading.Barrier(2)
    fouten, tellingen = [], []

    def ronde():
        try:
            start.wait()
            tellingen.append(bundel())
        except Exception as fout:  # noqa: BLE001 - collected and asserted below
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=ronde) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert not fouten, fouten
    assert (
        tellingen
        and sum(t["gebundeld"] for t in tellingen) == 200
        and sum(t["fouten"] for t in tellingen) == 0
    ), tellingen
    assert sorted(b.regels.count() for b in Batch.objects.all()) == [40, 80, 80]
    assert Batchregel.objects.count() == 200
    assert Batch.objects.filter(status=Batch.Status.OPEN).count() == 1


def test_een_leeggeraakte_open_batch_gaat_niet_leeg_weg_en_wacht_opnieuw(wereld, proactief):
    (aansluiting,) = proactief(1)
    bundel("2026-04-14")
    batch = Batch.objects.get()
    with om("2026-04-15"):
        services.annuleer_voor_locatie(aansluiting.locatie, wereld.gemeente_a_mw, "Besluit ingetrokken.")
    assert batch.regels.count() == 0
    assert bundel("2026-04-22")["verzonden"] == 0  # past its wait, but empty: nothing goes out
    proactief(1, datum="2026-04-23")
    bundel("2026-04-23")
    batch.refresh_from_db()
    assert batch.status == Batch.Status.OPEN and batch.regels.count() == 1
    # Five working days from the connection that joined (Koningsdag, 27 April, does not count).
    assert batch.verzenden_uiterlijk == D("2026-05-01")
    assert Batch.objects.count() == 1
