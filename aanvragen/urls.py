from django.urls import path

from aanvragen import views

app_name = "aanvragen"

urlpatterns = [
    path("", views.mijn, name="mijn"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("locatie-aanvragen/", views.locatie_aanvragen, name="locatie_aanvragen"),
    path("adres/", views.adres, name="adres"),
    path("werklijst/", views.werklijst, name="werklijst"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/aanvullen/", views.aanvullen, name="aanvullen"),
    path("<int:pk>/intrekken/", views.intrekken, name="intrekken"),
    path("<int:pk>/bewijs/", views.bewijs, name="bewijs"),
    path("<int:pk>/behandelen/", views.behandel, name="behandel"),
]
