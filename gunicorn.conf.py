"""gunicorn's settings for the portal: read from the folder gunicorn starts in (the Dockerfile, docker-compose.yml,
the README's command and bench/http.py all start it in the project folder). Arguments on the command line
(--workers, --bind) override what is here.

Threads in each worker (gthread): a request spends much of its time waiting for PostgreSQL (its queries and the
commit's write to disk), and a sync worker's CPU stands idle meanwhile. With threads the other requests of the
same worker run in those waits: 50 E-rijders submitting at once on 2 workers went from p95 about 450 to about
230 ms on the development machine (bench/http.py). Each thread keeps its own database connection (CONN_MAX_AGE),
so a worker holds up to `threads` connections: workers × threads must stay below PostgreSQL's max_connections.
The portal keeps per-request memory in a context variable and guards its per-process memory with a lock
(portal.verzoekgeheugen, portal.procesgeheugen), so threads do not see each other's answers.
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
