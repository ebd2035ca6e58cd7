from django import forms

from casebook.core.forms import GovukDateField, GovukForm, GovukTimeField
from casebook.visits.models import VisitKind


def _text(label, help_text="", rows=3):
    return forms.CharField(label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, goal) -> str:
        outcome = goal.outcome if len(goal.outcome) <= 80 else goal.outcome[:77] + "..."
        return f"{goal.plan.get_kind_display()}: {outcome}"


class VisitForm(GovukForm):
    visited_on = GovukDateField(label="Date of the visit", not_future=True,
                                error_messages={"required": "Enter the date of the visit"})
    visited_at = GovukTimeField(label="Time of the visit", required=False,
                                help_text="Optional. For example, 14:30 or 9.30am")
    kind = forms.ChoiceField(label="Type of visit", choices=VisitKind.choices, widget=forms.RadioSelect,
                             help_text="A child protection, child in need or looked-after visit sets the date the next "
                                       "visit is due", error_messages={"required": "Select the type of visit"})
    present = _text("Who was present", rows=2)
    seen = forms.BooleanField(label="Child seen", required=False)
    seen_alone = forms.BooleanField(label="Child seen alone", required=False)
    bedroom_seen = forms.BooleanField(label="Child's bedroom seen", required=False)
    wishes_and_feelings = _text("The child's wishes and feelings, in their own words",
                                "Write what the child said or showed you, as they put it", rows=4)
    goal = GoalChoiceField(label="Plan goal the child's words inform", queryset=None, required=False,
                           empty_label="Not linked to a goal")
    direct_work = _text("Direct work done", "The tool or activity, for example a three houses drawing")
    observations = _text("Observations")
    analysis = _text("Analysis", "What the visit tells you about the child's situation and the plan")
    action = _text("Action agreed", rows=2)
    action_goal = GoalChoiceField(label="Plan goal the action works toward", queryset=None, required=False,
                                  empty_label="Not linked to a goal")

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["action_goal"].queryset = goals

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("seen_alone") and not cleaned.get("seen"):
            self.add_error("seen_alone", "Select 'Child seen' as well if the child was seen alone")
        return cleaned
