"""Benchmark over HTTP, the way a user meets the portal: gunicorn with 2 workers, DEBUG=0, PostgreSQL.

    .venv/bin/python bench/http.py [--schaal 1.0] [--herhalingen 40] [--poort 8765]

Builds its own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_h14_http, dropped
and made again) with, at --schaal 1: 1,000,000 requests (about 63 % open) and 500,000 locations, dense city data
(a fifth of both in one city of 6 by 6 km) and real-looking gemeente boundaries of 5,000 vertices each, written
with COPY. Then starts gunicorn on it and measures every row of the issue's table over HTTP (p95 of
--herhalingen calls after a warm-up), with the query count of the same call (counted in this process through
Django's test client, same code path) and, where the table asks, the same SQL sent raw through psycopg. API rows
call with the user's API token, as API clients do; pages with a logged-in session, as a browser does.
Prints goal, measured and pass/fail per row; exits 1 if any row fails. --schaal 0.01 runs in a minute.
--alleen-indienen measures only the row of 50 simultaneous submissions (on the same data), with the queries
of one submission.

Rows it does not measure over HTTP are printed as such (the definitive sweep: bench/definitief.py).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import math
import os
import random
import signal
import subprocess
import sys
import time
import uuid

# This file is named http.py, as the issue asks: keep its folder off the path while the standard library's http
# package loads, or it would shadow it.
_MAP = sys.path.pop(0)
import http.client  # noqa: E402
import http.cookies  # noqa: E402, F401

sys.path.insert(0, _MAP)

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_h14_http")
# The plate check asks the RDW over the internet (up to RDW_TIMEOUT, outside the transaction): not the portal's
# own work, and no bench should depend on a remote service. RDW_CONTROLE=1 measures it anyway.
os.environ.setdefault("RDW_CONTROLE", "0")

from gemeenschappelijk import BASIS, Querytelling, kopieer, percentielen, start_django  # noqa: E402

STAD_RD = (136_000, 455_000)  # Utrecht, south-west corner of the dense square
STAD_ZIJDE_M = 6_000
RD_X, RD_Y = (13_000, 278_000), (306_000, 620_000)
OPEN = [
    "ingediend",
    "aanvulling_gevraagd",
    "goedgekeurd",
    "locatie_voorgesteld",
    "wacht_op_verkeersbesluit",
    "wacht_op_realisatie",
    "plaatsing_gepland",
    "opgeleverd",
]
GESLOTEN = ["gerealiseerd", "afgewezen", "ingetrokken"]
LOCATIESTATUSSEN = ["gerealiseerd"] * 4 + ["kandidaat"] * 4 + ["goedgekeurd", "definitief"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- data -----------------------------------------------------------------------------------------------------


def _polygoon(cx: float, cy: float, straal_m: float, hoekpunten: int, toeval: random.Random) -> dict:
    """A closed ring of `hoekpunten` vertices around an RD centre, ragged like a real boundary, in WGS84."""
    from portal import geo

    ring = []
    for i in range(hoekpunten):
        hoek = 2 * math.pi * i / hoekpunten
        r = straal_m * (1 + 0.08 * math.sin(7 * hoek) + 0.03 * toeval.uniform(-1, 1))
        lat, lon = geo.naar_wgs84(cx + r * math.cos(hoek), cy + r * math.sin(hoek))
        ring.append([round(lon, 6), round(lat, 6)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def vul(schaal: float, historie: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from pyproj import Transformer

    from aanvragen.models import Aanvraag, Aanvraagvoorwaarden
    from plankaart.models import Locatie, Plankaart
    from portal.models import Concessie, Gebruiker, Organisatie, StatusWijziging

    toeval = random.Random(2026)
    n_aanvragen, n_locaties = int(1_000_000 * schaal), int(500_000 * schaal)
    provincie = Organisatie.objects.create(naam="Provincie Bench", soort="provincie")
    # The city and a ring of gemeenten around the country, each with a boundary of 5,000 vertices.
    stad = Organisatie.objects.create(
        naam="Gemeente Utrecht",
        soort="gemeente",
        cbs_code="0344",
        provincie=provincie,
        gebied=_polygoon(STAD_RD[0] + 3000, STAD_RD[1] + 3000, 7000, 5000, toeval),
    )
    gemeenten = [stad]
    for i in range(1, 30):
        cx, cy = toeval.uniform(*RD_X), toeval.uniform(*RD_Y)
        gemeenten.append(
            Organisatie.objects.create(
                naam=f"Gemeente Bench {i}",
                soort="gemeente",
                cbs_code=f"9{i:03d}",
                provincie=provincie,
                gebied=_polygoon(cx, cy, 8000, 5000, toeval),
            )
        )
    for g in gemeenten:
        Aanvraagvoorwaarden.objects.create(gemeente=g)
    cpo = Organisatie.objects.create(naam="Laadnet Bench", soort="cpo")
    net = Organisatie.objects.create(naam="Netbeheer Bench", soort="netbeheerder")
    net.bediende_gemeenten.set(gemeenten)
    concessie = Concessie.objects.create(naam="Concessie Bench", cpo=cpo, ingang=dt.date(2024, 1, 1))
    concessie.gemeenten.set(gemeenten)
    wachtwoord = make_password("bench-wachtwoord-123")
    gebruikers = {
        "cpo": Gebruiker.objects.create(
            email="cpo@bench.nl", naam="CPO", organisatie=cpo, rol="coordinator", password=wachtwoord
        ),
        "gemeente": Gebruiker.objects.create(
            email="utrecht@bench.nl", naam="Utrecht", organisatie=stad, rol="coordinator", password=wachtwoord
        ),
        "beheer": Gebruiker.objects.create(
            email="beheer@bench.nl", naam="Beheer", is_staff=True, is_superuser=True, password=wachtwoord
        ),
    }
    # The requests' E-rijders: most have one request, some two (a person asks for a charging point near home,
    # sometimes also near work), as in the country. With a few dozen E-rijders owning thousands of requests
    # each, PostgreSQL would judge "this E-rijder's own open requests" (asked at every submission) a large read
    # and plan it anew at every call.
    n_erijders = max(60, int(n_aanvragen * 0.6))
    kopieer(
        Gebruiker,
        (
            {"email": f"e{i}@bench.nl", "naam": f"E-rijder {i}", "password": wachtwoord}
            for i in range(n_erijders)
        ),
    )
    gebruikers["erijders"] = list(
        Gebruiker.objects.filter(email__startswith="e", email__endswith="@bench.nl").values_list(
            "pk", flat=True
        )
    )
    # The 50 who submit during the bench have no request yet (an own open request nearby is refused).
    Gebruiker.objects.bulk_create(
        Gebruiker(email=f"s{i}@bench.nl", naam=f"Indiener {i}", password=wachtwoord) for i in range(50)
    )
    gebruikers["indieners"] = list(
        Gebruiker.objects.filter(email__startswith="s", email__endswith="@bench.nl")
    )

    naar_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)

    def punten(aantal: int, in_stad: int):
        xs = [STAD_RD[0] + toeval.uniform(0, STAD_ZIJDE_M) for _ in range(in_stad)]
        ys = [STAD_RD[1] + toeval.uniform(0, STAD_ZIJDE_M) for _ in range(in_stad)]
        xs += [toeval.uniform(*RD_X) for _ in range(aantal - in_stad)]
        ys += [toeval.uniform(*RD_Y) for _ in range(aantal - in_stad)]
        lons, lats = naar_wgs84.transform(xs, ys)
        return list(zip(xs, ys, lats, lons, strict=True))

    nu = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    plankaarten = {g.pk: Plankaart.objects.create(gemeente=g, jaar=2026) for g in gemeenten}
    gemeente_ids = [g.pk for g in gemeenten]
    begin = time.perf_counter()
    kopieer(
        Locatie,
        (
            {
                "plankaart_id": plankaarten[g].pk,
                "gemeente_id": g,
                "kenmerk": f"B-{i}",
                "omschrijving": f"Benchstraat {i}",
                "lat": lat,
                "lon": lon,
                "rd_x": x,
                "rd_y": y,
                "status": LOCATIESTATUSSEN[i % len(LOCATIESTATUSSEN)],
                "gewijzigd_op": nu,
            }
            for i, (x, y, lat, lon) in enumerate(punten(n_locaties, n_locaties // 5))
            for g in [stad.pk if i < n_locaties // 5 else gemeente_ids[i % len(gemeente_ids)]]
        ),
    )
    print(f"  {n_locaties:,} locaties in {time.perf_counter() - begin:.0f} s", flush=True)
    begin = time.perf_counter()
    erijder_ids = gebruikers["erijders"]
    kopieer(
        Aanvraag,
        (
            {
                "nummer": f"LP-2025-{i:06d}",  # as the portal hands them out (the search knows that format)
                "gemeente_id": g,
                "aanvrager_id": erijder_ids[i % len(erijder_ids)],
                "status": OPEN[i % len(OPEN)] if i % 100 < 63 else GESLOTEN[i % len(GESLOTEN)],
                "bron": "erijder",
                "postcode": f"{3500 + i % 100} AB",
                "huisnummer": 1 + i % 300,
                "straat": "Benchlaan",
                "woonplaats": "Utrecht",
                "lat": lat,
                "lon": lon,
                "rd_x": x,
                "rd_y": y,
                "kenteken": "AB-123-C",
                "woont_of_werkt": "woont",
                "rijdt_elektrisch": True,
                "ingediend_op": nu - dt.timedelta(minutes=i % 500_000),
                "termijn_uiterlijk": (nu - dt.timedelta(days=i % 90)).date() if i % 3 else None,
            }
            for i, (x, y, lat, lon) in enumerate(punten(n_aanvragen, n_aanvragen // 5))
            for g in [stad.pk if i < n_aanvragen // 5 else gemeente_ids[i % len(gemeente_ids)]]
        ),
    )
    print(f"  {n_aanvragen:,} aanvragen in {time.perf_counter() - begin:.0f} s", flush=True)
    begin = time.perf_counter()
    from django.contrib.contenttypes.models import ContentType

    soort = ContentType.objects.get_for_model(Aanvraag).pk
    kopieer(
        StatusWijziging,
        (
            {
                "content_type_id": soort,
                "object_id": 1 + i % max(n_aanvragen, 1),
                "transitie": "indienen",
                "naar": "ingediend",
                "door_naam": "E-rijder",
                "op": nu - dt.timedelta(seconds=i),
            }
            for i in range(historie)
        ),
    )
    print(f"  {historie:,} historieregels in {time.perf_counter() - begin:.0f} s", flush=True)
    # COPY bypasses save(): the stored running due date is filled the way the data migration fills it.
    from aanvragen import lopend_uiterlijk

    lopend_uiterlijk.vul_alles()
    with connection.cursor() as cursor:
        for model in (Locatie, Aanvraag, StatusWijziging):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        # Write the loaded gigabytes out now: otherwise PostgreSQL's checkpoint spreads them over the first rows'
        # measurements, which is the bench's own loading, not the portal's work.
        cursor.execute("CHECKPOINT")
    return {"gebruikers": gebruikers, "stad": stad, "n_aanvragen": n_aanvragen, "n_locaties": n_locaties}


# --- HTTP -----------------------------------------------------------------------------------------------------


class Server:
    def __init__(self, poort: int):
        self.poort = poort
        env = {**os.environ, "PYTHONPATH": str(BASIS), "DJANGO_SETTINGS_MODULE": "portal.settings"}
        self.proces = subprocess.Popen(
            [
                str(BASIS / ".venv/bin/gunicorn"),
                "portal.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{poort}",
                "--log-level",
                "warning",
            ],
            cwd=BASIS,
            env=env,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=1)
                verbinding.request("GET", "/", headers={"Host": "testserver"})
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn start niet")
        self._wacht_tot_de_workers_klaar_zijn()

    def _wacht_tot_de_workers_klaar_zijn(self, rust_s: float = 1.0, uiterlijk_s: float = 60) -> None:
        """One worker answering is not both: the other may still be importing the portal, a second or two of
        CPU on one of the machine's two cores, which fell in the first row's measurements (the CPO's nearest
        locations measured about 1 ms slower at p95 than the same call a minute later). Wait until the server's
        processes have used no CPU for `rust_s`, as in a portal that has been running."""
        tik = os.sysconf("SC_CLK_TCK")

        def cpu() -> int:
            totaal = 0
            for pid in os.listdir("/proc"):
                try:
                    with open(f"/proc/{pid}/stat") as f:
                        velden = f.read().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    continue
                if int(velden[2]) == self.proces.pid:  # process group: the master and its workers
                    totaal += int(velden[11]) + int(velden[12])
            return totaal

        einde, vorige = time.monotonic() + uiterlijk_s, cpu()
        while time.monotonic() < einde:
            time.sleep(rust_s)
            nu = cpu()
            if nu - vorige <= rust_s * tik * 0.02:  # under 2 % of a core: idle
                return
            vorige = nu

    def stop(self):
        os.killpg(self.proces.pid, signal.SIGTERM)
        self.proces.wait(timeout=20)


class Bezoeker:
    """One keep-alive connection with a session cookie or an API token."""

    def __init__(self, poort: int, *, sessie: str = "", token: str = ""):
        self.verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
        self.kop = {"Accept-Encoding": "gzip", "Host": "testserver"}
        if sessie:
            self.kop["Cookie"] = f"sessionid={sessie}"
        if token:
            self.kop["Authorization"] = f"Token {token}"

    def kloon(self) -> Bezoeker:
        """The same visitor (cookie or token) on a connection of its own."""
        kloon = Bezoeker(self.verbinding.port)
        kloon.kop = dict(self.kop)
        return kloon

    def get(self, pad: str) -> tuple[float, int, int]:
        begin = time.perf_counter()
        antwoord = self._vraag("GET", pad, None, self.kop)
        lijf = antwoord.read()
        return (time.perf_counter() - begin) * 1000, antwoord.status, len(lijf)

    def post(self, pad: str, lijf: bytes, soort: str, extra: dict) -> tuple[float, int]:
        begin = time.perf_counter()
        antwoord = self._vraag("POST", pad, lijf, {**self.kop, "Content-Type": soort, **extra})
        antwoord.read()
        return (time.perf_counter() - begin) * 1000, antwoord.status

    def _vraag(self, methode: str, pad: str, lijf, kop: dict):
        # A server may close a kept-alive connection while it is idle (between rows, say): send once more on a
        # new one, as browsers and HTTP libraries do.
        for poging in (1, 2):
            try:
                self.verbinding.request(methode, pad, body=lijf, headers=kop)
                return self.verbinding.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.verbinding.close()
                if poging == 2:
                    raise
        raise AssertionError("unreachable")


def _inloggen(gebruiker) -> tuple[str, str]:
    from django.test import Client
    from rest_framework.authtoken.models import Token

    client = Client()
    client.force_login(gebruiker)
    return client.cookies["sessionid"].value, Token.objects.get_or_create(user=gebruiker)[0].key


def _queries(gebruiker, pad: str) -> int:
    from django.test import Client

    client = Client()
    client.force_login(gebruiker)
    client.get(pad)
    with Querytelling() as telling:
        antwoord = client.get(pad)
    assert antwoord.status_code == 200, (pad, antwoord.status_code)
    return telling.aantal


def _meet(bezoeker: Bezoeker, pad: str, herhalingen: int, voor=None) -> tuple[float, int]:
    # Warm-up: gunicorn's sync workers close each connection, so calls go to either worker; each worker's first
    # call of a path (imports, URL patterns, translations, its connection to PostgreSQL) is paid once per
    # process, not by users: warm both. PostgreSQL prepares a statement after its fifth run on a connection
    # (prepare_threshold), and each worker has its own: a running portal has long passed that, so the warm-up
    # does too (_rauw_nabij skips its first five runs for the same reason).
    # In pairs, at the same moment: one call after another goes to whichever worker is waiting first, and that
    # may be the same one every time (16 calls in a row once left the second worker with none: its first
    # measured call took 79 ms, its next ones 4.7 ms, the CPO's row's p95 5.7 ms).
    tweede = bezoeker.kloon()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as paar:
        for _ in range(16):
            list(paar.map(lambda b: b.get(pad), (bezoeker, tweede)))
    tweede.verbinding.close()
    tijden, grootte = [], 0
    for _ in range(herhalingen):
        if voor:
            voor()
        ms, status, grootte = bezoeker.get(pad)
        assert status == 200, (pad, status)
        tijden.append(ms)
    return percentielen(tijden)[1], grootte


def _rauw_nabij(gebruiker, x: float, y: float, straal: float, herhalingen: int) -> float:
    """The nearest-locations search's own statement (plankaart.selectors.nabij_sql, the page of 50 with its
    window count), sent raw through psycopg: prepared after its fifth run, as psycopg does by default."""
    import psycopg

    from plankaart.selectors import nabij_sql
    from portal import verzoekgeheugen

    with verzoekgeheugen.verzoek():
        sql, params = nabij_sql(gebruiker, x, y, straal, begin=0, aantal=50)
    tijden = []
    with psycopg.connect(os.environ["BENCH_DATABASE_URL"]) as verbinding:
        for _ in range(herhalingen + 5):
            begin = time.perf_counter()
            verbinding.execute(sql, params).fetchall()
            tijden.append((time.perf_counter() - begin) * 1000)
    return percentielen(tijden[5:])[1]


def _queries_token(gebruiker, pad: str) -> int:
    """The queries of an API call with the user's token, as an API client sends it."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    client.get(pad)
    with Querytelling() as telling:
        antwoord = client.get(pad)
    assert antwoord.status_code == 200, (pad, antwoord.status_code)
    return telling.aantal


def _aanvraagvelden(i: int, gemeente_id: int) -> dict:
    """The form of the i-th E-rijder: a spot of its own in the city, 90 m from the next one."""
    from portal import geo

    lat, lon = geo.naar_wgs84(STAD_RD[0] + 100 + 90 * (i % 60), STAD_RD[1] + 100 + 90 * (i // 60) + 3000)
    return {
        "gemeente": gemeente_id,
        "postcode": "3511AB",
        "huisnummer": i + 1,
        "straat": "Oudegracht",
        "woonplaats": "Utrecht",
        "lat": lat,
        "lon": lon,
        "kenteken": "AB-123-C",
        "woont_of_werkt": "woont",
        "rijdt_elektrisch": "true",
        "eigen_parkeerplaats": "false",
    }


def _queries_indienen(gemeente_id: int) -> int:
    """Queries of one submission through the same API, in this process, after one to warm up (as the other rows
    count a second call): two more E-rijders, each on a spot of its own."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from portal.models import Gebruiker

    for i in (56, 57):
        client = Client()
        client.force_login(Gebruiker.objects.create(email=f"s-telling{i}@bench.nl", naam=f"Indiener {i}"))
        velden = {
            **_aanvraagvelden(i, gemeente_id),
            "bewijs": SimpleUploadedFile("bewijs.pdf", PDF, "application/pdf"),
        }
        with Querytelling() as telling:
            antwoord = client.post("/api/v1/aanvragen/", velden)
        assert antwoord.status_code == 201, (antwoord.status_code, antwoord.content[:500])
    return telling.aantal


def _warm_indienen(poort: int, gemeente_id: int) -> None:
    """Each worker has submitted before the measurement, as every other row warms up its call first: two waves
    of four simultaneous submissions by other E-rijders on spots of their own (60 onwards), so that both
    workers most likely got some."""
    from django.contrib.auth.hashers import make_password

    from portal.models import Gebruiker

    wachtwoord = make_password("bench-wachtwoord-123")
    tokens = [
        _inloggen(
            Gebruiker.objects.create(email=f"w{i}@bench.nl", naam=f"Opwarmer {i}", password=wachtwoord)
        )[1]
        for i in range(8)
    ]
    for begin in (0, 4):
        _indienen(poort, tokens[begin : begin + 4], gemeente_id, eerste=60 + begin)


def _indienen(poort: int, sessies: list[str], gemeente_id: int, *, eerste: int = 0) -> tuple[float, int]:
    """50 E-rijders submit at the same moment (the API, multipart with a proof); `eerste`: the first one's spot.

    The forms are written before the clock starts: the E-rijders' browsers are not on the server's two cores.
    (Written in each sending thread, the pin's coordinates alone cost the bench some 15 ms of CPU per thread: a
    PROJ transformer is made anew in every thread that first uses one.)"""

    def formulier(i: int) -> tuple[bytes, str]:
        grens = uuid.uuid4().hex
        velden = _aanvraagvelden(eerste + i, gemeente_id)
        delen = [
            f'--{grens}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in velden.items()
        ]
        delen.append(
            f'--{grens}\r\nContent-Disposition: form-data; name="bewijs"; filename="bewijs.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n".encode()
            + PDF
            + f"\r\n--{grens}--\r\n".encode()
        )
        return b"".join(delen), f"multipart/form-data; boundary={grens}"

    formulieren = [formulier(i) for i in range(len(sessies))]

    def een(i: int) -> tuple[float, int]:
        lijf, soort = formulieren[i]
        return Bezoeker(poort, token=sessies[i]).post("/api/v1/aanvragen/", lijf, soort, {})

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(sessies)) as pool:
        uitkomsten = list(pool.map(een, range(len(sessies))))
    fouten = sum(1 for _, status in uitkomsten if status != 201)
    return percentielen([ms for ms, _ in uitkomsten])[1], fouten


def _veegronde_definitief() -> tuple[float, float]:
    """Run bench/definitief.py beside this bench (its own database) and read ms and queries per decision."""
    import re

    url = os.environ["BENCH_DATABASE_URL"].rsplit("/", 1)
    uitvoer = subprocess.run(
        [sys.executable, str(BASIS / "bench" / "definitief.py"), "--besluiten", "20000", "--klaar", "500"],
        env={**os.environ, "BENCH_DATABASE_URL": f"{url[0]}/{url[1]}_definitief"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    gevonden = re.search(r"\(([\d.]+) ms en ([\d.]+) queries per besluit\)", uitvoer)
    if gevonden is None:
        raise RuntimeError(f"bench/definitief.py gaf geen meting:\n{uitvoer}")
    return float(gevonden[1]), float(gevonden[2])


# --- main -----------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schaal", type=float, default=1.0)
    parser.add_argument(
        "--historie", type=int, default=None, help="historieregels (standaard 10 miljoen × schaal)"
    )
    parser.add_argument("--herhalingen", type=int, default=40)
    parser.add_argument("--poort", type=int, default=8765)
    parser.add_argument(
        "--alleen-indienen",
        action="store_true",
        help="meet alleen de rij '50 E-rijders dienen tegelijk in' (de gegevens worden wel gemaakt)",
    )
    args = parser.parse_args()
    historie = args.historie if args.historie is not None else int(10_000_000 * args.schaal)
    import tempfile

    werkmap = tempfile.mkdtemp(prefix="laadpaal-http-")
    for naam in ("STATIC_ROOT", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        os.environ[naam] = os.path.join(werkmap, naam.lower())
    start_django()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # DEBUG=0 serves the hashed, compressed set
    print(f"gegevens maken (schaal {args.schaal}):", flush=True)
    gegevens = vul(args.schaal, historie)
    from plankaart import kaart as kaartmodule

    begin = time.perf_counter()
    kaartmodule.bouw_overzichten()  # what the beat task does within a minute of a change
    print(f"  landelijke kaartoverzichten in {time.perf_counter() - begin:.1f} s", flush=True)
    from aanvragen.models import Aanvraag
    from plankaart import kaart
    from portal import geo

    g = gegevens["gebruikers"]
    sessies = {naam: _inloggen(g[naam]) for naam in ("cpo", "gemeente", "beheer")}
    erijder_tokens = [_inloggen(e)[1] for e in g["indieners"]]
    server = Server(args.poort)
    rijen = []

    def rij(wat, doel, gemeten, gehaald):
        rijen.append((wat, doel, gemeten, gehaald))
        print(
            f"{'OK  ' if gehaald else 'FOUT'} {wat}\n     doel: {doel}\n     gemeten: {gemeten}", flush=True
        )

    try:
        cpo, gemeente, beheer = (
            Bezoeker(args.poort, sessie=sessies[n][0]) for n in ("cpo", "gemeente", "beheer")
        )
        # The REST API as its clients call it (a CPO's or gemeente's system): with the API token.
        cpo_api, gemeente_api = (Bezoeker(args.poort, token=sessies[n][1]) for n in ("cpo", "gemeente"))
        n = args.herhalingen
        if args.alleen_indienen:
            _rij_indienen(rij, args.poort, erijder_tokens, gegevens["stad"].pk)
            return _uitslag(rijen, args.schaal)
        # 1 and 2: nearest locations in the city, as the CPO and as the gemeente with its 5,000-vertex boundary.
        x, y = STAD_RD[0] + 3000, STAD_RD[1] + 3000
        lat, lon = geo.naar_wgs84(x, y)
        pad = f"/api/v1/locaties/?nabij={lat:.6f},{lon:.6f}&straal=250"
        for wie, bezoeker, gebruiker in (
            ("als CPO", cpo_api, g["cpo"]),
            ("als gemeente (grens van 5.000 hoekpunten)", gemeente_api, g["gemeente"]),
        ):
            p95, _ = _meet(bezoeker, pad, n)
            rauw = _rauw_nabij(gebruiker, x, y, 250, n)
            q = _queries_token(gebruiker, pad)
            rij(
                f"GET /api/v1/locaties/?nabij=…&straal=250 in de stad, {wie}",
                "p95 ≤ 5 ms en ≤ 3× dezelfde SQL rauw via psycopg",
                f"p95 {p95:.1f} ms, rauwe SQL p95 {rauw:.2f} ms ({p95 / rauw:.1f}×), {q} queries",
                p95 <= 5 and p95 <= 3 * rauw,
            )
        # 3: the API list of requests as the CPO.
        p95, _ = _meet(cpo_api, "/api/v1/aanvragen/", n)
        q = _queries_token(g["cpo"], "/api/v1/aanvragen/")
        rij(
            "GET /api/v1/aanvragen/ als CPO, pagina van 50",
            "≤ 10 queries, ≤ 50 ms",
            f"p95 {p95:.0f} ms, {q} queries",
            q <= 10 and p95 <= 50,
        )
        # 4: the CPO's work list: page 1, a deep page, a case number.
        open_aantal = Aanvraag.objects.filter(status__in=Aanvraag.OPEN).count()
        diep = max(1, min(2000, open_aantal // 25))
        nummer = (
            Aanvraag.objects.filter(status__in=Aanvraag.OPEN)
            .order_by("-pk")
            .values_list("nummer", flat=True)[0]
        )
        for wat, pad in (
            ("pagina 1", "/aanvragen/werklijst/"),
            (f"pagina {diep}", f"/aanvragen/werklijst/?pagina={diep}"),
            ("zaaknummer zoeken", f"/aanvragen/werklijst/?zoek={nummer}"),
        ):
            p95, _ = _meet(cpo, pad, max(5, n // 4))
            q = _queries(g["cpo"], pad)
            rij(
                f"werklijst van de CPO ({open_aantal:,} open), {wat}",
                "≤ 150 ms",
                f"p95 {p95:.0f} ms, {q} queries",
                p95 <= 150,
            )
        # 5: the gemeente's locations list, everything.
        pad = "/plankaart/werklijst/?alles=on"
        p95, _ = _meet(gemeente, pad, max(5, n // 4))
        q = _queries(g["gemeente"], pad)
        rij(
            f"locatielijst van de gemeente, alles ({gegevens['n_locaties'] // 5:,} in de stad)",
            "≤ 150 ms",
            f"p95 {p95:.0f} ms, {q} queries",
            p95 <= 150,
        )
        # 6: the admin's history list.
        pad = "/admin/portal/statuswijziging/"
        p95, _ = _meet(beheer, pad, max(5, n // 8))
        q = _queries(g["beheer"], pad)
        rij(
            f"beheer: historielijst ({historie:,} regels)",
            "≤ 500 ms",
            f"p95 {p95:.0f} ms, {q} queries",
            p95 <= 500,
        )
        # 7: 50 E-rijders at the same moment.
        _rij_indienen(rij, args.poort, erijder_tokens, gegevens["stad"].pk)
        # 8: the definitive sweep is a background task, not an HTTP call: bench/definitief.py on a database of its
        # own (20,000 published decisions of 5 locations, 500 ready), run as it runs on its own.
        per_besluit_ms, per_besluit_q = _veegronde_definitief()
        rij(
            "verkeersbesluit-veegronde (bench/definitief.py, 450 besluiten van 5 locaties)",
            "≥ 20 besluiten/s",
            f"{1000 / per_besluit_ms:.0f} besluiten/s ({per_besluit_ms:.1f} ms en {per_besluit_q:.1f} queries per besluit)",
            1000 / per_besluit_ms >= 20,
        )
        # 9: the public map, whole country zoomed out, uncached; and a city viewport's size over the wire.
        anoniem = Bezoeker(args.poort)
        pad = "/api/v1/kaart/locaties/?bbox=3.2,50.7,7.3,53.6&zoom=7"
        p95, _ = _meet(anoniem, pad, max(5, n // 4), voor=kaart.vernieuw)
        zuid, west = geo.naar_wgs84(*STAD_RD)
        noord, oost = geo.naar_wgs84(STAD_RD[0] + 2000, STAD_RD[1] + 2000)
        _, _, gezipt = anoniem.get(f"/api/v1/kaart/locaties/?bbox={west},{zuid},{oost},{noord}&zoom=15")
        rij(
            "publieke kaart, heel Nederland uitgezoomd, zonder cache",
            "≤ 150 ms",
            f"p95 {p95:.0f} ms (stadsbeeld 2×2 km: {gezipt / 1024:.0f} KB over de lijn)",
            p95 <= 150,
        )
    finally:
        server.stop()
    return _uitslag(rijen, args.schaal)


def _rij_indienen(rij, poort: int, tokens: list[str], gemeente_id: int) -> None:
    _warm_indienen(poort, gemeente_id)
    p95, fouten = _indienen(poort, tokens, gemeente_id)
    q = _queries_indienen(gemeente_id)
    rij(
        "50 E-rijders dienen tegelijk in",
        "p95 ≤ 300 ms, 0 fouten",
        f"p95 {p95:.0f} ms, {fouten} fouten, {q} queries per indiening",
        p95 <= 300 and fouten == 0,
    )


def _uitslag(rijen: list, schaal: float) -> int:
    gehaald = sum(1 for r in rijen if r[3])
    print(f"\n{gehaald} van {len(rijen)} rijen gehaald (schaal {schaal}).")
    print(
        json.dumps(
            [{"wat": r[0], "doel": r[1], "gemeten": r[2], "gehaald": r[3]} for r in rijen], ensure_ascii=False
        )
    )
    return 0 if gehaald == len(rijen) else 1


if __name__ == "__main__":
    sys.exit(main())
