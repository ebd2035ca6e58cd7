"""`call_service` shows what a service refused on the form: its field errors, or a stale save."""

import pytest
from django.core.exceptions import ValidationError

from casebook.core.concurrency import CONFLICT_FINAL_MESSAGE, CONFLICT_MESSAGE
from casebook.core.forms import call_service
from casebook.oversight.forms import TimescaleSettingForm
from casebook.oversight.models import TimescaleSetting
from casebook.oversight.services import timescale_setting_save

ITEM = "icpc_15wd"


def _form(*, amount, reason, version):
    form = TimescaleSettingForm(data={"amount": amount, "reason": reason, "version": version})
    assert form.is_valid(), form.errors
    return form


def _save(form, admin, **overrides):
    data = {**form.cleaned_data, **overrides}
    return lambda: timescale_setting_save(item=ITEM, amount=data["amount"], reason=data["reason"],
                                          acting_user=admin, read_version=data["version"])


def test_a_saved_change_returns_what_the_service_returned(world):
    admin = world["administrator"]
    form = _form(amount=12, reason="Improvement plan", version=0)
    saved = call_service(form, _save(form, admin))
    assert saved == TimescaleSetting.objects.get(item=ITEM) and saved.amount == 12
    assert not form.errors and form.conflict is None


def test_a_stale_save_puts_the_conflict_on_the_form_and_returns_none(world):
    admin = world["administrator"]
    timescale_setting_save(item=ITEM, amount=12, reason="Improvement plan", acting_user=admin, read_version=0)
    form = _form(amount=10, reason="Typed on the old page", version=1)
    timescale_setting_save(item=ITEM, amount=11, reason="Set by someone else", acting_user=admin, read_version=1)

    result = call_service(form, _save(form, admin), labels={"reason": "Why the council set it"})

    assert result is None
    assert form.non_field_errors() == [CONFLICT_MESSAGE]
    # The form's own label for `amount`, the given label for `reason`.
    assert form.conflict == [("Local timescale (optional)", "11"), ("Why the council set it", "Set by someone else")]
    assert form.conflict_final is False
    assert form.data["version"] == "2"  # saving again is a deliberate overwrite
    assert form.data["reason"] == "Typed on the old page"
    assert TimescaleSetting.objects.get(item=ITEM).amount == 11


def test_a_stale_save_is_labelled_through_the_field_map(world):
    admin = world["administrator"]
    timescale_setting_save(item=ITEM, amount=12, reason="Improvement plan", acting_user=admin, read_version=0)
    form = _form(amount=10, reason="Typed on the old page", version=0)

    assert call_service(form, _save(form, admin), field_map={"amount": "reason"}) is None
    assert form.conflict[0] == ("Reason for the local value (optional)", "12")


def test_a_stale_save_of_what_can_be_recorded_once_is_final(world):
    admin = world["administrator"]
    timescale_setting_save(item=ITEM, amount=12, reason="Improvement plan", acting_user=admin, read_version=0)
    form = _form(amount=10, reason="Typed on the old page", version=0)

    assert call_service(form, _save(form, admin), final=True) is None
    assert form.non_field_errors() == [CONFLICT_FINAL_MESSAGE] and form.conflict_final is True


def test_a_validation_error_goes_on_the_field_it_names(world):
    admin = world["administrator"]
    form = _form(amount=5, reason="Improvement plan", version=0)

    assert call_service(form, _save(form, admin, amount=0)) is None
    assert form.errors["amount"] == ["Local timescale must be 1 or more"]
    assert form.conflict is None
    assert not TimescaleSetting.objects.filter(item=ITEM).exists()


def test_a_validation_error_follows_the_field_map(world):
    form = _form(amount=5, reason="Improvement plan", version=0)

    def refuse():
        raise ValidationError({"local_days": "Local timescale must be 30 or fewer", "other": "Not a field here"})

    assert call_service(form, refuse, field_map={"local_days": "amount"}) is None
    assert form.errors["amount"] == ["Local timescale must be 30 or fewer"]
    assert form.non_field_errors() == ["Not a field here"]


def test_other_errors_are_not_swallowed(world):
    form = _form(amount=1, reason="x", version=0)

    def broken():
        raise RuntimeError("not a refusal")

    with pytest.raises(RuntimeError):
        call_service(form, broken)
