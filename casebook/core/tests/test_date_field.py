"""The GOV.UK date input in error: only the boxes the error is about are highlighted, and the
error summary links to the first of them (GOV.UK Design System, date input: error messages)."""

import re

import pytest
from django import forms

from casebook.core.forms import GovukDateField, GovukFormMixin


class VisitForm(GovukFormMixin, forms.Form):
    visited_on = GovukDateField(label="Date of visit")


def _render(data):
    form = VisitForm(data=data)
    form.is_valid()
    html = str(form["visited_on"])
    highlighted = [part for part in ("day", "month", "year")
                   if re.search(rf'govuk-input--error"[^>]*id="id_visited_on-{part}"', html)]
    return form, highlighted


@pytest.mark.parametrize(("day", "month", "year", "boxes", "message"), [
    ("4", "", "2026", ["month"], "Date of visit must include a month"),
    ("", "", "2026", ["day", "month"], "Date of visit must include a day and a month"),
    ("4", "3", "26", ["year"], "Year must include 4 numbers"),
    ("31", "2", "2026", ["day", "month", "year"], "Date of visit must be a real date"),
    ("", "", "", ["day", "month", "year"], "Enter the date of visit"),
])
def test_only_the_boxes_in_error_are_highlighted_and_the_summary_links_the_first(day, month, year, boxes, message):
    form, highlighted = _render({"visited_on-day": day, "visited_on-month": month, "visited_on-year": year})
    assert form.errors["visited_on"] == [message]
    assert highlighted == boxes
    assert form.error_summary() == [(f"id_visited_on-{boxes[0]}", message)]


def test_an_error_added_after_cleaning_highlights_every_box():
    form = VisitForm(data={"visited_on-day": "4", "visited_on-month": "3", "visited_on-year": "2026"})
    assert form.is_valid()
    form.add_error("visited_on", "The visit cannot be before the child was born")
    assert re.findall(r"govuk-input--error", str(form["visited_on"])) == ["govuk-input--error"] * 3


def test_a_valid_date_highlights_nothing():
    _form, highlighted = _render({"visited_on-day": "4", "visited_on-month": "3", "visited_on-year": "2026"})
    assert highlighted == []
