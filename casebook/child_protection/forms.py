from django import forms

from casebook.accounts.models import Role, User
from casebook.child_protection.codes import Category, ConferenceKind, PlanEndReason, S47Outcome
from casebook.core.forms import GovukDateField, GovukForm, VersionedFormMixin

YES_NO = [("yes", "Yes"), ("no", "No")]


def _chair_user_field():
    return forms.ModelChoiceField(
        label="Child protection chair in Casebook (optional)", required=False, empty_label="Not a Casebook user",
        queryset=User.objects.filter(role=Role.IRO, is_active=True).order_by("last_name", "first_name"),
        help_text="The chair you select can see this child's record",
        error_messages={"invalid_choice": "Select a child protection chair from the list"})


def _clean_chair(form, cleaned) -> None:
    """The chair's name is needed; choosing the chair from Casebook's users gives it."""
    if not (cleaned.get("chair") or "").strip():
        if cleaned.get("chaired_by"):
            cleaned["chair"] = cleaned["chaired_by"].full_name
        elif "chaired_by" not in form.errors:
            form.add_error("chair", "Enter the name of the chair")


class StrategyDiscussionForm(GovukForm):
    held_on = GovukDateField(label="Date of the strategy discussion", not_future=True,
                             error_messages={"required": "Enter the date of the strategy discussion"})
    agencies = forms.CharField(label="Agencies present", widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="For example, police, health (paediatrician), school",
                               error_messages={"required": "Enter the agencies present"})
    s47_decided = forms.ChoiceField(label="Start a section 47 enquiry?", choices=YES_NO, widget=forms.RadioSelect,
                                    error_messages={"required": "Select yes if a section 47 enquiry is to start"})
    reasons = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Enter the reasons for the decision"})


class Section47StartForm(GovukForm):
    start_date = GovukDateField(label="Date the section 47 enquiry started", not_future=True,
                                error_messages={"required": "Enter the date the section 47 enquiry started"})


class Section47ConcludeForm(VersionedFormMixin, GovukForm):
    concluded_on = GovukDateField(label="Date the enquiry concluded", not_future=True,
                                  error_messages={"required": "Enter the date the enquiry concluded"})
    findings = forms.CharField(label="Findings", widget=forms.Textarea(attrs={"rows": 6}),
                               error_messages={"required": "Enter the findings of the enquiry"})
    outcome = forms.ChoiceField(label="Outcome", choices=S47Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the outcome of the enquiry"})


class StrategyDiscussionEditForm(VersionedFormMixin, StrategyDiscussionForm):
    pass


class _ConferenceFields(GovukForm):
    """What an initial (or pre-birth) conference records, when recorded and when corrected."""

    kind = forms.ChoiceField(label="Type of conference", widget=forms.RadioSelect,
                             choices=[(ConferenceKind.INITIAL, ConferenceKind.INITIAL.label),
                                      (ConferenceKind.PRE_BIRTH, ConferenceKind.PRE_BIRTH.label)],
                             initial=ConferenceKind.INITIAL,
                             error_messages={"required": "Select the type of conference"})
    held_on = GovukDateField(label="Date of the conference", not_future=True,
                             error_messages={"required": "Enter the date of the conference"})
    chair = forms.CharField(label="Chair (optional if you select them below)", max_length=200, required=False)
    chaired_by = _chair_user_field()
    agencies = forms.CharField(label="Agencies present", widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Enter the agencies present"})
    category = forms.ChoiceField(label="Category of abuse", choices=Category.choices, required=False,
                                 widget=forms.RadioSelect, help_text="Needed when the child needs a plan")

    def needs_category(self, cleaned) -> bool:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        _clean_chair(self, cleaned)
        if self.needs_category(cleaned) and not cleaned.get("category"):
            self.add_error("category", "Select the category of abuse: a child protection plan needs one")
        return cleaned


class InitialConferenceForm(_ConferenceFields):
    plan_decided = forms.ChoiceField(label="Does the child need a child protection plan?", choices=YES_NO,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": "Select yes if the child needs a child protection plan"})
    field_order = ["kind", "held_on", "chair", "chaired_by", "agencies", "plan_decided", "category"]

    def needs_category(self, cleaned) -> bool:
        return cleaned.get("plan_decided") == "yes"


class InitialConferenceEditForm(VersionedFormMixin, _ConferenceFields):
    """Correcting a conference: whether it decided on a plan is fixed, so the category is needed
    exactly when it did (and not asked when it did not)."""

    def __init__(self, *args, plan_decided: bool, **kwargs):
        self._plan_decided = plan_decided
        super().__init__(*args, **kwargs)
        if plan_decided:
            self.fields["category"].help_text = "The plan's initial category"
        else:
            del self.fields["category"]

    def needs_category(self, cleaned) -> bool:
        return self._plan_decided


class _ReviewFields(GovukForm):
    """What a review conference records, when recorded and when corrected."""

    held_on = GovukDateField(label="Date of the review conference", not_future=True,
                             error_messages={"required": "Enter the date of the review conference"})
    chair = forms.CharField(label="Chair (optional if you select them below)", max_length=200, required=False)
    chaired_by = _chair_user_field()
    agencies = forms.CharField(label="Agencies present", widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Enter the agencies present"})
    category = forms.ChoiceField(label="Latest category of abuse", choices=Category.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Select the latest category of abuse"})

    def clean(self):
        cleaned = super().clean()
        _clean_chair(self, cleaned)
        return cleaned


class ReviewConferenceForm(_ReviewFields):
    plan_continues = forms.ChoiceField(label="Does the plan continue?", choices=YES_NO, widget=forms.RadioSelect,
                                       error_messages={"required": "Select yes if the plan continues"})
    end_reason = forms.ChoiceField(label="If the plan ends, why", choices=PlanEndReason.choices, required=False,
                                   widget=forms.RadioSelect)
    step_down_to_cin = forms.BooleanField(label="Step down to a child in need plan from the same day", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("plan_continues") == "no" and not cleaned.get("end_reason"):
            self.add_error("end_reason", "Select why the plan is ending")
        return cleaned


class ReviewConferenceEditForm(VersionedFormMixin, _ReviewFields):
    pass


class PlanEndForm(GovukForm):
    end_date = GovukDateField(label="Date the plan ended", not_future=True,
                              error_messages={"required": "Enter the date the plan ended"})
    end_reason = forms.ChoiceField(label="Why the plan ended", choices=PlanEndReason.choices, widget=forms.RadioSelect,
                                   error_messages={"required": "Select why the plan ended"})
    step_down_to_cin = forms.BooleanField(label="Step down to a child in need plan from the same day", required=False)


class CoreGroupForm(GovukForm):
    held_on = GovukDateField(label="Date of the core group meeting", not_future=True,
                             error_messages={"required": "Enter the date of the core group meeting"})




class ConferenceDecisionForm(VersionedFormMixin, GovukForm):
    """Correcting what a conference decided, with the reason. For an initial (or pre-birth)
    conference: plan or not, and the category. For a review: the plan continued or ended (and why),
    and the latest category."""

    plan_decided = forms.ChoiceField(
        label="Does the child need a child protection plan?", choices=YES_NO, widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the child needs a child protection plan"})
    category = forms.ChoiceField(label="Category of abuse", choices=Category.choices, required=False,
                                 widget=forms.RadioSelect, help_text="Needed when the child needs a plan")
    end_reason = forms.ChoiceField(label="If the plan ended, why", choices=PlanEndReason.choices, required=False,
                                   widget=forms.RadioSelect)
    reason = forms.CharField(label="Why is the decision being corrected?", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example, recorded as a plan by mistake: the conference decided no plan. "
                                       "This is kept in the record's history",
                             error_messages={"required": "Enter why the decision is being corrected"})

    def __init__(self, *args, review: bool, **kwargs):
        self._review = review
        super().__init__(*args, **kwargs)
        if review:
            self.fields["plan_decided"].label = "Did the plan continue?"
            self.fields["plan_decided"].error_messages["required"] = "Select yes if the plan continued"
            self.fields["category"].label = "Latest category of abuse"
            self.fields["category"].help_text = ""
            self.fields["category"].required = True
            self.fields["category"].error_messages["required"] = "Select the latest category of abuse"
        else:
            del self.fields["end_reason"]

    def clean(self):
        cleaned = super().clean()
        if not self._review and cleaned.get("plan_decided") == "yes" and not cleaned.get("category"):
            self.add_error("category", "Select the category of abuse: a child protection plan needs one")
        if self._review and cleaned.get("plan_decided") == "no" and not cleaned.get("end_reason"):
            self.add_error("end_reason", "Select why the plan ended")
        return cleaned
