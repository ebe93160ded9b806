"""The capability table as an admin page (portal.rechten holds the table itself)."""

from django.contrib import admin
from django.shortcuts import render

from portal import rechten


def overzicht(request):
    context = {**admin.site.each_context(request), "rijen": rechten.overzicht()}
    return render(request, "portal/rechten.html", context)
