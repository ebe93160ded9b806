from django.urls import path, re_path

from plankaart import views, views_proactief

app_name = "plankaart"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("werklijst/", views.werklijst, name="werklijst"),
    path("locaties/<int:pk>/", views.locatie, name="locatie"),
    path("aanvraag/<int:pk>/locatie/", views.locatie_bepalen, name="locatie_bepalen"),
    re_path(r"^(?P<gemeente_pk>\d+)/export\.(?P<formaat>geojson|csv)$", views.exporteer, name="exporteer"),
    path("<int:gemeente_pk>/importeren/", views.importeren, name="importeren"),
    path("<int:gemeente_pk>/ocpi-locaties/", views.ocpi_locaties, name="ocpi_locaties"),
    path("<int:gemeente_pk>/herzien/", views.herzien, name="herzien"),
    path("import/<int:pk>/", views.plankaartimport, name="import"),
    path("import/<int:pk>/stand/", views.importstand, name="importstand"),
    path("import/<int:pk>/toepassen/", views.import_toepassen, name="import_toepassen"),
    # The proactive lane: the provincie's page, a plan, and the public participation (no login).
    path("proactief/", views_proactief.overzicht, name="proactief"),
    path("proactief/prognose/", views_proactief.prognose_uploaden, name="prognose_uploaden"),
    path("proactief/prognose/<int:pk>/", views_proactief.prognose_import, name="prognose_import"),
    path("proactief/plan/", views_proactief.plan_maken, name="plan_maken"),
    path("proactief/<int:pk>/", views_proactief.plan, name="proactief_plan"),
    path("inspraak/", views_proactief.inspraaklijst, name="inspraaklijst"),
    path("inspraak/<int:pk>/", views_proactief.inspraakpagina, name="inspraak"),
    path("inspraak/bevestigen/<str:token>/", views_proactief.inspraak_bevestigen, name="inspraak_bevestigen"),
]
