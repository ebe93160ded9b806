from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from aanvragen.api import AanvraagViewSet
from aanvragen.api_signalen import SignaalViewSet
from netaansluiting.api import BatchViewSet, NetaansluitingViewSet
from plankaart import views as plankaartviews
from plankaart.api import KaartLocatiesView, KaartLocatieView, LocatieViewSet
from plankaart.api_proactief import ProactiefPlanViewSet, PrognoseViewSet, ReactieViewSet
from plankaart.api_verbruik import CdrViewSet, VerbruikView
from portal import privacypaginas, rekenhulp, rollen, views, werking
from portal.beveiliging import csp_aanvulling
from portal.kengetallen import api as kengetallen_api
from verkeersbesluiten.api import BezwaarViewSet, VerkeersbesluitViewSet

router = DefaultRouter()
router.register("aanvragen", AanvraagViewSet, basename="aanvraag")
router.register("locaties", LocatieViewSet, basename="locatie")
router.register("verkeersbesluiten", VerkeersbesluitViewSet, basename="verkeersbesluit")
router.register("bezwaren", BezwaarViewSet, basename="bezwaar")
router.register("netaansluitingen", NetaansluitingViewSet, basename="netaansluiting")
router.register("batches", BatchViewSet, basename="batch")
router.register("cdrs", CdrViewSet, basename="cdr")
router.register("signalen", SignaalViewSet, basename="signaal")
router.register("prognoses", PrognoseViewSet, basename="prognose")
router.register("proactieve-plannen", ProactiefPlanViewSet, basename="proactiefplan")
router.register("reacties", ReactieViewSet, basename="reactie")

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # API Design Rules /core/publish-openapi: the document as JSON at the standard place as well.
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-json"),
    # The split view serves its start script from a URL instead of inline (the Content-Security-Policy).
    path("schema/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Redoc writes its styles as <style> elements at run time (styled-components), searches in a blob:
    # worker and shows its makers' logo from their CDN; only this page gets those, its scripts stay 'self'.
    path(
        "schema/redoc/",
        csp_aanvulling(style_src=["'unsafe-inline'"], worker_src=["blob:"], img_src=["https://cdn.redoc.ly"])(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
    path("kaart/locaties/", KaartLocatiesView.as_view(), name="kaart-locaties"),
    path("kaart/locaties/<int:pk>/", KaartLocatieView.as_view(), name="kaart-locatie"),
    path("verbruik/", VerbruikView.as_view(), name="verbruik"),
    # The router's resources first, for the same reason; none of their paths is another pattern's.
    *router.urls,
    *kengetallen_api.urlpatterns,
    path("exports/", include("portal.kengetallen.exports")),
]

account_patterns = [
    path("registreren/", views.registreren, name="registreren"),
    path("registratie-verstuurd/", views.registratie_verstuurd, name="registratie_verstuurd"),
    path("bevestig/<str:uidb64>/<str:token>/", views.bevestig, name="bevestig"),
    path("opnieuw-bevestigen/", views.opnieuw_bevestigen, name="opnieuw_bevestigen"),
    path("inloggen/", views.InlogView.as_view(), name="login"),
    path("inloglink/<str:uidb64>/<str:token>/", views.inloglink, name="inloglink"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("gegevens/", privacypaginas.mijn_gegevens, name="mijn_gegevens"),
    path("gegevens/download/", privacypaginas.gegevens_downloaden, name="gegevens_downloaden"),
    path("verwijderen/", privacypaginas.account_verwijderen, name="account_verwijderen"),
    path("wachtwoord-vergeten/", views.WachtwoordVergetenView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.WachtwoordHerstellenView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-hersteld/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]

urlpatterns = [
    # The API first: Django tries the patterns in order, and API clients call far more often than pages load
    # (a planner's map asks the nearest-locations search at every move). The prefixes do not overlap.
    path("api/v1/", include((api_patterns, "api"))),
    path("", views.start, name="start"),
    path("werk/", views.werk, name="werk"),
    path("account/", include(account_patterns)),
    path("berichten/", views.berichten, name="berichten"),
    path("berichten/<int:pk>/", views.bericht, name="bericht"),
    path("berichten/alles-gelezen/", views.alles_gelezen, name="alles_gelezen"),
    path("aanvragen/", include("aanvragen.urls")),
    path("signalen/", include("aanvragen.urls_signalen")),
    path("verbruik/", include("plankaart.urls_verbruik")),
    path("plankaart/", include("plankaart.urls")),
    path("verkeersbesluiten/", include("verkeersbesluiten.urls")),
    path("realisatie/", include("netaansluiting.urls")),
    path("kaart/", plankaartviews.publieke_kaart, name="kaart"),
    path("termijnen/", rekenhulp.rekenhulp, name="rekenhulp"),
    path("kengetallen/", include("portal.kengetallen.urls")),
    path("beheer/werking/", werking.werking, name="werking"),
    path("privacy/", privacypaginas.privacyverklaring, name="privacy"),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="portal/toegankelijkheid.html"),
        name="toegankelijkheid",
    ),
    path("ocpi/2.2.1/", include("plankaart.ocpi")),
    path("admin/rechten/", admin.site.admin_view(rollen.overzicht), name="rechten"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Laadpaalportaal — beheer"
admin.site.site_title = "Laadpaalportaal"
handler404 = "portal.api.niet_gevonden"
