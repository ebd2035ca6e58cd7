import uuid
from datetime import datetime

from django import forms
from django.utils import timezone

from casebook.children.codes import Sex
from casebook.core.forms import GovukDateField, GovukForm, GovukTimeField, VersionedFormMixin
from casebook.episodes.codes import PrimaryNeed, ReferralSource
from casebook.front_door.models import Agency, LevelOfNeed, Outcome, Rag

YES_NO = [("yes", "Yes"), ("no", "No")]


def _moment(day, at) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


class OneTimeTokenMixin:
    """A hidden one-time token: the service makes one record however often the form is posted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"] = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
        self.fields["form_token"].error_messages["required"] = "This form is out of date: reload the page"
        self.fields["form_token"].error_messages["invalid"] = "This form is out of date: reload the page"


class ContactForm(OneTimeTokenMixin, GovukForm):
    received_on = GovukDateField(label="Date the contact was received", not_future=True,
                                 help_text="For example, 27 3 2026")
    received_time = GovukTimeField(label="Time the contact was received",
                                   error_messages={"required": "Enter the time the contact was received"})
    source = forms.ChoiceField(label="Source of the contact", choices=[("", "Select a source")] + ReferralSource.choices,
                               error_messages={"required": "Select the source of the contact"})
    referrer_name = forms.CharField(label="Referrer's name", max_length=200,
                                    error_messages={"required": "Enter the referrer's name, or 'Anonymous'"})
    referrer_organisation = forms.CharField(label="Referrer's organisation (optional)", max_length=200, required=False)
    referrer_phone = forms.CharField(label="Referrer's phone number (optional)", max_length=40, required=False,
                                     widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}))
    concern = forms.CharField(label="The concern, in the referrer's words", max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              error_messages={"required": "Enter the concern in the referrer's words"})
    presenting_needs = forms.CharField(label="Presenting needs (optional)", max_length=5000, required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.ChoiceField(label="Was consent obtained from the family?", choices=YES_NO,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select yes if consent was obtained"})
    consent_override_reason = forms.CharField(
        label="If not, why was consent not obtained or overridden?", max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("received_on"), cleaned.get("received_time")
        if day and at:
            cleaned["received_at"] = _moment(day, at)
            if cleaned["received_at"] > timezone.now():
                self.add_error("received_time", "Time the contact was received must be in the past")
        if cleaned.get("consent") == "no" and not (cleaned.get("consent_override_reason") or "").strip():
            self.add_error("consent_override_reason", "Enter why consent was not obtained or was overridden")
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {"received_at": data["received_at"], "source": data["source"], "referrer_name": data["referrer_name"],
                "referrer_organisation": data["referrer_organisation"], "referrer_phone": data["referrer_phone"],
                "concern": data["concern"], "presenting_needs": data["presenting_needs"],
                "consent_obtained": data["consent"] == "yes",
                "consent_override_reason": data["consent_override_reason"] if data["consent"] == "no" else "",
                "form_token": data["form_token"]}


class ChildFindForm(GovukForm):
    first_names = forms.CharField(label="Child's first name (optional)", max_length=100, required=False,
                                  help_text="Leave blank to list every child with a last name like this one")
    last_name = forms.CharField(label="Child's last name", max_length=100,
                                error_messages={"required": "Enter the child's last name"})
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False, not_future=True,
                                   help_text="For example, 27 3 2018")


class NewChildForm(OneTimeTokenMixin, GovukForm):
    first_names = forms.CharField(label="First names", max_length=100,
                                  error_messages={"required": "Enter the child's first names"})
    last_name = forms.CharField(label="Last name", max_length=100,
                                error_messages={"required": "Enter the child's last name"})
    date_of_birth = GovukDateField(label="Date of birth", not_future=True, help_text="For example, 27 3 2018",
                                   error_messages={"required": "Enter the child's date of birth"})
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect,
                            error_messages={"required": "Select the child's sex, or 'Not known or not recorded'"})


class TriageForm(VersionedFormMixin, GovukForm):
    rag = forms.ChoiceField(label="RAG rating", choices=Rag.choices, widget=forms.RadioSelect,
                            help_text="Red: decide the same working day. Amber and green: within 1 working day",
                            error_messages={"required": "Select a RAG rating"})
    rag_reason = forms.CharField(label="Reason for the rating", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": "Enter the reason for the RAG rating"})


class PartnerCheckForm(OneTimeTokenMixin, GovukForm):
    agency = forms.ChoiceField(label="Agency", choices=Agency.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select the agency"})
    # Always shown, saying when it applies: govuk-frontend's conditional reveal sets aria-expanded on
    # the radio, which the pages' axe-core check rejects (aria-allowed-attr).
    agency_other = forms.CharField(label="If Other, name of the agency", max_length=100, required=False)
    requested_on = GovukDateField(label="Date the check was requested", not_future=True,
                                  error_messages={"required": "Enter the date the check was requested"})
    received_on = GovukDateField(label="Date the answer was received (optional)", required=False, not_future=True)
    summary = forms.CharField(label="Summary of the answer (optional)", max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agency") == Agency.OTHER and not (cleaned.get("agency_other") or "").strip():
            self.add_error("agency_other", "Enter the name of the other agency")
        return cleaned


class PartnerCheckAnswerForm(VersionedFormMixin, GovukForm):
    received_on = GovukDateField(label="Date the answer was received", not_future=True,
                                 error_messages={"required": "Enter the date the answer was received"})
    summary = forms.CharField(label="Summary of what the agency said", max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Enter a summary of what the agency said"})


class DecisionForm(VersionedFormMixin, GovukForm):
    outcome = forms.ChoiceField(label="Threshold decision", choices=Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the threshold decision"})
    decision_reasons = forms.CharField(label="Reasons for the decision", max_length=5000,
                                       widget=forms.Textarea(attrs={"rows": 5}),
                                       error_messages={"required": "Enter the reasons for the decision"})
    level_of_need = forms.ChoiceField(label="Level of need", choices=LevelOfNeed.choices, widget=forms.RadioSelect,
                                      error_messages={"required": "Select the level of need"})
    primary_need = forms.ChoiceField(label="Primary need code (for a social care referral)", required=False,
                                     choices=[("", "Select a need code")] + PrimaryNeed.choices)
    decided_on = GovukDateField(label="Date of the decision", not_future=True,
                                error_messages={"required": "Enter the date of the decision"})
    decided_time = GovukTimeField(label="Time of the decision",
                                  error_messages={"required": "Enter the time of the decision"})

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("decided_on"), cleaned.get("decided_time")
        if day and at:
            cleaned["decided_at"] = _moment(day, at)
            if cleaned["decided_at"] > timezone.now():
                self.add_error("decided_time", "Time of the decision must be in the past")
        return cleaned


class SignOffForm(VersionedFormMixin, GovukForm):
    confirm = forms.BooleanField(label="I have read the reasons and agree with the decision",
                                 error_messages={"required": "Confirm that you agree with the decision"})


class SendBackForm(VersionedFormMixin, GovukForm):
    """A manager disagrees: the decision goes back to the MASH with the reason."""

    reason = forms.CharField(label="Why do you disagree with the decision?", max_length=2000,
                             help_text="The MASH worker sees this on the contact and records a new decision",
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": "Enter why you disagree with the decision"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "back")
        super().__init__(*args, **kwargs)


class AllocateForm(VersionedFormMixin, GovukForm):
    """The version is services.allocation_version(child): the open allocation the page showed."""

    worker = forms.TypedChoiceField(label="Social worker", coerce=int, widget=forms.RadioSelect,
                                    error_messages={"required": "Select a social worker"})
    reason = forms.CharField(label="Reason for the change of social worker (optional)", max_length=200,
                             required=False)
    # The service decides if it is needed: the chosen worker would go over a caseload limit.
    override_reason = forms.CharField(
        label="Reason for allocating over a caseload limit (required if the social worker you choose is "
              "marked as going over their cap or protected caseload)",
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [(w.pk, f"{w.worker.full_name}, {w.worker.team.name}") for w in workers]


class PeriodForm(GovukForm):
    start = GovukDateField(label="From", error_messages={"required": "Enter the start of the period"})
    end = GovukDateField(label="To", error_messages={"required": "Enter the end of the period"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "End of the period must be on or after the start")
        return cleaned
