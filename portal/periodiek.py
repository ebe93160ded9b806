"""Recording each run of a periodic job (for the operations page): start, duration, counts, failure."""

import datetime as dt
import functools
import logging
import time
import traceback

from portal import klok
from portal.models import Taakrun

log = logging.getLogger(__name__)

BEWAARDAGEN = 30


def vastgelegd(functie):
    """Wrap a periodic task so every run leaves a Taakrun row; a failure is recorded and raised again.

    The task returns a dict of counts (or one number). Runs older than BEWAARDAGEN are pruned by the
    task itself, so the table stays small without another job.
    """
    naam = f"{functie.__module__}.{functie.__name__}"

    @functools.wraps(functie)
    def uitvoeren(*args, **kwargs):
        run = Taakrun.objects.create(taak=naam, begonnen_op=klok.nu())
        begin = time.monotonic()
        try:
            resultaat = functie(*args, **kwargs)
        except Exception:
            run.fout = traceback.format_exc()[-4000:]
            raise
        else:
            run.aantallen = resultaat if isinstance(resultaat, dict) else {"aantal": resultaat}
            return resultaat
        finally:
            run.duur_ms = round((time.monotonic() - begin) * 1000)
            run.save(update_fields=["duur_ms", "aantallen", "fout"])
            Taakrun.objects.filter(
                taak=naam, begonnen_op__lt=klok.nu() - dt.timedelta(days=BEWAARDAGEN)
            ).delete()

    return uitvoeren
