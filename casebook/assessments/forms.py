from django import forms

from casebook.assessments.codes import Factor, Outcome
from casebook.core.forms import GovukDateField, GovukForm, VersionedFormMixin


class AssessmentStartForm(GovukForm):
    start_date = GovukDateField(label="Date the assessment started", not_future=True,
                                help_text="For example, 27 3 2025",
                                error_messages={"required": "Enter the date the assessment started"})


class AssessmentForm(VersionedFormMixin, GovukForm):
    child_seen_on = GovukDateField(label="Date the child was seen", required=False, not_future=True,
                                   help_text="Leave blank if the child has not been seen yet")
    analysis = forms.CharField(label="Analysis", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                               help_text="What life is like for the child, the risks and strengths, and why")
    # "No factors identified" last, after a GOV.UK "or" divider; GOV.UK Frontend's exclusive
    # behaviour unticks the factors when it is ticked, and clean_factors refuses both without JS.
    factors = forms.MultipleChoiceField(label="Factors identified", required=False,
                                        choices=[c for c in Factor.choices if c[0] != Factor.NONE]
                                        + [(Factor.NONE.value, Factor.NONE.label)],
                                        widget=forms.CheckboxSelectMultiple(attrs={"exclusive": Factor.NONE.value}),
                                        help_text="Select all that apply, or 'No factors identified'")
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices, required=False, widget=forms.RadioSelect)
    authorised_on = GovukDateField(label="Date authorised by a manager", required=False, not_future=True,
                                   help_text="Leave blank until a manager has authorised the assessment")
    delay_reason = forms.CharField(label="Reason for the delay", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="Needed when the assessment is authorised after its due date")

    def clean_factors(self):
        factors = self.cleaned_data["factors"]
        if Factor.NONE in factors and len(factors) > 1:
            raise forms.ValidationError("Select 'No factors identified' or the factors, not both")
        return factors
