from django import forms

from casebook.core.forms import GovukForm


class BreakGlassForm(GovukForm):
    casebook_id = forms.CharField(
        label="Casebook ID of the child", max_length=20,
        error_messages={"required": "Enter the Casebook ID of the child"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label="Why do you need to see this record now?", max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your manager and the information governance team will see this reason",
        error_messages={"required": "Enter why you need to see this record",
                        "max_length": "Reason must be 1000 characters or fewer"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Reason must explain why you need to see this record (at least 10 characters)")
        return reason


class InformationGovernanceForm(BreakGlassForm):
    """An information governance request: which child, why, and which page to open."""

    page = forms.ChoiceField(
        label="What do you need to open?", widget=forms.RadioSelect,
        choices=[("subject-access", "The subject access bundle"), ("who-viewed", "Who has viewed the record")],
        error_messages={"required": "Select what you need to open"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why do you need to open it?"
        self.fields["reason"].help_text = ("For example the subject access request or complaint reference. "
                                           "This is recorded and shown in the access review")
        self.fields["reason"].error_messages["required"] = "Enter why you need to open it"
