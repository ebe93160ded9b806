"""Run the whole embedded stack in one terminal: web server, Celery worker and Celery beat."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def site_url(adres: str) -> str:
    """'127.0.0.1:8080' → 'http://localhost:8080' (the address a person on this machine opens)."""
    host, _, poort = adres.rpartition(":")
    if host in ("", "127.0.0.1", "0.0.0.0"):
        host = "localhost"
    return f"http://{host}:{poort}"


class Command(BaseCommand):
    help = "Start runserver, a Celery worker and Celery beat together (development)."

    def add_arguments(self, parser):
        parser.add_argument("--adres", default="127.0.0.1:8000")

    def handle(self, adres, **opts):
        if not settings.DEBUG:
            self.stderr.write("Gebruik in productie gunicorn, celery worker en celery beat (zie README).")
            sys.exit(2)
        python = sys.executable
        # The worker writes the e-mails: their links follow the address actually served, unless SITE_URL is set.
        os.environ.setdefault("SITE_URL", site_url(adres))
        processen = [
            subprocess.Popen([python, "manage.py", "runserver", adres]),
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "portal",
                    "worker",
                    "--loglevel=INFO",
                    "--pool=solo",
                    "--without-heartbeat",
                ]
            ),
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "portal",
                    "beat",
                    "--loglevel=INFO",
                    "-s",
                    settings.CELERY_BEAT_SCHEDULE_FILENAME,
                ]
            ),
        ]
        self.stdout.write(self.style.SUCCESS(f"Portaal draait op http://{adres}/ — stoppen met Ctrl+C."))

        def stop(*_):
            for p in processen:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in processen:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
            sys.exit(0)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while all(p.poll() is None for p in processen):
            time.sleep(1)
        self.stderr.write("Een van de processen is gestopt; de rest wordt ook gestopt.")
        stop()
