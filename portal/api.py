"""Shared REST plumbing: errors as application/problem+json (Dutch API Design Rules), and the history and
transition endpoints every case resource has."""

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import page_not_found
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import exception_handler

from portal import historie, transities

PROBLEM = "application/problem+json"

_TITELS = {
    400: gettext_lazy("Ongeldige invoer"),
    401: gettext_lazy("Niet ingelogd"),
    403: gettext_lazy("Geen toestemming"),
    404: gettext_lazy("Niet gevonden"),
    405: gettext_lazy("Methode niet toegestaan"),
    409: gettext_lazy("Niet mogelijk in de huidige status"),
    415: gettext_lazy("Niet-ondersteund mediatype"),
    429: gettext_lazy("Te veel verzoeken"),
}


def _naar_drf(exc):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, transities.GeenRecht):
        return exceptions.PermissionDenied(exc.reden or None)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, transities.NietToegestaan):
        fout = exceptions.APIException(_("Deze transitie is niet mogelijk vanuit de huidige status."))
        fout.status_code = status.HTTP_409_CONFLICT
        return fout
    if isinstance(exc, transities.OnbekendeTransitie | Http404):
        return exceptions.NotFound()
    return exc


def _ongeldige_velden(detail, voorvoegsel=""):
    """Flatten DRF's nested error dict to [{name, code, reason}], one entry per message."""
    velden = []
    if isinstance(detail, dict):
        for naam, sub in detail.items():
            pad = f"{voorvoegsel}.{naam}" if voorvoegsel else str(naam)
            velden += _ongeldige_velden(sub, pad)
    elif isinstance(detail, list):
        for sub in detail:
            velden += _ongeldige_velden(sub, voorvoegsel)
    else:
        velden.append(
            {
                "name": voorvoegsel or "non_field_errors",
                "code": getattr(detail, "code", "invalid"),
                "reason": str(detail),
            }
        )
    return velden


def problem_exception_handler(exc, context):
    exc = _naar_drf(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    body = {
        "type": f"https://httpstatuses.io/{code}",
        "title": str(_TITELS.get(code, _("Fout"))),
        "status": code,
    }
    if isinstance(exc, exceptions.ValidationError):
        velden = _ongeldige_velden(exc.detail)
        namen = ", ".join(dict.fromkeys(v["name"] for v in velden))
        body["detail"] = _("Controleer deze velden: %(velden)s.") % {"velden": namen}
        body["invalid_params"] = velden
    else:
        detail = getattr(exc, "detail", None)
        body["detail"] = str(detail) if detail else body["title"]
    instance = context.get("request")
    if instance is not None:
        body["instance"] = instance.get_full_path()
    doorgeven = {
        k: v for k, v in response.items() if k.lower() in ("www-authenticate", "retry-after", "allow")
    }
    return Response(body, status=code, headers=doorgeven, content_type=PROBLEM)


PROBLEEM_SCHEMA = {
    "type": "object",
    "description": "Een fout volgens RFC 9457 (application/problem+json), met een leesbare `detail`.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalid_params": {
            "type": "array",
            "description": "Bij 400: elk fout veld met de reden.",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
# Which errors an operation can answer with; problem_exception_handler gives them all the same shape.
FOUTEN_ALTIJD = {
    "400": "Foute invoer of parameters; `invalid_params` noemt elk veld.",
    "401": "Niet ingelogd (gebruik `Authorization: Token <sleutel>`).",
    "403": "U mag dit niet; `detail` noemt zo nodig de rol die nodig is.",
    "404": "Niet gevonden, of niet voor u zichtbaar.",
    "429": "Te veel verzoeken; zie `Retry-After`.",
}
FOUTEN_SCHRIJVEN = {
    "409": "Niet mogelijk vanuit de huidige status.",
    "415": "Niet-ondersteund mediatype.",
}


def documenteer_fouten(result, generator, request, public):
    """drf-spectacular hook: every operation documents its error answers as application/problem+json, so the
    schema describes what the API really says (the Dutch API Design Rules; schemathesis checks it)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Probleem"] = PROBLEEM_SCHEMA
    verwijzing = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Probleem"}}}
    for pad in result.get("paths", {}).values():
        for methode, operatie in pad.items():
            if methode not in ("get", "post", "put", "patch", "delete"):
                continue
            fouten = {**FOUTEN_ALTIJD, **(FOUTEN_SCHRIJVEN if methode != "get" else {})}
            antwoorden = operatie.setdefault("responses", {})
            for code, omschrijving in fouten.items():
                antwoorden.setdefault(code, {"description": omschrijving, "content": verwijzing})
    return result


def niet_gevonden(request, exception=None):
    """handler404: an address under /api/ that matches no route answers problem+json like every API error;
    other addresses get the portal's own 404 page."""
    if request.path.startswith("/api/"):
        body = {
            "type": "https://httpstatuses.io/404",
            "title": str(_TITELS[404]),
            "status": 404,
            "detail": _("Dit adres bestaat niet in de API."),
            "instance": request.get_full_path(),
        }
        return JsonResponse(body, status=404, content_type=PROBLEM)
    return page_not_found(request, exception)


# Serializer fields as built, per serializer class and language. DRF's ModelSerializer introspects the model
# again for every instance (a submission's answer paid about 2 ms for it, a few hundred gettext calls among
# them), and a plain Serializer re-creates every declared field; ours build once and give each instance copies.
# A field is copied shallowly: binding it to a serializer sets only the copy's own attributes, and its choices,
# validators and queryset are read, never changed (DRF takes `.all()` of a queryset before using it). A field that holds another (a nested
# serializer, a list's child, a many-relation's child relation) binds that one too, so it is copied whole, as
# DRF copies declared fields. A subclass whose fields depend on the instance or the request changes them after
# get_fields (as the verkeersbesluit serializer narrows its gemeenten), on its own copy.
_GEBOUWDE_VELDEN: dict[tuple[type, str | None], dict] = {}


def _kopie(veld):
    samengesteld = (
        isinstance(veld, serializers.BaseSerializer)
        or hasattr(veld, "child")
        or hasattr(veld, "child_relation")
    )
    return copy.deepcopy(veld) if samengesteld else copy.copy(veld)


class GebouwdeVelden:
    """A serializer's fields built once per class and language and copied per instance (see above)."""

    def get_fields(self):
        sleutel = (type(self), translation.get_language())
        if sleutel not in _GEBOUWDE_VELDEN:
            _GEBOUWDE_VELDEN[sleutel] = super().get_fields()
        return {naam: _kopie(veld) for naam, veld in _GEBOUWDE_VELDEN[sleutel].items()}


class Serializer(GebouwdeVelden, serializers.Serializer):
    """A plain serializer for a hot path (what every submission sends): DRF re-creates each declared field for
    every instance, running its __init__ again."""


class ModelSerializer(GebouwdeVelden, serializers.ModelSerializer):
    """A ModelSerializer whose read-only choice fields keep `allow_blank` when the model field is blank=True:
    DRF drops it for read-only fields, and the schema would then say "" never comes back (a step, a reason
    code that is empty until it applies)."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        leeg_mag = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if leeg_mag and kwargs.get("read_only") and "choices" in kwargs:
            kwargs["allow_blank"] = True
        return kwargs


class StatuslabelField(serializers.CharField):
    """`status_label`: the label of the case's status, from the labels kept per language (`statuslabels`)
    instead of Django's get_status_display, which rebuilds (and hashes) the choices for every row of a list."""

    def __init__(self, **kwargs):
        super().__init__(source="status", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self._labels = statuslabels(parent.Meta.model)

    def to_representation(self, value):
        return self._labels.get(value, value)


def statuslabels(model) -> dict[str, str]:
    """The labels of `model`'s statuses in the current language, by value; kept per process and language.
    Read only: every caller shares the one dict."""
    return _statuslabels(model, translation.get_language())


@functools.lru_cache(maxsize=64)
def _statuslabels(model, _taal: str | None) -> dict[str, str]:
    return {k: str(v) for k, v in model._meta.get_field("status").flatchoices}


class HistorieUrlField(serializers.CharField):
    """`historie_url`: the absolute address of the case's history in the API. The address is built once per
    answer and only the id is put in for each row (reverse() per row cost a list more than its SQL)."""

    def __init__(self, route: str, **kwargs):
        self.route = route
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        sjablonen = self.context.setdefault("_historie_urls", {})
        if self.route not in sjablonen:
            sjablonen[self.route] = adres_rond_id(self.context["request"], self.route)
        voor, na = sjablonen[self.route]
        return f"{voor}{value.pk}{na}"


def adres_rond_id(request, route: str) -> tuple[str, str]:
    """The absolute address of `route` for one id, split around the id: voor + str(id) + na."""
    voor, na = _pad_rond_id(route, get_script_prefix(), get_urlconf())
    return request.build_absolute_uri(voor), na


# A placeholder id that no other part of the address contains.
_VOORBEELD_ID = "987654321"


@functools.lru_cache(maxsize=256)
def _pad_rond_id(route: str, _prefix: str, _urlconf) -> tuple[str, str]:
    """`route`'s path for one id, split around the id; kept per process for each script prefix and URL
    configuration (the keys reverse() reads besides the route), as every list asks it per request."""
    voor, na = reverse(route, args=[_VOORBEELD_ID]).rsplit(_VOORBEELD_ID, 1)
    return voor, na


def alleen_voor_wie_het_mag_zien(serializer_class, velden, uitleg):
    """Tell the schema that these fields are left out of the answer for a caller who may not see them: they
    are optional, with `uitleg` (one text, or a function of the field name) saying who sees them. An
    OpenApiSerializerExtension registers itself when the class is made."""

    class Schema(OpenApiSerializerExtension):
        target_class = serializer_class

        def map_serializer(self, auto_schema, direction):
            schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
            schema["required"] = [v for v in schema.get("required", []) if v not in velden]
            for veld in velden:
                if veld in schema["properties"]:
                    schema["properties"][veld]["description"] = uitleg(veld) if callable(uitleg) else uitleg
            return schema

    Schema.__name__ = f"{serializer_class.__name__}Schema"
    return Schema


# Every case resource (DESIGN.md section 6): its history and its transitions, the same way.


class HistorieSerializer(serializers.Serializer):
    transitie = serializers.CharField()
    van = serializers.CharField()
    naar = serializers.CharField()
    op = serializers.DateTimeField()
    door = serializers.SerializerMethodField()
    organisatie = serializers.SerializerMethodField()
    reden = serializers.CharField()

    def get_organisatie(self, rij) -> str | None:
        return rij.organisatie_naam or None

    def get_door(self, rij) -> str | None:
        # E-rijders are never named in a case's history; staff by name.
        if rij.door_id is None:
            return None
        return rij.door_naam if rij.organisatie_id else "E-rijder"


class LeegSerializer(serializers.Serializer):
    pass


@dataclass(frozen=True)
class Transitie:
    """One transition over REST: its input, the service that runs it, and the check that answers 403 (may
    never) before 409 (not now) before the input is looked at. Without a check: the resource's own
    django-fsm transition of that name."""

    invoer: type[serializers.Serializer]
    uitvoeren: Callable
    controle: Callable | None = None  # (zaak, gebruiker) -> None, raises GeenRecht or NietToegestaan


class ZaakAPI:
    """`historie/` and `transities/<naam>/` for a case viewset. Subclasses set TRANSITIES and serializer_class."""

    TRANSITIES: dict[str, Transitie] = {}

    # The whole history in one list, oldest first: not paginated (a case has tens of steps, not thousands).
    @extend_schema(responses=HistorieSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def historie(self, request, pk=None):
        return Response(HistorieSerializer(historie.historie_van(self.get_object()), many=True).data)

    def zaak_voor_transitie(self):
        """The case a transition starts from: found through the same scoped queryset (another organisation's
        case is a 404). A resource may load it leaner, since the service locks and reads it afresh anyway."""
        return self.get_object()

    @action(detail=True, methods=["post"], url_path=r"transities/(?P<naam>[a-z_]+)")
    def transities(self, request, pk=None, naam=None):
        zaak = self.zaak_voor_transitie()
        if naam not in self.TRANSITIES:
            raise transities.OnbekendeTransitie(naam)
        transitie = self.TRANSITIES[naam]
        if transitie.controle is not None:
            transitie.controle(zaak, request.user)
        else:
            transities.controleer(zaak, naam, request.user)
        invoer = transitie.invoer(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        zaak = transitie.uitvoeren(zaak, request.user, invoer.validated_data)
        zaak = get_object_or_404(self.get_queryset(), pk=zaak.pk)
        return Response(self.get_serializer(zaak).data)


def toegestaan(zaak, gebruiker, extra=()) -> list[str]:
    """`toegestane_transities` of a resource: its own transitions for this caller, plus service actions."""
    return [*transities.toegestane_transities(zaak, gebruiker), *extra]
