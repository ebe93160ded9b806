"""Who may open the staff pages that belong to no single case (the calculator, the operations page)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def is_medewerker(gebruiker) -> bool:
    """Staff of any organisation in the chain, or an administrator; never an E-rijder."""
    return gebruiker.is_authenticated and (gebruiker.organisatie_id is not None or gebruiker.is_staff)


def is_provincie(gebruiker) -> bool:
    """Staff of a provincie: who steers on the figures, forecasts and proactive shares."""
    organisatie = getattr(gebruiker, "organisatie", None) if gebruiker.is_authenticated else None
    return organisatie is not None and organisatie.soort == "provincie"


def alleen_medewerkers(view):
    """E-rijders get a 404, as for any page that is not theirs."""

    @wraps(view)
    def gecontroleerd(request, *args, **kwargs):
        if not is_medewerker(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(gecontroleerd)


def alleen_beheerders(view):
    @wraps(view)
    def gecontroleerd(request, *args, **kwargs):
        if not request.user.is_staff:
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(gecontroleerd)
