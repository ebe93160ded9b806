from portal.selectors import inbox


def portal(request):
    gebruiker = getattr(request, "user", None)
    if gebruiker is None or not gebruiker.is_authenticated:
        return {}
    return {"ongelezen_berichten": inbox(gebruiker).filter(gelezen_op__isnull=True).count()}
