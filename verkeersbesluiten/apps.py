from django.apps import AppConfig


class VerkeersbesluitenConfig(AppConfig):
    name = "verkeersbesluiten"
    verbose_name = "Verkeersbesluiten"
