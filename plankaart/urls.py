from django.urls import path, re_path

from plankaart import views

app_name = "plankaart"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("werklijst/", views.werklijst, name="werklijst"),
    path("locaties/<int:pk>/", views.locatie, name="locatie"),
    path("aanvraag/<int:pk>/locatie/", views.locatie_bepalen, name="locatie_bepalen"),
    re_path(r"^(?P<gemeente_pk>\d+)/export\.(?P<formaat>geojson|csv)$", views.exporteer, name="exporteer"),
    path("<int:gemeente_pk>/importeren/", views.importeren, name="importeren"),
    path("<int:gemeente_pk>/herzien/", views.herzien, name="herzien"),
    path("import/<int:pk>/", views.plankaartimport, name="import"),
    path("import/<int:pk>/stand/", views.importstand, name="importstand"),
    path("import/<int:pk>/toepassen/", views.import_toepassen, name="import_toepassen"),
]
