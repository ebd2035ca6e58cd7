from django import forms
from django.contrib.auth import authenticate

from casebook.core.forms import GovukForm


class SignInForm(GovukForm):
    username = forms.EmailField(
        label="Email address", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address in the correct format, like name@example.gov.uk"},
    )
    password = forms.CharField(
        label="Password", strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.user_cache = authenticate(
            self.request, username=cleaned["username"], password=cleaned["password"]
        )
        if self.user_cache is None:
            # One message for an unknown email and a wrong password: no hint of which accounts exist.
            raise forms.ValidationError("Enter a correct email address and password")
        return cleaned

    def get_user(self):
        return self.user_cache
