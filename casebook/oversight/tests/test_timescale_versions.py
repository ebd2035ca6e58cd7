"""A local timescale value's version never restarts, so removing it and setting it again still
refuses a form read before the removal."""

import pytest
from django.urls import reverse

from casebook.core.concurrency import CONFLICT_MESSAGE, ConcurrentEditError
from casebook.oversight.models import TimescaleSetting
from casebook.oversight.services import timescale_setting_save

ITEM = "icpc_15wd"


def test_setting_again_after_a_removal_carries_the_version_on(world):
    admin = world["administrator"]
    first = timescale_setting_save(item=ITEM, amount=12, reason="Improvement plan", acting_user=admin, read_version=0)
    assert first.version == 1
    read_by_a = first.version
    timescale_setting_save(item=ITEM, amount=None, reason="", acting_user=admin, read_version=1)
    again = timescale_setting_save(item=ITEM, amount=12, reason="Back again", acting_user=admin, read_version=0)
    assert again.version == 2  # not 1: version 1 was the removed value

    with pytest.raises(ConcurrentEditError) as error:
        timescale_setting_save(item=ITEM, amount=10, reason="Typed on the old page", acting_user=admin,
                               read_version=read_by_a)
    assert error.value.current.version == 2 and error.value.changes["reason"] == "Back again"
    assert TimescaleSetting.objects.get(item=ITEM).amount == 12

    # Changed again: 3, then removed and set again: 4.
    timescale_setting_save(item=ITEM, amount=11, reason="Tighter", acting_user=admin, read_version=2)
    timescale_setting_save(item=ITEM, amount=None, reason="", acting_user=admin, read_version=3)
    assert timescale_setting_save(item=ITEM, amount=9, reason="Fourth", acting_user=admin, read_version=0).version == 4


def test_the_edit_page_refuses_a_form_read_before_the_removal(client, world):
    admin = world["administrator"]
    timescale_setting_save(item=ITEM, amount=12, reason="Improvement plan", acting_user=admin, read_version=0)
    client.force_login(admin)
    url = reverse("oversight:timescale-edit", kwargs={"item": ITEM})
    timescale_setting_save(item=ITEM, amount=None, reason="", acting_user=admin, read_version=1)
    timescale_setting_save(item=ITEM, amount=13, reason="Set again", acting_user=admin, read_version=0)

    response = client.post(url, {"amount": 10, "reason": "Typed on the old page", "version": 1})
    body = response.content.decode()
    assert response.status_code == 200 and CONFLICT_MESSAGE.split(":")[0] in body
    assert '<td class="govuk-table__cell">Set again</td>' in body
    assert TimescaleSetting.objects.get(item=ITEM).reason == "Set again"
