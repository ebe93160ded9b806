"""The API's page numbers with the work lists' bounded count (DEFAULT_PAGINATION_CLASS). A module of its own: DRF
imports it while it sets itself up, before portal.api (which needs DRF) can be imported."""

import functools

from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination

from portal.paginering import BegrensdePaginator


class BegrensdePaginering(PageNumberPagination):
    """DRF's page numbers with the work lists' bounded count (portal.paginering): `count` is exact up to
    WERKLIJST_TELGRENS; above it the count stops one row past the cap (or past the page asked for) and
    `count_begrensd` is true: there are more rows than `count`. `next` keeps working on every page."""

    def paginate_queryset(self, queryset, request, view=None):
        pagina = request.query_params.get(self.page_query_param)
        self.django_paginator_class = functools.partial(BegrensdePaginator, pagina=pagina)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        antwoord = super().get_paginated_response(data)
        antwoord.data = {
            "count": antwoord.data["count"],
            "count_begrensd": self.page.paginator.afgekapt,
            **{k: v for k, v in antwoord.data.items() if k != "count"},
        }
        return antwoord

    def get_paginated_response_schema(self, schema):
        uit = super().get_paginated_response_schema(schema)
        uit["properties"] = {
            "count": uit["properties"]["count"],
            "count_begrensd": {
                "type": "boolean",
                "description": _("Waar als er meer rijen zijn dan count: het tellen stopt bij de telgrens."),
            },
            **{k: v for k, v in uit["properties"].items() if k != "count"},
        }
        uit["required"] = [*uit["required"], "count_begrensd"]
        return uit
