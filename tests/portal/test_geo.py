import pytest

from portal import geo


def test_rd_naar_wgs84_referentiepunt_binnen_een_meter():
    # Amersfoort reference: RD (155000, 463000) = 52.15517440 N, 5.38720621 E
    lat, lon = geo.naar_wgs84(155000, 463000)
    x, y = geo.naar_rd(52.15517440, 5.38720621)
    assert geo.afstand_m((x, y), (155000, 463000)) < 1.0
    terug = geo.naar_rd(lat, lon)
    assert geo.afstand_m(terug, (155000, 463000)) < 0.01


def test_afstand_in_rd_meters():
    a = geo.naar_rd(52.2112, 5.9699)
    b = (a[0] + 30, a[1] + 40)
    assert geo.afstand_m(a, b) == pytest.approx(50)


@pytest.mark.parametrize(
    ("lat", "lon", "verwacht"),
    [(52.37, 4.89, True), (51.0, 3.0, False), (48.85, 2.35, False), (53.5, 6.6, True)],
)
def test_in_nederland(lat, lon, verwacht):
    assert geo.in_nederland(lat, lon) is verwacht


def test_gebied_bbox():
    gebied = geo.Gebied.uit_json({"bbox": [5.0, 52.0, 6.0, 53.0]})
    assert gebied.bevat(52.5, 5.5)
    assert not gebied.bevat(51.9, 5.5)


def test_gebied_polygoon_met_gat():
    buiten = [[5.0, 52.0], [6.0, 52.0], [6.0, 53.0], [5.0, 53.0], [5.0, 52.0]]
    gat = [[5.4, 52.4], [5.6, 52.4], [5.6, 52.6], [5.4, 52.6], [5.4, 52.4]]
    gebied = geo.Gebied.uit_json({"type": "Polygon", "coordinates": [buiten, gat]})
    assert gebied.bevat(52.2, 5.2)
    assert not gebied.bevat(52.5, 5.5)  # in the hole
    assert not gebied.bevat(53.2, 5.5)


def test_gebied_multipolygoon():
    vierkant = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    ander = [[[2, 2], [3, 2], [3, 3], [2, 3], [2, 2]]]
    gebied = geo.Gebied.uit_json({"type": "MultiPolygon", "coordinates": [vierkant, ander]})
    assert gebied.bevat(0.5, 0.5) and gebied.bevat(2.5, 2.5) and not gebied.bevat(1.5, 1.5)


@pytest.mark.parametrize(
    "fout",
    [
        [1, 2],
        {"bbox": [6, 52, 5, 53]},
        {"type": "Point", "coordinates": [5, 52]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]},
    ],
)
def test_ongeldig_gebied_geeft_duidelijke_fout(fout):
    with pytest.raises(ValueError):
        geo.Gebied.uit_json(fout)


@pytest.mark.django_db
def test_binnen_straal_grens_en_volgorde(wereld):
    """249 m is in, 251 m is out, nearest first: the exact distance decides, not the bounding box."""
    from plankaart.models import Locatie, Plankaart
    from plankaart.selectors import locaties_nabij

    kaart = Plankaart.objects.create(gemeente=wereld.gemeente_a, jaar=2026)
    x, y = geo.naar_rd(52.2112, 5.9699)

    def op(dx, dy, naam):
        lat, lon = geo.naar_wgs84(x + dx, y + dy)
        Locatie.objects.create(
            plankaart=kaart, gemeente=wereld.gemeente_a, omschrijving=naam, lat=lat, lon=lon
        )

    op(249, 0, "oost 249")
    op(0, -251, "zuid 251")
    op(176, 176, "hoek 249")  # inside the box and 248.9 m away
    op(240, 240, "hoek 339")  # inside the bounding box, outside the circle
    op(10, 0, "dichtbij")
    gevonden = locaties_nabij(52.2112, 5.9699, 250)
    assert [n.locatie.omschrijving for n in gevonden] == ["dichtbij", "hoek 249", "oost 249"]
    assert gevonden[-1].afstand_m == pytest.approx(249, abs=0.5)


def _straal_over_alle_randen(lon, lat, ring):
    """The plain ray casting over every edge: what the banded rings must answer."""
    binnen = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            binnen = not binnen
        x1, y1 = x2, y2
    return binnen


def test_gebied_met_duizenden_hoekpunten_zoals_een_echte_grens():
    """A ragged boundary of 3,000 vertices with a hole, asked at random points and at the height of its own
    vertices (where an edge starts or ends on the ray): the bands answer as a pass over every edge does."""
    import math
    import random

    toeval = random.Random(14)

    def ring(cx, cy, r, n):
        punten = []
        for i in range(n):
            hoek = 2 * math.pi * i / n
            straal = r * (1 + 0.3 * math.sin(11 * hoek) + 0.05 * toeval.uniform(-1, 1))
            punten.append([cx + straal * math.cos(hoek), cy + straal * math.sin(hoek)])
        return [*punten, punten[0]]

    buiten, gat = ring(5.5, 52.5, 0.2, 3000), ring(5.52, 52.5, 0.05, 400)
    gebied = geo.Gebied.uit_json({"type": "Polygon", "coordinates": [buiten, gat]})
    punten = [(toeval.uniform(52.2, 52.8), toeval.uniform(5.2, 5.8)) for _ in range(4000)]
    punten += [(y, x + d) for x, y in buiten[::7] for d in (-1e-9, 0.0, 1e-9)]
    binnen = 0
    for lat, lon in punten:
        verwacht = _straal_over_alle_randen(lon, lat, buiten) and not _straal_over_alle_randen(lon, lat, gat)
        assert gebied.bevat(lat, lon) is verwacht, (lat, lon)
        binnen += verwacht
    assert 1000 < binnen < len(punten) - 1000  # both answers asked many times
