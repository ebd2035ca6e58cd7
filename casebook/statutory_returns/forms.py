from django import forms

from casebook.core.forms import GovukDateField, GovukForm
from casebook.statutory_returns.years import current_year


def year_choices(today=None) -> list[tuple[int, str]]:
    latest = current_year(today).year
    return [(y, f"{y - 1} to {y} (ends 31 March {y})") for y in range(latest, latest - 6, -1)]


class YearForm(GovukForm):
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=year_choices,
                                  error_messages={"required": "Select the collection year",
                                                  "invalid_choice": "Select a collection year from the list"})


class AnnexAForm(GovukForm):
    # Every error names the field as its label does: "Enter the inspection date", "Inspection date
    # must be a real date" (GovukDateField builds the others from the label).
    as_at = GovukDateField(label="Inspection date", not_future=True,
                           error_messages={"required": "Enter the inspection date"},
                           help_text="For example, 27 3 2027")
