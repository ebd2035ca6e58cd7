from django import forms

from casebook.core.forms import GovukDateField, GovukForm, VersionedFormMixin
from casebook.plans.models import GoalStatus
from casebook.plans.services import SCORE_RANGE


def _text(label, *, required=True, rows=3, help_text="", **kwargs):
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class GoalForm(GovukForm):
    outcome = _text("What will be different for the child",
                    help_text="In the child's terms, for example \"Jordan sleeps in a clean, warm bed every night\"",
                    error_messages={"required": "Enter what will be different for the child"})
    measure = _text("How we will know", required=False,
                    help_text="What anyone could see or count, for example \"bedroom checked at every visit\"")
    target_date = GovukDateField(label="Target date", required=False)
    owner = forms.CharField(label="Who is responsible", required=False, max_length=200,
                            help_text="A named person or an agency")


class GoalEditForm(VersionedFormMixin, GoalForm):
    pass


class GoalActionForm(GovukForm):
    action = _text("Action", rows=2, error_messages={"required": "Enter the action"})
    owner = forms.CharField(label="Who will do it", max_length=200,
                            error_messages={"required": "Enter who will do the action"})
    due_on = GovukDateField(label="Due date", error_messages={"required": "Enter the due date"})


YES_NO = [("yes", "Yes"), ("no", "No")]


def _status_hint(goal) -> str:
    from django.utils import timezone

    from casebook.core.templatetags.govuk import ukdate
    from casebook.plans.quality import past_target

    if past_target(goal, today=timezone.localdate()):
        return f"{goal.outcome} Past target date: it was due by {ukdate(goal.target_date)} and is not yet achieved."
    return goal.outcome


class ReviewForm(GovukForm):
    """A review: a status, a 0-10 score and evidence for every goal, then the overall judgement."""

    held_on = GovukDateField(label="Date of the review", not_future=True,
                             error_messages={"required": "Enter the date of the review"})

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        for number, goal in enumerate(goals, start=1):
            self.fields[f"status_{goal.pk}"] = forms.ChoiceField(
                label=f"Goal {number}: status", choices=GoalStatus.choices, widget=forms.RadioSelect,
                help_text=_status_hint(goal), error_messages={"required": f"Select the status of goal {number}"})
            self.fields[f"score_{goal.pk}"] = forms.IntegerField(
                label=f"Goal {number}: score from 0 to 10", min_value=0, max_value=10,
                help_text="0 means nothing has changed for the child, 10 means the goal is fully met",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
                error_messages={"required": f"Enter a score for goal {number}",
                                # One wording for every kind of bad score (GOV.UK: "must be between").
                                "invalid": SCORE_RANGE.format(number=number),
                                "min_value": SCORE_RANGE.format(number=number),
                                "max_value": SCORE_RANGE.format(number=number)})
            self.fields[f"evidence_{goal.pk}"] = _text(
                f"Goal {number}: evidence for the score", rows=2,
                error_messages={"required": f"Enter the evidence for goal {number}'s score"})
        self.fields["improving"] = forms.ChoiceField(
            label="Is the child's situation improving overall?", choices=YES_NO, widget=forms.RadioSelect,
            error_messages={"required": "Select whether the child's situation is improving"})
        self.fields["child_views"] = _text("What the child said about their plan", required=False,
                                           help_text="In the child's own words where you can")
        self.fields["summary"] = _text("Summary of the review", required=False)
        # GovukFormMixin styled the fields it saw in __init__; style the ones added here too.
        for name in self.fields:
            widget = self.fields[name].widget
            if isinstance(widget, forms.Textarea) and "govuk-textarea" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = "govuk-textarea"
            if name.startswith("score_") and "govuk-input " not in widget.attrs.get("class", "") + " ":
                widget.attrs["class"] = f"govuk-input {widget.attrs.get('class', '')}".strip()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"], "improving": data["improving"] == "yes",
            "child_views": data.get("child_views", ""), "summary": data.get("summary", ""),
            "progress": {g.pk: {"status": data[f"status_{g.pk}"], "score": data[f"score_{g.pk}"],
                                "evidence": data[f"evidence_{g.pk}"]} for g in self.goals},
        }
