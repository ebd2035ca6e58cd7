from django import forms

from casebook.core.forms import GovukForm


class AppCodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=10,
        help_text="The 6-digit code the app shows now",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric",
                                      "autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Code must be 6 digits")
        return code


class VerifyForm(GovukForm):
    code = forms.CharField(
        label="Code", max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "one-time-code",
                                      "spellcheck": "false"}),
        error_messages={"required": "Enter the code from your authenticator app or a recovery code"},
    )
