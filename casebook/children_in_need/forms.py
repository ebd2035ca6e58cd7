from django import forms

from casebook.core.forms import GovukDateField, GovukForm
from casebook.episodes.codes import ClosureReason


class PlanStartForm(GovukForm):
    start_date = GovukDateField(label="Date the plan started", not_future=True,
                                error_messages={"required": "Enter the date the plan started"})


class PlanEndForm(GovukForm):
    end_date = GovukDateField(label="Date the plan ended", not_future=True,
                              error_messages={"required": "Enter the date the plan ended"})


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date of the review", not_future=True,
                             error_messages={"required": "Enter the date of the review"})


class ClosureForm(GovukForm):
    closure_date = GovukDateField(label="Closure date", not_future=True,
                                  error_messages={"required": "Enter the closure date"})
    closure_reason = forms.ChoiceField(label="Reason for closure", choices=ClosureReason.choices,
                                       widget=forms.RadioSelect,
                                       help_text="RC9 steps the family down to early help after an assessment",
                                       error_messages={"required": "Select the reason for closure"})
