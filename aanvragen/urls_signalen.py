from django.urls import path

from aanvragen import views_signalen as views

app_name = "signalen"

urlpatterns = [
    path("", views.werklijst, name="werklijst"),
    path("<int:pk>/", views.detail, name="detail"),
]
