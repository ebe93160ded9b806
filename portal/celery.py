"""The Celery app. The beat schedule lives here, in code, so it is versioned and testable."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Usage data: each CPO's CDRs from its OCPI endpoint (and uploads queued while the broker was down); the
    # signal sweep after the night's imports, over the last 12 months of daily figures.
    "cdrs-ophalen": {
        "task": "plankaart.taken_verbruik.haal_cdrs_op",
        "schedule": crontab(minute=20),
    },
    "signalen-vegen": {
        "task": "aanvragen.taken_signalen.veeg_signalen",
        "schedule": crontab(minute=50, hour=5),
    },
    # The proactive lane: participation closes the morning after its last day (the CPO's check starts), and
    # residents' mails (their own outbox, they have no account) not delivered at commit time go out here.
    "inspraak-sluiten": {
        "task": "plankaart.taken_proactief.sluit_verlopen_inspraak",
        "schedule": crontab(minute=10, hour=6),
    },
    "inspraakmails-opnieuw-bezorgen": {
        "task": "plankaart.taken_proactief.bezorg_openstaande_inspraakmails",
        "schedule": 300.0,
    },
    # The outbox: anything not delivered at commit time (broker or mail server down) goes out here.
    "berichten-opnieuw-bezorgen": {
        "task": "portal.tasks.bezorg_openstaande_berichten",
        "schedule": 60.0,
    },
    # Terms (DESIGN.md 5): reminders and escalations. Cheap when nothing is due (partial indexes).
    "termijnen-bewaken": {
        "task": "portal.tasks.bewaak_termijnen",
        "schedule": crontab(minute="*/15"),
    },
    # Each working day before the office opens (the task itself skips weekends and holidays).
    "dagoverzichten": {
        "task": "portal.tasks.stuur_dagoverzichten",
        "schedule": crontab(minute=0, hour=7),
    },
    # A verkeersbesluit becomes definitive the day after its objection term (DESIGN.md 3.3). Hourly, and
    # just after midnight, so the CPO hears of it first thing on that day.
    "verkeersbesluiten-definitief": {
        "task": "verkeersbesluiten.tasks.maak_verkeersbesluiten_definitief",
        "schedule": crontab(minute=5),
    },
    # Grid-connection requests into batches of 80 (DESIGN.md 3): a connection is also bundled on commit when it
    # is requested; this sweep sends partial batches whose wait is over and catches what a broker outage missed.
    "netaansluitingen-bundelen": {
        "task": "netaansluiting.tasks.bundel_aansluitingen",
        "schedule": crontab(minute="*/10"),
    },
    # The duration model behind the expected dates (portal.kengetallen.duurmodel), just before the projections.
    "duurmodel-bijwerken": {
        "task": "portal.kengetallen.tasks.duurmodel_bijwerken",
        "schedule": crontab(minute=10, hour=1),
    },
    "prognoses-bijwerken": {
        "task": "aanvragen.tasks.werk_prognoses_bij",
        "schedule": crontab(minute=30, hour=1),
    },
    # The phase table follows every transition; this catches writes that bypassed one.
    "fasen-herstellen": {
        "task": "portal.kengetallen.tasks.fasen_herstellen",
        "schedule": crontab(minute=50, hour=0),
    },
    # Seed 002: each netbeheerder's staff get the roll-out plan (two-year horizon) at the start of a quarter.
    "uitrolplanningen-versturen": {
        "task": "portal.kengetallen.taken_exports.uitrolplanningen_versturen",
        "schedule": crontab(minute=0, hour=6, day_of_month=1, month_of_year="1,4,7,10"),
    },
    # The public map's national view per zoom level, rebuilt when a location changed (plankaart.kaart).
    "kaartoverzichten-bouwen": {
        "task": "plankaart.tasks.bouw_kaartoverzichten",
        "schedule": crontab(minute="*"),
    },
    # Plankaart imports whose task was queued while the broker was down.
    "imports-hervatten": {
        "task": "plankaart.tasks.hervat_imports",
        "schedule": crontab(minute="*/5"),
    },
    # Login and account-mail attempts (portal.inlogbeveiliging) are only needed for their limit windows.
    "accountpogingen-opruimen": {
        "task": "portal.tasks.ruim_accountpogingen_op",
        "schedule": crontab(minute=41),
    },
    "nabijheidsvragen-opruimen": {
        "task": "aanvragen.tasks.ruim_nabijheidsvragen_op",
        "schedule": crontab(minute=23, hour=4),
    },
    # Privacy: closed cases past their retention period lose the person (portal.privacy).
    "bewaartermijnen-toepassen": {
        "task": "portal.tasks.pas_bewaartermijnen_toe",
        "schedule": crontab(minute=47, hour=2),
    },
    # Plates accepted while the RDW did not answer (aanvragen.rdw); the task per request retries sooner.
    "rdw-opnieuw-controleren": {
        "task": "aanvragen.tasks.controleer_rdw_opnieuw",
        "schedule": crontab(minute=37),
    },
    "verlopen-uploads-opruimen": {
        "task": "aanvragen.tasks.ruim_tijdelijke_uploads_op",
        "schedule": crontab(minute=17, hour=3),
    },
}
