from django.apps import AppConfig


class PlankaartConfig(AppConfig):
    name = "plankaart"
    verbose_name = "Plankaart"
