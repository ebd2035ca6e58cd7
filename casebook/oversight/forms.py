"""GOV.UK forms for oversight pages. Wording of errors lives on the fields, never in templates."""

from datetime import date

from django import forms
from django.utils import timezone

from casebook.core.forms import GovukDateField, GovukForm, VersionedFormMixin, govuk_kind
from casebook.oversight import services
from casebook.oversight.models import Grade, OversightKind

GRADE_CHOICES = [(g.value, g.label) for g in Grade]
_CLASSES = {"input": "govuk-input", "textarea": "govuk-textarea", "select": "govuk-select"}


def govuk_field(field: forms.Field) -> forms.Field:
    """GOV.UK classes for a field added after the form's __init__ (GovukFormMixin styles the rest)."""
    css = _CLASSES.get(govuk_kind(field))
    if css:
        field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()
    return field


class ActionRowsMixin:
    """Up to `action_rows` actions, each an optional description with an owner and a due date."""

    action_rows = 2

    def add_action_fields(self, owners) -> None:
        for i in range(1, self.action_rows + 1):
            self.fields[f"action_{i}_description"] = govuk_field(forms.CharField(
                label=f"Action {i} (optional)", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})))
            self.fields[f"action_{i}_owner"] = govuk_field(forms.ModelChoiceField(
                label=f"Who owns action {i}", queryset=owners, required=False, empty_label="Select a person"))
            self.fields[f"action_{i}_due_on"] = GovukDateField(label=f"Action {i} due date", required=False,
                                                               not_past=True)

    def clean_actions(self, cleaned: dict) -> None:
        for i in range(1, self.action_rows + 1):
            text = (cleaned.get(f"action_{i}_description") or "").strip()
            owner, due = cleaned.get(f"action_{i}_owner"), cleaned.get(f"action_{i}_due_on")
            failed_date = f"action_{i}_due_on" in self.errors
            if text:
                if owner is None and f"action_{i}_owner" not in self.errors:
                    self.add_error(f"action_{i}_owner", services.NO_ACTION_OWNER)
                if due is None and not failed_date:
                    self.add_error(f"action_{i}_due_on", services.NO_ACTION_DUE)
            elif owner is not None or due is not None:
                self.add_error(f"action_{i}_description", f"Enter action {i}, or remove its owner and due date")

    def actions(self) -> list[services.ActionInput]:
        data = self.cleaned_data
        return [services.ActionInput(data[f"action_{i}_description"].strip(), data[f"action_{i}_owner"],
                                     data[f"action_{i}_due_on"])
                for i in range(1, self.action_rows + 1) if (data.get(f"action_{i}_description") or "").strip()]


class OversightForm(ActionRowsMixin, GovukForm):
    occurred_on = GovukDateField(label="Date of the oversight", not_future=True)
    kind = forms.ChoiceField(label="Type of oversight", choices=OversightKind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Select the type of oversight"})
    direction = forms.CharField(label="Direction given", max_length=5000, widget=forms.Textarea,
                                error_messages={"required": "Enter the direction given"})

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_action_fields(owners)

    def clean(self):
        cleaned = super().clean()
        self.clean_actions(cleaned)
        return cleaned


class SupervisionForm(GovukForm):
    worker = forms.ModelChoiceField(label="Worker supervised", queryset=None, empty_label="Select a worker",
                                    error_messages={"required": "Select the worker supervised"})
    held_on = GovukDateField(label="Date of supervision", not_future=True,
                             error_messages={"required": "Enter the date of supervision"})
    wellbeing = forms.CharField(label="Worker's wellbeing", max_length=5000, widget=forms.Textarea,
                                help_text="How the worker is, their workload, support and development",
                                error_messages={"required": "Enter what was discussed about the worker's wellbeing"})
    practice_reflection = forms.CharField(label="Reflection on practice", max_length=5000, widget=forms.Textarea,
                                          error_messages={"required": "Enter the reflection on practice"})

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class CaseDiscussionForm(ActionRowsMixin, GovukForm):
    action_rows = 1
    session = forms.ModelChoiceField(label="Supervision session", queryset=None, empty_label="Select a session",
                                     error_messages={"required": "Select the supervision session"})
    working_well = forms.CharField(label="What is working well", max_length=5000, widget=forms.Textarea,
                                   error_messages={"required": "Enter what is working well"})
    worried_about = forms.CharField(label="What are we worried about", max_length=5000, widget=forms.Textarea,
                                    error_messages={"required": "Enter what we are worried about"})
    needs_to_happen = forms.CharField(label="What needs to happen", max_length=5000, widget=forms.Textarea,
                                      error_messages={"required": "Enter what needs to happen"})
    decisions = forms.CharField(label="Decisions (optional)", max_length=5000, widget=forms.Textarea, required=False)

    def __init__(self, *args, sessions, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: f"{s.worker.full_name}, {s.held_on:%d %B %Y}"
        self.add_action_fields(owners)

    def clean(self):
        cleaned = super().clean()
        self.clean_actions(cleaned)
        return cleaned


class AuditStartForm(GovukForm):
    due_on = GovukDateField(label="Audit due date", not_past=True, error_messages={"required": "Enter the audit due date"})


class AuditForm(ActionRowsMixin, GovukForm):
    """One grade and its evidence per active practice standard, the overall grade, learning actions."""

    def __init__(self, *args, standards, owners, **kwargs):
        super().__init__(*args, **kwargs)
        for standard in standards:
            self.fields[f"standard_{standard.pk}_grade"] = forms.ChoiceField(
                label=standard.name, choices=GRADE_CHOICES, widget=forms.RadioSelect,
                help_text=standard.description,
                error_messages={"required": f"Select a grade for {standard.name.lower()}",
                                "invalid_choice": services.BAD_GRADE})
            self.fields[f"standard_{standard.pk}_evidence"] = govuk_field(forms.CharField(
                label=f"Evidence for {standard.name.lower()}", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": f"Enter the evidence for {standard.name.lower()}"}))
        self.fields["overall_grade"] = forms.ChoiceField(
            label="Overall grade", choices=GRADE_CHOICES, widget=forms.RadioSelect,
            error_messages={"required": "Select the overall grade", "invalid_choice": services.BAD_GRADE})
        self.fields["overall_evidence"] = govuk_field(forms.CharField(
            label="Evidence for the overall grade", max_length=5000, widget=forms.Textarea,
            error_messages={"required": "Enter the evidence for the overall grade"}))
        self.standards = list(standards)
        self.add_action_fields(owners)
        for i in range(1, self.action_rows + 1):
            self.fields[f"action_{i}_description"].label = f"Learning action {i} (optional)"

    def clean(self):
        cleaned = super().clean()
        self.clean_actions(cleaned)
        return cleaned

    def grades(self) -> dict[int, tuple[str, str]]:
        return {s.pk: (self.cleaned_data[f"standard_{s.pk}_grade"], self.cleaned_data[f"standard_{s.pk}_evidence"])
                for s in self.standards}


class ModerationForm(VersionedFormMixin, GovukForm):
    """The moderator's grade for each standard (starting from the auditor's) and reasons for changes."""

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(audit.grades.all())
        for row in self.rows:
            self.fields[f"standard_{row.standard_id}_grade"] = forms.ChoiceField(
                label=f"{row.standard.name} (auditor: {row.get_grade_display().lower()})", choices=GRADE_CHOICES,
                widget=forms.RadioSelect, initial=row.grade,
                error_messages={"required": f"Select a grade for {row.standard.name.lower()}",
                                "invalid_choice": services.BAD_GRADE})
            self.fields[f"standard_{row.standard_id}_reason"] = govuk_field(forms.CharField(
                label=f"Reason for changing the grade for {row.standard.name.lower()} (if you change it)",
                max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})))
        self.fields["overall_grade"] = forms.ChoiceField(
            label=f"Overall grade (auditor: {audit.get_overall_grade_display().lower()})", choices=GRADE_CHOICES,
            widget=forms.RadioSelect, initial=audit.overall_grade,
            error_messages={"required": "Select the overall grade", "invalid_choice": services.BAD_GRADE})
        self.fields["reason"] = govuk_field(forms.CharField(
            label="Moderation comments and reasons for any change", max_length=5000, required=False,
            widget=forms.Textarea))

    def changes(self) -> dict[int, tuple[str, str]]:
        return {r.standard_id: (self.cleaned_data[f"standard_{r.standard_id}_grade"],
                                self.cleaned_data[f"standard_{r.standard_id}_reason"]) for r in self.rows}


def month_choices(today: date) -> list[tuple[str, str]]:
    months = []
    year, month = today.year, today.month
    for offset in range(-1, 4):
        m = month + offset
        y = year + (m - 1) // 12
        m = (m - 1) % 12 + 1
        months.append((f"{y:04d}-{m:02d}", date(y, m, 1).strftime("%B %Y")))
    return months


class SampleForm(GovukForm):
    month = forms.ChoiceField(label="Audit month", error_messages={"required": "Select the audit month"})
    team = forms.ModelChoiceField(label="Team", queryset=None, required=False, empty_label="Every team")
    size = forms.IntegerField(label="Number of cases per team", min_value=1, max_value=500,
                              error_messages={"required": "Enter the number of cases per team",
                                              "invalid": "Number of cases per team must be a whole number",
                                              "min_value": "Number of cases per team must be 1 or more",
                                              "max_value": "Number of cases per team must be 500 or fewer"})
    exclude_months = forms.IntegerField(label="Leave out children audited in the last (months)", min_value=0,
                                        max_value=36, initial=6,
                                        error_messages={"required": "Enter how many months of past audits to leave out",
                                                        "invalid": "Months must be a whole number",
                                                        "min_value": "Months must be 0 or more",
                                                        "max_value": "Months must be 36 or fewer"})
    seed = forms.CharField(label="Sample seed", max_length=40,
                           help_text="The same seed, month and settings always give the same sample",
                           error_messages={"required": "Enter the sample seed"})

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(timezone.localdate())
        self.fields["team"].queryset = teams

    def month_start(self) -> date:
        year, month = self.cleaned_data["month"].split("-")
        return date(int(year), int(month), 1)


class ProgrammeForm(VersionedFormMixin, GovukForm):
    name = forms.CharField(label="Name", max_length=100, error_messages={"required": "Enter the name of the programme"})
    starts_on = GovukDateField(label="Start date", error_messages={"required": "Enter the start date"})
    ends_on = GovukDateField(label="End date", error_messages={"required": "Enter the end date"})
    target = forms.IntegerField(label="Target number of audits", min_value=1, max_value=100000,
                                error_messages={"required": "Enter the target number of audits",
                                                "invalid": "Target must be a whole number",
                                                "min_value": "Target must be 1 or more",
                                                "max_value": "Target must be 100000 or fewer"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", "End date must be the same as or after the start date")
        return cleaned


class StandardForm(VersionedFormMixin, GovukForm):
    name = forms.CharField(label="Name", max_length=100, error_messages={"required": "Enter the name of the standard"})
    description = forms.CharField(label="What good looks like (optional)", max_length=2000, required=False,
                                  widget=forms.Textarea)
    order = forms.IntegerField(label="Order on the audit form", min_value=0, max_value=1000,
                               error_messages={"required": "Enter the order on the audit form",
                                               "invalid": "Order must be a whole number",
                                               "min_value": "Order must be 0 or more",
                                               "max_value": "Order must be 1000 or fewer"})
    active = forms.BooleanField(label="Use this standard in new audits", required=False)


class TimescaleSettingForm(VersionedFormMixin, GovukForm):
    amount = forms.IntegerField(label="Local timescale (optional)", min_value=1, max_value=1000, required=False,
                                help_text="Leave empty to use the national value",
                                error_messages={"invalid": "Local timescale must be a whole number",
                                                "min_value": "Local timescale must be 1 or more",
                                                "max_value": "Local timescale must be 1000 or fewer"})
    reason = forms.CharField(label="Reason for the local value (optional)", max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for the local value")
        return cleaned
