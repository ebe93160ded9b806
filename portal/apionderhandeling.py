"""Which renderer answers an API call (DEFAULT_CONTENT_NEGOTIATION_CLASS): DRF's choice, with the common case
decided without parsing. A module of its own: DRF imports it while it sets itself up.

Nearly every API client sends no Accept header, `*/*` or `application/json`, and no `?format=`. For those DRF
parses the header and every renderer's media type into objects on every call (some 40 µs, on a search that
must answer within a few milliseconds); the answer is always the first renderer, with its own media type (for
`application/json`: when that is the first renderer's). Every other call goes to DRF as it is.
"""

from rest_framework.negotiation import DefaultContentNegotiation

_GEWOON = frozenset({"*/*", "application/json"})


class Onderhandeling(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        accept = request.META.get("HTTP_ACCEPT", "*/*")
        if (
            accept in _GEWOON
            and renderers
            and format_suffix is None
            and self.settings.URL_FORMAT_OVERRIDE not in request.query_params
            and (accept == "*/*" or renderers[0].media_type == accept)
        ):
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
