from django.urls import path

from netaansluiting import views

app_name = "netaansluiting"

urlpatterns = [
    path("", views.bord, name="bord"),
    path("uitvoeringsplan/", views.plan, name="plan"),
    path("<int:pk>/", views.realisatie, name="realisatie"),
    path("documenten/<int:pk>/", views.document, name="document"),
    path(
        "locaties/<int:locatie_pk>/netaansluiting-aanvragen/", views.aansluiting_aanvragen, name="aanvragen"
    ),
    path("netaansluitingen/", views.aansluitingen, name="aansluitingen"),
    path("netaansluitingen/<int:pk>/", views.aansluiting, name="aansluiting"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch, name="batch"),
]
