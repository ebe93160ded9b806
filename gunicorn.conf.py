# gunicorn reads this file from the folder it starts in (the project folder, as the README, the Dockerfile and
# docker-compose.yml start it). Options on the command line (--workers, --bind, --threads) still apply.

# gunicorn's sync worker, woken alone for each new connection instead of every idle worker at once
# (portal/gunicornwerkers.py). With --threads above 1, gunicorn runs its gthread worker as before.
worker_class = "portal.gunicornwerkers.SyncWorker"
