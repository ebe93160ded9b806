from django.urls import path

from verkeersbesluiten import views

app_name = "verkeersbesluiten"

urlpatterns = [
    path("", views.werklijst, name="werklijst"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("beleid/", views.beleid, name="beleid"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/wijzigen/", views.wijzigen, name="wijzigen"),
    path("<int:pk>/besluit.pdf", views.pdf, name="pdf"),
    path("bezwaren/<int:pk>/", views.bezwaar, name="bezwaar"),
]
