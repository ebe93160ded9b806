"""Password rules in Dutch.

Django 5.2 changed the text of the minimum-length message, and its Dutch catalogue still has the old text,
so the message reached people in English. This validator says the same in our own words."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(min)d teken bevatten.",
            "Dit wachtwoord is te kort. Het moet minstens %(min)d tekens bevatten.",
            self.min_length,
        ) % {"min": self.min_length}

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short")

    def get_help_text(self):
        return ngettext(
            "Uw wachtwoord moet minstens %(min)d teken lang zijn.",
            "Uw wachtwoord moet minstens %(min)d tekens lang zijn.",
            self.min_length,
        ) % {"min": self.min_length}
