"""GOV.UK forms for the workforce pages. Forms validate and present input; services write."""

import json
from decimal import Decimal

from django import forms

from casebook.core.forms import GovukDateField, GovukForm, VersionedFormMixin
from casebook.workforce import caseloads
from casebook.workforce.models import AbsenceReason, ActionStatus, CensusRole, swe_number_validator
from casebook.workforce.overview import FIGURE_CHOICES


class WorkerProfileForm(VersionedFormMixin, GovukForm):
    census_role = forms.ChoiceField(label="Workforce census role", choices=CensusRole.choices, widget=forms.RadioSelect)
    fte = forms.DecimalField(
        label="Full-time equivalent (FTE)", max_digits=4, decimal_places=3, help_text="For example, 1 or 0.6",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
        error_messages={"required": "Enter the full-time equivalent (FTE)",
                        "invalid": "FTE must be a number, like 1 or 0.6",
                        "max_digits": "FTE must be more than 0 and no more than 1",
                        "max_decimal_places": "FTE must have 3 decimal places or fewer",
                        "max_whole_digits": "FTE must be more than 0 and no more than 1"},
    )
    is_agency = forms.TypedChoiceField(label="Employed by", choices=[("False", "The council (permanent)"),
                                                                    ("True", "An agency")],
                                       coerce=lambda v: v == "True", widget=forms.RadioSelect,
                                       error_messages={"required": "Select who employs the worker"})
    started_on = GovukDateField(label="Start date in role", error_messages={"required": "Enter the start date in role"})
    left_on = GovukDateField(label="Leaving date (optional)", required=False)
    swe_number = forms.CharField(label="Social Work England registration number (optional)", max_length=9,
                                 required=False, help_text="For example, SW123456")
    is_asye = forms.BooleanField(label="Newly qualified, in the assessed and supported year in employment (ASYE)",
                                 required=False)
    asye_caseload_limit = forms.IntegerField(
        label="Protected caseload limit (optional)", required=False,
        help_text="Most children a newly qualified worker may hold. Leave blank for the council's default",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Protected caseload limit must be a whole number, like 12"},
    )

    def clean_swe_number(self):
        number = self.cleaned_data["swe_number"].strip().upper().replace(" ", "")
        if number:
            swe_number_validator(number)
        return number

    def clean_fte(self):
        fte = self.cleaned_data["fte"]
        if fte is not None and not (Decimal("0") < fte <= Decimal("1")):
            raise forms.ValidationError("FTE must be more than 0 and no more than 1")
        return fte

    def clean(self):
        data = super().clean()
        started, left = data.get("started_on"), data.get("left_on")
        if started and left and left < started:
            self.add_error("left_on", "Leaving date must be the same as or after the start date")
        limit = data.get("asye_caseload_limit")
        if limit is not None and not 1 <= limit <= 30:
            self.add_error("asye_caseload_limit", "Protected caseload limit must be between 1 and 30")
        return data


class AbsenceForm(GovukForm):
    starts_on = GovukDateField(label="First day of absence", error_messages={"required": "Enter the first day of absence"})
    ends_on = GovukDateField(label="Last day of absence (optional)", required=False,
                             help_text="Leave blank if the worker is still away")
    reason = forms.ChoiceField(choices=AbsenceReason.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Select the reason for the absence"})

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Last day of absence must be the same as or after the first day")
        return data


class EstablishmentForm(VersionedFormMixin, GovukForm):
    funded_fte = forms.DecimalField(
        label="Funded posts (FTE)", max_digits=6, decimal_places=2, min_value=0, max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the number of funded posts", "invalid": "Funded posts must be a number",
                        "min_value": "Funded posts must be 0 or more", "max_value": "Funded posts must be 500 or fewer"},
    )


class CaseloadSettingsForm(VersionedFormMixin, GovukForm):
    """One field per case type weight and per case-holding role cap. It carries the page's
    version (`services.caseload_settings_version`) and the figures it showed (`read_values`), so
    a stale save can say which figures someone else changed."""

    read_values = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, weights: dict, caps: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["read_values"].initial = self.values_json(weights, caps)
        low, high = caseloads.WEIGHT_RANGE
        for key, value in weights.items():
            label = caseloads.CASE_TYPE_LABELS.get(key, key)
            self.fields[f"weight_{key}"] = self._number(f"Weight for {label.lower()} cases", value, low, high)
        low, high = caseloads.CAP_RANGE
        for key, value in caps.items():
            label = CensusRole(key).label if key in CensusRole.values else key
            self.fields[f"cap_{key}"] = self._number(f"Cap for a full-time {label.lower()}", value, low, high)
        self._apply_govuk()

    def _apply_govuk(self):
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "govuk-input govuk-input--width-4")

    @staticmethod
    def _number(label, initial, low, high):
        """A weight or cap field whose errors name it ("Weight for child protection cases must be
        between 0.1 and 5"): the page has several, and the error summary lists them together."""
        message = f"{label} must be between {low} and {high}"
        return forms.DecimalField(
            label=label, initial=initial, max_digits=5, decimal_places=2, min_value=low, max_value=high,
            help_text=f"Between {low} and {high}", widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            error_messages={"required": f"Enter the {label[0].lower()}{label[1:]}", "invalid": f"{label} must be a number",
                            "min_value": message, "max_value": message, "max_digits": message,
                            "max_whole_digits": message,
                            "max_decimal_places": f"{label} must have 2 decimal places or fewer"},
        )

    @staticmethod
    def values_json(weights: dict, caps: dict) -> str:
        return json.dumps({**{f"weight_{k}": str(v) for k, v in weights.items()},
                           **{f"cap_{k}": str(v) for k, v in caps.items()}})

    def shown_values(self) -> dict[str, Decimal]:
        """The figures the page showed when it was opened (what the user edited from)."""
        try:
            raw = json.loads(self.cleaned_data.get("read_values") or "{}")
            return {str(k): Decimal(str(v)) for k, v in raw.items()} if isinstance(raw, dict) else {}
        except (ValueError, ArithmeticError):
            return {}

    def split(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        weights = {k.removeprefix("weight_"): v for k, v in data.items() if k.startswith("weight_")}
        caps = {k.removeprefix("cap_"): v for k, v in data.items() if k.startswith("cap_")}
        return weights, caps


class RecommendationForm(GovukForm):
    title = forms.CharField(label="Recommendation", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                            error_messages={"required": "Enter the recommendation"})
    source = forms.CharField(label="Where it comes from", max_length=200,
                             help_text="For example, Ofsted inspection letter, March 2026",
                             error_messages={"required": "Enter where the recommendation comes from"})
    figure_key = forms.ChoiceField(label="Figure it should move (optional)", required=False,
                                   choices=[("", "None"), *FIGURE_CHOICES],
                                   help_text="A figure from the leaders' overview. The plan shows it for the week the "
                                             "recommendation was added and the latest complete week",
                                   error_messages={"invalid_choice": "Select a figure from the list, or None"})


class ActionForm(GovukForm):
    description = forms.CharField(label="Action", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"required": "Enter the action"})
    owner = forms.ModelChoiceField(queryset=None, label="Owner", empty_label="Select an owner",
                                   error_messages={"required": "Select who owns the action",
                                                   "invalid_choice": "Select who owns the action"})
    due_on = GovukDateField(label="Due date", error_messages={"required": "Enter the due date"})
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect, initial=ActionStatus.NOT_STARTED,
                               error_messages={"required": "Select the status of the action"})
    evidence = forms.CharField(label="Evidence of impact (optional)", required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="What changed, and where the board can see it")

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionStatus.DONE and not (data.get("evidence") or "").strip():
            self.add_error("evidence", "Enter the evidence that the action is done")
        return data


class ActionEditForm(VersionedFormMixin, ActionForm):
    """`owner_only`: the action's owner, who is not a plan manager, updates its status and evidence;
    what the action is, who owns it and when it is due stay as the plan's managers set them."""

    def __init__(self, *args, owner_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if owner_only:
            for name in ("description", "owner", "due_on"):
                self.fields[name].disabled = True
