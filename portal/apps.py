import importlib

from django.apps import AppConfig

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
        for module in ADMIN_MODULES:
            importlib.import_module(module)
