from django.urls import path

from portal.kengetallen import views

app_name = "kengetallen"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<str:naam>/", views.grafiek_csv, name="csv"),
    path("simulatie/", views.simulatie_pagina, name="simulatie"),
    path("simulatie/csv/<str:naam>/", views.simulatie_csv, name="simulatie_csv"),
]
