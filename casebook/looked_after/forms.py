import re
from datetime import datetime

from django import forms
from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils import timezone

from casebook.accounts.models import CASE_HOLDING_ROLES, MANAGER_ROLES, Role, User
from casebook.children.codes import Ethnicity, Sex
from casebook.children.identifiers import is_valid_postcode, normalise_postcode
from casebook.core.forms import GovukDateField, GovukForm, GovukTimeField, VersionedFormMixin
from casebook.looked_after import codes
from casebook.looked_after.models import HealthCheck, MissingEpisode

YES_NO = [("yes", "Yes"), ("no", "No")]


def _blank(label: str, choices) -> list:
    return [("", label), *choices]


def _yes_no(value: str):
    return {"yes": True, "no": False}.get(value)


class PostcodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if value and not is_valid_postcode(value):
            raise forms.ValidationError(f"Enter a real postcode for the {str(self.label).lower()}, like SW1A 1AA")
        return normalise_postcode(value) if value else ""


class DateTimeMixin:
    """Joins a GOV.UK date input and a 24-hour time into one aware datetime."""

    def moment(self, day_field: str, time_field: str) -> datetime | None:
        day, time = self.cleaned_data.get(day_field), self.cleaned_data.get(time_field)
        if day and time:
            return timezone.make_aware(datetime.combine(day, time))
        return None

    def require_time(self, day_field: str, time_field: str, what: str) -> None:
        if self.cleaned_data.get(day_field) and not self.cleaned_data.get(time_field) and time_field not in self.errors:
            self.add_error(time_field, f"Enter the time {what}")
        if self.cleaned_data.get(time_field) and not self.cleaned_data.get(day_field) and day_field not in self.errors:
            self.add_error(day_field, f"Enter the date {what}")


class EpisodeForm(GovukForm):
    start_date = GovukDateField(label="Date the episode started", not_future=True,
                                error_messages={"required": "Enter the date the episode started"})
    legal_status = forms.ChoiceField(label="Legal status", choices=_blank("Select a legal status", codes.LegalStatus.choices))
    category_of_need = forms.ChoiceField(label="Category of need",
                                         choices=_blank("Select a category of need", codes.CategoryOfNeed.choices))
    placement_type = forms.ChoiceField(label="Placement type",
                                       choices=_blank("Select a placement type", codes.PlacementType.choices))
    placement_provider = forms.ChoiceField(label="Placement provider", required=False,
                                           choices=_blank("None (temporary or other placement)", codes.PlacementProvider.choices),
                                           help_text="Leave blank for placement types T0 to T3 and Z11 to Z14")
    carer_name = forms.CharField(label="Carer(s) or home (optional)", max_length=200, required=False)
    placement_postcode = PostcodeField(label="Placement postcode")
    home_postcode = PostcodeField(label="Home postcode", help_text="Where the child lived before becoming looked after")
    urn = forms.CharField(label="Ofsted URN (optional)", max_length=7, required=False,
                          widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
                          help_text="For placements Ofsted regulates, for example SC123456")
    same_carer = forms.BooleanField(label="The child stayed with the same carer(s)", required=False)
    intended_until_18 = forms.BooleanField(label="The placement is intended to last until the child is 18", required=False)
    reason_place_change = forms.ChoiceField(label="Reason for the change of placement", required=False,
                                            choices=_blank("Not a change of placement", codes.ReasonPlaceChange.choices))
    reason_new_episode = forms.ChoiceField(label="Reason for new episode", choices=codes.ReasonNewEpisode.choices,
                                           widget=forms.RadioSelect,
                                           error_messages={"required": "Select the reason for the new episode"})

    def clean_urn(self):
        return self.cleaned_data["urn"].strip().upper()


class PeriodEndForm(GovukForm):
    end_date = GovukDateField(label="Date the child stopped being looked after", not_future=True)
    reason_ceased = forms.ChoiceField(
        label="Reason", choices=_blank("Select a reason", [c for c in codes.ReasonEpisodeCeased.choices if c[0] != "X1"]),
        error_messages={"required": "Select why the child stopped being looked after"})


class CarePlanForm(GovukForm):
    agreed_on = GovukDateField(label="Date the care plan was agreed", not_future=True)
    permanence_plan = forms.CharField(label="Permanence plan (optional)", max_length=200, required=False)


class ReviewForm(GovukForm):
    review_date = GovukDateField(label="Date of the review", not_future=True)
    participation = forms.ChoiceField(label="How the child took part",
                                      choices=_blank("Select how the child took part", codes.ReviewParticipation.choices))
    chair = forms.ModelChoiceField(label="Independent reviewing officer (optional)", required=False,
                                   queryset=User.objects.filter(role=Role.IRO, is_active=True), empty_label="Not recorded")


class HealthCheckForm(GovukForm):
    kind = forms.ChoiceField(label="What was done", choices=HealthCheck.Kind.choices, widget=forms.RadioSelect)
    check_date = GovukDateField(label="Date of the check", not_future=True)
    sdq_score = forms.IntegerField(
        label="SDQ score (for a strengths and difficulties questionnaire)", required=False, min_value=0,
        max_value=40, help_text="The total difficulties score from the carer's questionnaire, 0 to 40",
        error_messages={"invalid": "SDQ score must be a whole number from 0 to 40",
                        "min_value": "SDQ score must be a whole number from 0 to 40",
                        "max_value": "SDQ score must be a whole number from 0 to 40"})

    def clean(self):
        data = super().clean()
        is_sdq = data.get("kind") == HealthCheck.Kind.SDQ
        if is_sdq and data.get("sdq_score") is None and "sdq_score" not in self.errors:
            self.add_error("sdq_score", "Enter the SDQ score, a whole number from 0 to 40")
        elif not is_sdq and data.get("sdq_score") is not None:
            self.add_error("sdq_score", "Only enter an SDQ score for a strengths and difficulties questionnaire")
        return data


class MissingForm(DateTimeMixin, GovukForm):
    kind = forms.ChoiceField(label="Was the child missing or away?", choices=codes.MissingType.choices,
                             widget=forms.RadioSelect, error_messages={"required": "Select missing or away without authorisation"})
    started_on = GovukDateField(label="Date the child went missing", not_future=True)
    started_time = GovukTimeField(label="Time the child went missing")
    ended_on = GovukDateField(label="Date the child returned (optional)", not_future=True, required=False)
    ended_time = GovukTimeField(label="Time the child returned (optional)", required=False)
    where_found = forms.CharField(label="Where the child was found (optional)", max_length=200, required=False)
    reported_to_police = forms.BooleanField(label="Reported to the police", required=False)

    def clean(self):
        cleaned = super().clean()
        self.require_time("ended_on", "ended_time", "the child returned")
        started = self.moment("started_on", "started_time")
        if started and started > timezone.now():
            self.add_error("started_time", "The time the child went missing must be in the past")
        ended = self.moment("ended_on", "ended_time")
        if ended and ended > timezone.now():
            self.add_error("ended_time", "The time the child returned must be in the past")
        cleaned["started_at"], cleaned["ended_at"] = started, ended
        return cleaned


class ReturnForm(DateTimeMixin, VersionedFormMixin, GovukForm):
    ended_on = GovukDateField(label="Date the child returned", not_future=True)
    ended_time = GovukTimeField(label="Time the child returned")
    where_found = forms.CharField(label="Where the child was found (optional)", max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        ended = self.moment("ended_on", "ended_time")
        if ended and ended > timezone.now():
            self.add_error("ended_time", "The time the child returned must be in the past")
        cleaned["ended_at"] = ended
        return cleaned


class InterviewForm(DateTimeMixin, VersionedFormMixin, GovukForm):
    offered_on = GovukDateField(label="Date the interview was offered", not_future=True)
    offered_time = GovukTimeField(label="Time the interview was offered")
    offered_by = forms.CharField(label="Offered by (name and organisation)", max_length=200)
    independent = forms.ChoiceField(label="Is the interviewer independent of the child's care?", choices=YES_NO,
                                    widget=forms.RadioSelect)
    response = forms.ChoiceField(label="Did the child accept the interview? (optional)", required=False,
                                 choices=MissingEpisode.Accepted.choices, widget=forms.RadioSelect)
    completed_on = GovukDateField(label="Date the interview was completed (optional)", not_future=True, required=False)
    why_missing = forms.CharField(label="What the child said about why they went missing (optional)", required=False,
                                  max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    risk_exploitation = forms.BooleanField(label="Risk of exploitation identified", required=False)
    push_factors = forms.CharField(label="Push factors (what made the child leave) (optional)", required=False,
                                   max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    pull_factors = forms.CharField(label="Pull factors (what drew the child away) (optional)", required=False,
                                   max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        offered = self.moment("offered_on", "offered_time")
        if offered and offered > timezone.now():
            self.add_error("offered_time", "The time the interview was offered must be in the past")
        cleaned["offered_at"] = offered
        return cleaned


class SocialWorkerReasonForm(VersionedFormMixin, GovukForm):
    reason = forms.ChoiceField(label="Reason for the change of social worker",
                               choices=_blank("Select a reason", codes.SocialWorkerChangeReason.choices))


class CareLeaverForm(VersionedFormMixin, GovukForm):
    category = forms.ChoiceField(label="Eligibility category", choices=codes.CareLeaverCategory.choices,
                                 widget=forms.RadioSelect)
    # Practitioners who can hold a care leaver's case; not analysts, auditors or administrators.
    personal_adviser = forms.ModelChoiceField(
        label="Personal adviser (optional)", required=False, empty_label="Not a Casebook user",
        queryset=User.objects.filter(is_active=True, role__in=[*CASE_HOLDING_ROLES, *MANAGER_ROLES])
        .order_by("last_name", "first_name"))
    personal_adviser_name = forms.CharField(label="Personal adviser's name, if not a Casebook user (optional)",
                                            max_length=200, required=False)
    needs_assessment_on = GovukDateField(label="Date of the needs assessment (optional)", not_future=True, required=False)
    pathway_plan_on = GovukDateField(label="Date of the pathway plan (optional)", not_future=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("personal_adviser")
        if current:  # the adviser already recorded stays a choice, whatever their role now
            field = self.fields["personal_adviser"]
            field.queryset = field.queryset | User.objects.filter(pk=getattr(current, "pk", current))


class PathwayReviewForm(GovukForm):
    review_date = GovukDateField(label="Date of the pathway plan review", not_future=True)


class ContactForm(GovukForm):
    birthday = forms.TypedChoiceField(label="Which birthday is the contact about?", coerce=int,
                                      choices=_blank("Select a birthday", [(n, f"{ordinal(n)} birthday") for n in range(17, 22)]))
    contact_date = GovukDateField(label="Date of contact", not_future=True)
    in_touch = forms.ChoiceField(label="Is the authority in touch?", choices=_blank("Select", codes.InTouch.choices))
    accommodation = forms.ChoiceField(label="Accommodation", required=False,
                                      choices=_blank("Not known", codes.Accommodation.choices))
    accommodation_suitable = forms.ChoiceField(label="Is the accommodation suitable?", required=False, choices=YES_NO,
                                               widget=forms.RadioSelect)
    activity = forms.ChoiceField(label="Main activity", required=False, choices=_blank("Not known", codes.Activity.choices))


class AdoptionForm(VersionedFormMixin, GovukForm):
    decision_date = GovukDateField(label="Date of the decision that adoption is in the child's best interests",
                                   not_future=True)
    placement_order_date = GovukDateField(label="Date of the placement order (optional)", not_future=True, required=False)
    match_date = GovukDateField(label="Date matched with adopters (optional)", not_future=True, required=False)
    placed_date = GovukDateField(label="Date placed for adoption (optional)", not_future=True, required=False)
    adoption_order_date = GovukDateField(label="Date of the adoption order (optional)", not_future=True, required=False)
    foster_carer_adopting = forms.ChoiceField(label="Are the child's foster carers adopting? (optional)", required=False,
                                              choices=YES_NO, widget=forms.RadioSelect)
    number_of_adopters = forms.TypedChoiceField(label="Number of adopters (optional)", required=False, coerce=int,
                                                empty_value=None, choices=[("", "Not known"), (1, "1"), (2, "2")])
    adopter_sex = forms.ChoiceField(label="Sex of adopters (optional)", required=False,
                                    choices=_blank("Not known", codes.AdopterSex.choices))
    adopter_legal_status = forms.ChoiceField(label="Adopters' legal status (optional)", required=False,
                                             choices=_blank("Not known", codes.AdopterLegalStatus.choices))
    reversed_date = GovukDateField(label="Date the decision was reversed (optional)", not_future=True, required=False)
    reversed_reason = forms.ChoiceField(label="Why the decision was reversed (optional)", required=False,
                                        choices=_blank("Not reversed", codes.PlacedAdoptionCeased.choices))


# ---- SSDA903 items the worker records ---------------------------------------------------------

def _answer(label: str, *, unknown: str = "Not known yet", **kwargs) -> forms.TypedChoiceField:
    """Yes, no, or not known (None): the return leaves a not-known item blank."""
    return forms.TypedChoiceField(label=label, choices=[*YES_NO, ("", unknown)], coerce=_yes_no, empty_value=None,
                                  required=False, widget=forms.RadioSelect, **kwargs)


def collection_years() -> list[int]:
    """The collection years whose outcomes may be recorded: this one and the one before."""
    today = timezone.localdate()
    ends = today.year + 1 if today.month >= 4 else today.year
    return [ends, ends - 1]


class MotherStatusForm(VersionedFormMixin, GovukForm):
    is_mother = forms.TypedChoiceField(label="Is she a mother?", choices=YES_NO, coerce=_yes_no,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": "Select yes if she is a mother"})
    first_child_born = GovukDateField(label="Date of birth of her first child", required=False, not_future=True,
                                      help_text="Only if she is a mother")


class UASCStatusForm(VersionedFormMixin, GovukForm):
    is_uasc = forms.TypedChoiceField(
        label="Is or was the child an unaccompanied asylum-seeking child (UASC)?", choices=YES_NO, coerce=_yes_no,
        widget=forms.RadioSelect, error_messages={"required": "Select yes if the child is or was a UASC"})
    ceased_on = GovukDateField(label="Date UASC status ceased (if it has)", required=False, not_future=True,
                               help_text="On or before the child's 18th birthday")


class YearOutcomesForm(VersionedFormMixin, GovukForm):
    """The collection year is the page's (`?year=`), so the version is that year's record's."""

    immunisations = _answer("Are the child's immunisations up to date?")
    convicted = _answer("Was the child convicted, or given a final warning or reprimand, in the year?",
                        help_text="Only for a child aged 10 or over on 31 March")
    substance_misuse = _answer("Was a substance misuse problem identified in the year?")
    intervention_received = _answer("Did the child receive an intervention for it?", unknown="Not applicable")
    intervention_offered = _answer("If not, was the child offered an intervention?", unknown="Not applicable")
    sdq_reason = forms.ChoiceField(label="Reason there is no SDQ score (if there is none)", required=False,
                                   choices=_blank("There is a score, or no reason yet", codes.SDQReason.choices))


class PreviousPermanenceForm(VersionedFormMixin, GovukForm):
    previous_permanence = forms.ChoiceField(
        label="Before this period of care, did the child leave care under a permanence order?",
        choices=_blank("Select an option", codes.PreviousPermanence.choices),
        error_messages={"required": "Select the previous permanence option, or Z1 if it is not known"})
    previous_permanence_la = forms.CharField(
        label="Local authority that arranged it", required=False, max_length=3,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4"}),
        help_text="The DfE's 3-digit code, or WAL, SCO, NIR or NUK outside England")
    previous_permanence_date = forms.RegexField(
        label="Date of the order", required=False,
        regex=re.compile(r"^\s*(\d\d|ZZ)/(\d\d|ZZ)/(\d{4}|ZZZZ)\s*$", re.IGNORECASE),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        help_text="Like 27/03/2021; write ZZ for a day or month not known",
        error_messages={"invalid": "Enter the date of the order like 27/03/2021, with ZZ for a part not known"})

    def clean_previous_permanence_la(self):
        value = self.cleaned_data["previous_permanence_la"].strip().upper()
        if value and not (value.isdigit() and len(value) == 3) and value not in {"WAL", "SCO", "NIR", "NUK"}:
            raise forms.ValidationError("Enter a 3-digit local authority code, or WAL, SCO, NIR or NUK")
        return value

    def clean_previous_permanence_date(self):
        return self.cleaned_data["previous_permanence_date"].strip().upper()


# ---- Adopters (Ofsted Annex A list 11) ----------------------------------------------------------

class AdopterForm(VersionedFormMixin, GovukForm):
    full_name = forms.CharField(label="Full name", max_length=200,
                                error_messages={"required": "Enter the adopter's full name"})
    household = forms.CharField(label="Household reference (optional)", max_length=20, required=False,
                                help_text="Give adopters who apply together the same reference, for example H12")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.UNKNOWN)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT)
    disability = forms.ChoiceField(label="Does the adopter have a disability? (optional)", required=False,
                                   choices=YES_NO, widget=forms.RadioSelect)
    fostering_for_adoption = forms.ChoiceField(label="Is the adopter fostering for adoption? (optional)",
                                               required=False, choices=YES_NO, widget=forms.RadioSelect)
    enquiry_date = GovukDateField(label="Date the enquiry was received", not_future=True,
                                  error_messages={"required": "Enter the date the enquiry was received"})
    stage1_start = GovukDateField(label="Stage 1 started (optional)", not_future=True, required=False)
    stage1_end = GovukDateField(label="Stage 1 ended (optional)", not_future=True, required=False)
    stage2_start = GovukDateField(label="Stage 2 started (optional)", not_future=True, required=False)
    stage2_end = GovukDateField(label="Stage 2 ended (optional)", not_future=True, required=False)
    application_date = GovukDateField(label="Application submitted (optional)", not_future=True, required=False)
    approval_date = GovukDateField(label="Application approved (optional)", not_future=True, required=False)
    matched_date = GovukDateField(label="Matched with a child or children (optional)", not_future=True,
                                  required=False)
    placed_date = GovukDateField(label="Child or children placed (optional)", not_future=True, required=False)
    children_placed = forms.TypedChoiceField(label="Number of children placed (optional)", required=False,
                                             coerce=int, empty_value=None,
                                             choices=[("", "None yet"), *[(n, str(n)) for n in range(1, 5)]])
    adoption_order_date = GovukDateField(label="Adoption order (optional)", not_future=True, required=False)
    left_date = GovukDateField(label="Left the adoption process (optional)", not_future=True, required=False)
    left_reason = forms.ChoiceField(label="Reason for leaving (optional)", required=False,
                                    choices=_blank("Has not left", codes.AdopterLeftReason.choices))
