import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Admin modules to register; everything an administrator manages, minus django-leaflet's GIS admin.
ADMIN_MODULES = [
    "django.contrib.auth.admin",
    "rest_framework.authtoken.admin",
    "portal.admin",
    "aanvragen.admin",
    "plankaart.admin",
    "verkeersbesluiten.admin",
    "netaansluiting.admin",
]


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portaal"

    def ready(self):
        from portal import historiebewaking

        for module in ADMIN_MODULES:
            importlib.import_module(module)
        post_migrate.connect(historiebewaking.na_migratie, sender=self, dispatch_uid="historie_alleen_aanvullen")
        from portal import procesgeheugen
        from portal.kengetallen import fasen

        fasen.verbind()
        procesgeheugen.verbind()
