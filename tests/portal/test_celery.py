import importlib

from portal.celery import app


def test_elke_taak_in_het_beatschema_bestaat_en_is_geregistreerd():
    app.loader.import_default_modules()
    assert app.conf.beat_schedule
    for naam, regel in app.conf.beat_schedule.items():
        module, _, functie = regel["task"].rpartition(".")
        assert callable(getattr(importlib.import_module(module), functie)), naam
        assert regel["task"] in app.tasks, naam


def test_broker_zonder_redis_is_het_bestandssysteem(settings):
    if not settings.REDIS_URL:
        assert settings.CELERY_BROKER_URL == "filesystem://"
    else:
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
