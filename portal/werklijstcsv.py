"""A work list as CSV, with the filters the page was showing: `?formaat=csv` on the same address.

Columns are (heading, function of a row); every cell goes through portal.csvexport, so a text that a
spreadsheet would run as a formula stays text. Rows are read in chunks, so a long list does not sit in memory."""

from __future__ import annotations

from django.http import HttpResponse

from portal import csvexport, klok

MAX_RIJEN = 50_000


def gevraagd(request) -> bool:
    return request.GET.get("formaat") == "csv"


def antwoord(naam: str, kolommen, rijen) -> HttpResponse:
    uit = HttpResponse(content_type="text/csv; charset=utf-8")
    uit["Content-Disposition"] = f'attachment; filename="{naam}-{klok.vandaag().isoformat()}.csv"'
    uit.write("\ufeff")  # spreadsheets on Windows read UTF-8 only with the byte order mark
    schrijver = csvexport.writer(uit, delimiter=";")
    schrijver.writerow([kop for kop, _ in kolommen])
    if hasattr(rijen, "iterator"):
        rijen = rijen[:MAX_RIJEN].iterator(chunk_size=1000)
    for rij in rijen:
        schrijver.writerow([_tekst(functie(rij)) for _, functie in kolommen])
    return uit


def _tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if hasattr(waarde, "isoformat"):
        return waarde.isoformat()
    return str(waarde)


def csv_link(request) -> str:
    """The page's address with its filters and formaat=csv (no page number)."""
    params = request.GET.copy()
    params.pop("pagina", None)
    params["formaat"] = "csv"
    return "?" + params.urlencode()
