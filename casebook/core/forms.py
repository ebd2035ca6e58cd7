"""GOV.UK Design System forms for Django.

- `GovukFormRenderer` renders every field through `templates/govuk/field.html`.
- `GovukForm` / `GovukModelForm` add the GOV.UK classes, `aria-describedby` and GOV.UK-style
  default error messages ("Enter ...", "Select ...").
- `GovukDateField` is the three-box date input with the GOV.UK error messages for it.
Put a field's own wording in its `error_messages`, never in a template.
"""

import re
from datetime import date, time

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import timezone


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukDateWidget(forms.MultiWidget):
    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)
        # Posts name-day, name-month, name-year as the GOV.UK date input does.
        self.widgets_names = ["-day", "-month", "-year"]

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base_id = (attrs or {}).get("id", "")
        parts = zip(("Day", "Month", "Year"), self.widgets_names, context["widget"]["subwidgets"], strict=True)
        in_error = self.attrs.get("parts_in_error", ())
        context["parts"] = [
            {"label": label, "name": sub["name"], "id": f"{base_id}{suffix}", "value": sub["value"] or "",
             "width": 4 if label == "Year" else 2, "error": label.lower() in in_error}
            for label, suffix, sub in parts
        ]
        return context


class GovukDateField(forms.Field):
    """A GOV.UK date input: three boxes, with the Design System's error messages.

    `not_future`/`not_past` add the rule that the date is today or before/after.
    """

    widget = GovukDateWidget

    ALL_PARTS = ("day", "month", "year")

    def __init__(self, *, not_future: bool = False, not_past: bool = False, **kwargs):
        self.not_future = not_future
        self.not_past = not_past
        # The boxes an error is about (GOV.UK highlights only those, and the error summary links
        # to the first): set while cleaning; every box unless the error names some.
        self.parts_in_error = self.ALL_PARTS
        super().__init__(**kwargs)

    @property
    def noun(self) -> str:
        return field_noun(self.label or "date", capital=True)

    def to_python(self, value):
        if isinstance(value, date):
            return value
        if not value:
            return None
        day, month, year = (str(v or "").strip() for v in value)
        if not (day or month or year):
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            self.parts_in_error = tuple(missing)
            raise forms.ValidationError(f"{self.noun} must include a {' and a '.join(missing)}", code="incomplete")
        try:
            parsed = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(f"{self.noun} must be a real date", code="invalid") from None
        if len(year) != 4:
            self.parts_in_error = ("year",)
            raise forms.ValidationError("Year must include 4 numbers", code="invalid_year")
        return parsed

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(
                self.error_messages.get("required") or f"Enter {_article(field_noun(self.label))}", code="required"
            )
        today = timezone.localdate()
        if value and self.not_future and value > today:
            raise forms.ValidationError(f"{self.noun} must be today or in the past", code="future")
        if value and self.not_past and value < today:
            raise forms.ValidationError(f"{self.noun} must be today or in the future", code="past")


_TIME = re.compile(r"^(?P<h>\d{1,2})(?:\s*[:.]?\s*(?P<m>\d{2}))?\s*(?P<ampm>[ap])?\.?\s*(?:m\.?)?$")


def parse_time(text: str) -> time | None:
    """A time of day as people type it: 14:30, 9:30, 9.30, 0930, 930, 9.30am, 9:30 pm, 9am, 12pm
    (noon), 12am (midnight). None if it is not a time."""
    text = (text or "").strip().lower()
    if text in ("midday", "noon"):
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    found = _TIME.match(text)
    if not found:
        return None
    hour, minute, ampm = int(found["h"]), int(found["m"] or 0), found["ampm"]
    if found["m"] is None and not ampm and len(found["h"]) < 3:
        return None  # a bare "9" could be a day or a duration: ask for the minutes
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class GovukTimeField(forms.TimeField):
    """A time of day. Accepts the forms people type (14:30, 9:30, 0930, 9.30am, 2pm); shown back
    on the 24-hour clock."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off",
                                                           "class": "govuk-input--width-5"}))
        kwargs.setdefault("help_text", "For example, 14:30 or 9.30am")
        super().__init__(**kwargs)
        self.error_messages.setdefault("invalid", f"Enter {str(self.label or 'the time').lower()} like 14:30 or 9.30am")

    def to_python(self, value) -> time | None:
        if isinstance(value, time):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        parsed = parse_time(str(value))
        if parsed is None:
            raise forms.ValidationError(
                f"Enter {str(self.label or 'the time').lower()} like 14:30 or 9.30am", code="invalid")
        return parsed

    def prepare_value(self, value):
        return value.strftime("%H:%M") if isinstance(value, time) else value


def govuk_kind(field: forms.Field) -> str:
    widget = field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


_CLASS_FOR_KIND = {"input": "govuk-input", "textarea": "govuk-textarea", "select": "govuk-select"}


class GovukFormMixin:
    """GOV.UK classes, accessible descriptions and default error messages for every field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            kind = govuk_kind(field)
            label = field_noun(field.label or name.replace("_", " "))
            if "required" not in getattr(field, "_custom_messages", ()):
                if field.error_messages.get("required") in (None, "This field is required."):
                    verb = "Select" if kind in ("radios", "checkboxes", "select", "checkbox") else "Enter"
                    field.error_messages["required"] = f"{verb} {_article(label)}"
            if isinstance(field, forms.CharField) and field.max_length and "max_length" not in field.error_messages:
                field.error_messages["max_length"] = (
                    f"{label[0].upper() + label[1:]} must be {field.max_length} characters or fewer"
                )
            css = _CLASS_FOR_KIND.get(kind)
            if css:
                existing = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{css} {existing}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        # A date in error highlights its boxes in error: the ones cleaning named, else all three
        # (also for an error a service put on the field after cleaning).
        for name in self._errors:
            date_field = self.fields.get(name)
            if isinstance(date_field, GovukDateField):
                date_field.widget.attrs["parts_in_error"] = date_field.parts_in_error

    def full_clean(self):
        super().full_clean()
        # Mark invalid inputs and tie errors and hints to the control for screen readers.
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}-hint")
            if name in self.errors:
                described.append(f"{bound.auto_id}-error")
                kind = govuk_kind(field)
                css = _CLASS_FOR_KIND.get(kind)
                if css and f"{css}--error" not in field.widget.attrs.get("class", ""):
                    field.widget.attrs["class"] += f" {css}--error"
            if described and govuk_kind(field) in _CLASS_FOR_KIND:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the GOV.UK error summary, in field order."""
        from casebook.core.concurrency import CONFLICT_FINAL_MESSAGE, CONFLICT_MESSAGE

        # A refused stale save links to the table of what the other person changed.
        items: list[tuple[str, str]] = [("conflict" if str(e) in (CONFLICT_MESSAGE, CONFLICT_FINAL_MESSAGE) else "", str(e))
                                        for e in self.non_field_errors()]
        for name in self.fields:
            for error in self.errors.get(name, []):
                bound = self[name]
                kind = govuk_kind(self.fields[name])
                anchor = bound.auto_id
                if kind == "date":
                    field = self.fields[name]
                    anchor = f"{bound.auto_id}-{getattr(field, 'parts_in_error', GovukDateField.ALL_PARTS)[0]}"
                elif kind in ("radios", "checkboxes"):
                    anchor = f"{bound.auto_id}_0"
                items.append((anchor, str(error)))
        return items


def field_noun(label, *, capital: bool = False) -> str:
    """A field's label as it reads inside an error message: "NHS number (optional)" gives
    "NHS number", "Date of birth" gives "date of birth" (or "Date of birth" with `capital`)."""
    text = str(label).strip().removesuffix("(optional)").strip()
    if not text:
        return text
    if capital:
        return text[0].upper() + text[1:]
    # Keep acronyms (NHS, UPN) as written; lower-case an ordinary first word only.
    first_word = text.split()[0]
    if len(first_word) > 1 and first_word.isupper():
        return text
    return text[0].lower() + text[1:]


def _article(label: str) -> str:
    if label.startswith(("the ", "a ", "an ", "your ", "their ", "who ", "what ", "why ", "how ", "when ", "where ")):
        return label
    return f"the {label}"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class VersionedFormMixin:
    """Carries the version the record was read at, for `core.concurrency.save_if_unchanged`.

    The view puts the record's `version` in `initial`, or 0 when the page would create the
    record (so a record someone else creates meanwhile is not silently overwritten). On a
    refused save the view calls `core.concurrency.show_conflict(form, error)`.
    """

    conflict = None  # (label, their value) rows once a stale save has been refused

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=getattr(instance, "version", 1), required=True, min_value=0
        )
        self.fields["version"].error_messages["required"] = "This form is out of date: reload the page"


NOT_RECORDED = "Not recorded"


def reads_a_record(form) -> bool:
    """Does `form` show a stored record (an edit page) rather than ask for a new one (an add page)?
    Only edit forms carry the version they were read at, and that is 0 before anything is stored."""
    if not isinstance(form, VersionedFormMixin):
        return False
    try:
        return int(form["version"].initial or 0) > 0
    except (TypeError, ValueError):
        return False


def form_answers(form) -> list[tuple[str, str]]:
    """(label, value as a person reads it) for each visible field of an unbound `form`, from its
    initial values (what is recorded): a choice by its display name, several choices one a line,
    a person or record by name, dates in words, Yes/No; NOT_RECORDED where there is no answer.
    For showing an edit page to someone who may only read it (`{% form_as_read %}`)."""
    from casebook.core.concurrency import display_value

    answers = []
    for bound in form.visible_fields():
        field, value = bound.field, bound.initial
        if isinstance(field, forms.ModelMultipleChoiceField):
            value = "\n".join(str(v) for v in _records(field, value))
        elif isinstance(field, forms.ModelChoiceField):
            value = next((str(v) for v in _records(field, [value])), "")
        elif isinstance(field, forms.MultipleChoiceField):
            labels = _choice_labels(field)
            value = "\n".join(str(labels.get(str(v), v)) for v in (value or []))
        elif isinstance(field, forms.ChoiceField) and value not in (None, ""):
            value = _choice_labels(field).get(str(value), value)
        elif isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
            value = bool(value)  # an unticked box is a No
        answers.append((field_noun(bound.label, capital=True), display_value(value, blank=NOT_RECORDED)))
    return answers


def _choice_labels(field: forms.ChoiceField) -> dict[str, str]:
    labels = {}
    for key, label in field.choices:
        if isinstance(label, (list, tuple)):  # an optgroup
            labels.update({str(k): v for k, v in label})
        else:
            labels[str(key)] = label
    return labels


def _records(field: forms.ModelChoiceField, values) -> list:
    """The records `values` name (instances, or primary keys looked up in the field's queryset)."""
    values = [v for v in (values or []) if v not in (None, "")]
    keys = [v for v in values if not hasattr(v, "_meta")]
    found = {str(r.pk): r for r in field.queryset.filter(pk__in=keys)} if keys else {}
    return [v if hasattr(v, "_meta") else found.get(str(v), v) for v in values]


def add_service_errors(form, error, *, field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: each message on the field it names (through
    `field_map` where the service's field name differs from the form's), else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = (field_map or {}).get(field, field)
            for e in errors:
                form.add_error(name if name in form.fields else None, e.messages)
    else:
        form.add_error(None, error.messages)


def call_service(form, call, *, field_map: dict[str, str] | None = None,
                 labels: dict[str, str] | None = None, final: bool = False):
    """Run `call()` and return what it returns, or None if the service refused the save.

    A ValidationError's messages go on `form` (see `add_service_errors`); a ConcurrentEditError
    (a stale save) is shown by `core.concurrency.show_conflict` with `labels`, `field_map` and
    `final`. Any other exception is raised as it is.
    """
    from django.core.exceptions import ValidationError

    from casebook.core.concurrency import ConcurrentEditError, show_conflict

    try:
        return call()
    except ValidationError as error:
        add_service_errors(form, error, field_map=field_map)
    except ConcurrentEditError as error:
        show_conflict(form, error, labels=labels, field_map=field_map, final=final)
    return None
