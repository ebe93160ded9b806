"""Django's flush, which may empty the append-only history: the one operation that wipes the whole database
(an administrator starting over, or the test runner between transactional tests)."""

from django.core.management.commands.flush import Command as DjangoFlush

from portal import historiebewaking


class Command(DjangoFlush):
    def handle(self, **options):
        historiebewaking.hef_op_voor_flush(options["database"])
        try:
            return super().handle(**options)
        finally:
            # Also when flush is told not to send post_migrate (which reinstalls it too).
            historiebewaking.installeer(options["database"])
