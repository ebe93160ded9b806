"""Starting the portal: `make run PORT=…` serves on that port and mails links to it, a fresh install does not
report its daily jobs as behind, the pages carry a favicon, the package metadata has no deprecated licence
table, and the README points only inside the repository."""

import datetime as dt
import re
import subprocess
import tomllib

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from portal.management.commands.dev import site_url
from portal.werking import geinstalleerd_op, taakstanden
from tests.conftest import om

pytestmark = pytest.mark.django_db


def test_make_run_gebruikt_port():
    uitvoer = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], capture_output=True, text=True, cwd=settings.BASE_DIR, check=True
    ).stdout
    regel = next(r for r in uitvoer.splitlines() if "manage.py dev" in r)
    assert "--adres 127.0.0.1:8123" in regel
    assert "SITE_URL=${SITE_URL:-http://localhost:8123}" in regel
    standaard = subprocess.run(
        ["make", "-n", "run"], capture_output=True, text=True, cwd=settings.BASE_DIR, check=True
    ).stdout
    assert "--adres 127.0.0.1:8000" in standaard


def test_links_in_mails_volgen_het_adres():
    assert site_url("127.0.0.1:8123") == "http://localhost:8123"
    assert site_url("0.0.0.0:9000") == "http://localhost:9000"
    assert site_url("portaal.test:8080") == "http://portaal.test:8080"


def test_vers_geinstalleerd_is_geen_dagtaak_achter():
    geinstalleerd = geinstalleerd_op().astimezone(dt.UTC)
    if geinstalleerd.hour >= 22:
        pytest.skip("installatie vlak voor middernacht: het uur erna valt op een andere dag")
    with om(geinstalleerd.date().isoformat(), uur=geinstalleerd.hour + 1):
        standen = {s.naam: s for s in taakstanden()}
    assert standen["dagoverzichten"].laatste is None and not standen["dagoverzichten"].achter
    with om((geinstalleerd + dt.timedelta(days=3)).date().isoformat()):
        standen = {s.naam: s for s in taakstanden()}
    assert standen["dagoverzichten"].achter


def test_favicon_op_elke_pagina(client):
    pagina = client.get("/").content.decode()
    pad = re.search(r'<link rel="icon" href="/static/([^"]+)"', pagina)[1]
    assert finders.find(pad)


def test_licentie_als_spdx_tekst():
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)
    assert project["project"]["license"] == "EUPL-1.2"


def test_readme_verwijst_alleen_binnen_de_repository():
    tekst = (settings.BASE_DIR / "README.md").read_text()
    assert "../" not in tekst and "/work/" not in tekst and "DESIGN.md" not in tekst
    for doel in re.findall(r"\]\(([^)#]+)", tekst):
        if doel.startswith(("http://", "https://", "mailto:")):
            continue
        pad = (settings.BASE_DIR / doel).resolve()
        assert str(pad).startswith(str(settings.BASE_DIR.resolve())), doel
