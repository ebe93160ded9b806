from django.apps import AppConfig


class NetaansluitingConfig(AppConfig):
    name = "netaansluiting"
    verbose_name = "Netaansluiting"
