from django.urls import path

from plankaart import views_verbruik as views

app_name = "verbruik"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("cdrs/", views.cdrpagina, name="cdrs"),
    path("cdrs/<int:pk>/", views.cdrimport, name="cdrimport"),
]
