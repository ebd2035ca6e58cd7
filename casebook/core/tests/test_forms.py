"""`call_service` shows what a service refused on the form: its field errors, or a stale save."""

import pytest
from django import forms

from casebook.core.concurrency import CONFLICT_FINAL_MESSAGE, CONFLICT_MESSAGE
from casebook.core.forms import GovukForm, VersionedFormMixin, call_service
from casebook.oversight.models import TimescaleSetting
from casebook.oversight.services import timescale_setting_save

ITEM = "icpc_15wd"


class _TimescaleForm(VersionedFormMixin, GovukForm):
    days = forms.IntegerField(label="Working days")  # the service calls it `amount`
    reason = forms.CharField()


def _save(form, admin):
    return lambda: timescale_setting_save(item=ITEM, amount=form.cleaned_data["days"],
                                          reason=form.cleaned_data["reason"], acting_user=admin,
                                          read_version=form.cleaned_data["version"])


def _form(*, days, reason, version):
    form = _TimescaleForm(data={"days": days, "reason": reason, "version": version})
    assert form.is_valid(), form.errors
    return form


def test_a_saved_change_returns_what_the_service_returned(world):
    admin = world["administrator"]
    form = _form(days=12, reason="Improvement plan", version=0)
    saved = call_service(form, _save(form, admin), field_map={"amount": "days"})
    assert saved == TimescaleSetting.objects.get(item=ITEM) and saved.amount == 12
    assert not form.errors and form.conflict is None


def test_a_stale_save_puts_the_conflict_on_the_form_and_returns_none(world):
    admin = world["administrator"]
    timescale_setting_save(item=ITEM, amount=12, reason="Improvement plan", acting_user=admin, read_version=0)
    form = _form(days=10, reason="Typed on the old page", version=1)
    timescale_setting_save(item=ITEM, amount=11, reason="Set by someone else", acting_user=admin, read_version=1)

    result = call_service(form, _save(form, admin), field_map={"amount": "days"},
                          labels={"reason": "Why the council set it"})

    assert result is None
    assert form.non_field_errors() == [CONFLICT_MESSAGE]
    # The form's label through field_map for `amount`, the given label for `reason`.
    assert form.conflict == [("Working days", "11"), ("Why the council set it", "Set by someone else")]
    assert form.conflict_final is False
    assert form.data["version"] == "2"  # saving again is a deliberate overwrite
    assert form.data["reason"] == "Typed on the old page"
    assert TimescaleSetting.objects.get(item=ITEM).amount == 11


def test_a_stale_save_of_what_can_be_recorded_once_is_final(world):
    admin = world["administrator"]
    timescale_setting_save(item=ITEM, amount=12, reason="Improvement plan", acting_user=admin, read_version=0)
    form = _form(days=10, reason="Typed on the old page", version=0)

    assert call_service(form, _save(form, admin), final=True) is None
    assert form.non_field_errors() == [CONFLICT_FINAL_MESSAGE] and form.conflict_final is True


def test_a_validation_error_goes_on_the_field_it_names(world):
    admin = world["administrator"]
    form = _form(days=0, reason="Improvement plan", version=0)

    assert call_service(form, _save(form, admin), field_map={"amount": "days"}) is None
    assert form.errors["days"] == ["Local timescale must be 1 or more"]
    assert form.conflict is None
    assert not TimescaleSetting.objects.filter(item=ITEM).exists()


def test_other_errors_are_not_swallowed(world):
    form = _form(days=1, reason="x", version=0)

    def broken():
        raise RuntimeError("not a refusal")

    with pytest.raises(RuntimeError):
        call_service(form, broken)
