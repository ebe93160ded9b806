"""Dynamic answers gzipped by ISA-L (the `isal` package) at its level 1, not by zlib at Django's level 6.

Django's GZipMiddleware compresses with zlib at level 6: a nearest-locations page of 32 KB cost 0.19 ms,
zlib's level 1 about 0.13 ms within a request (its 256 KB of state comes to the answer with cold caches) for
13 % more bytes. ISA-L's level 1 writes the same gzip format, smaller than zlib's level 1 (3.9 instead of 4.3
KB), in about 0.05 ms within a request: on a search that must answer within a few milliseconds, the server's
cores are scarcer than the bytes on the wire. Everything else is Django's: what is compressed (not under 200 bytes, not already
encoded, only for clients that accept gzip), the Vary header, the weak ETag and the random padding against
BREACH ("Heal the Breach") that settings.MIDDLEWARE explains. Streaming answers keep Django's own handling.
"""

import gzip
import secrets

from django.middleware import gzip as djangogzip
from isal import isal_zlib

NIVEAU = 1  # ISA-L's levels run from 0 to 3


def comprimeer(inhoud: bytes, *, max_random_bytes: int) -> bytes:
    """As django.utils.text.compress_string: gzip with mtime 0 and a file name of random length in the header,
    so an answer's size says nothing exact about a secret in it; by ISA-L at NIVEAU."""
    gecomprimeerd = isal_zlib.compress(inhoud, NIVEAU, 16 + isal_zlib.MAX_WBITS)  # gzip, mtime 0
    kop = bytearray(gecomprimeerd[:10])
    kop[3] = gzip.FNAME
    return bytes(kop) + b"a" * secrets.randbelow(max_random_bytes) + b"\x00" + gecomprimeerd[10:]


class GZipMiddleware(djangogzip.GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming or response.has_header("Content-Encoding") or len(response.content) < 200:
            return super().process_response(request, response)
        djangogzip.patch_vary_headers(response, ("Accept-Encoding",))
        if not djangogzip.re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        gecomprimeerd = comprimeer(response.content, max_random_bytes=self.max_random_bytes)
        if len(gecomprimeerd) >= len(response.content):
            return response
        response.content = gecomprimeerd
        response.headers["Content-Length"] = str(len(gecomprimeerd))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
