"""Episode-reason derivation and the bad-input rules: GOV.UK errors, nothing saved half-way."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from casebook.children.tests.factories import allocate
from casebook.looked_after import services
from casebook.looked_after.models import CareEpisode, CareLeaverContact, MissingEpisode
from casebook.looked_after.services import Change, derive_reason
from casebook.looked_after.tests.factories import looked_after

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(("change", "expected"), [
    (Change(new_period=True, legal_status=False, placement=False, same_carer=False), "S"),
    (Change(new_period=False, legal_status=True, placement=False, same_carer=False), "L"),
    (Change(new_period=False, legal_status=False, placement=True, same_carer=False), "P"),
    (Change(new_period=False, legal_status=True, placement=True, same_carer=False), "T"),
    (Change(new_period=False, legal_status=True, placement=True, same_carer=True), "U"),
    (Change(new_period=False, legal_status=False, placement=True, same_carer=True), "B"),
    (Change(new_period=False, legal_status=False, placement=False, same_carer=False), None),
])
def test_reason_for_new_episode_is_derived_from_what_changed(change, expected):
    assert derive_reason(change) == expected


def _change(child, user, **overrides):
    current = services.current_episode(child)
    values = dict(child=child, start_date=current.start_date + timedelta(days=30), reason_new_episode="P",
                  legal_status=current.legal_status, category_of_need="N1", placement_type=current.placement_type,
                  placement_provider=current.placement_provider, placement_postcode=current.placement_postcode,
                  home_postcode=current.home_postcode, carer_name=current.carer_name, reason_place_change="CARPL",
                  acting_user=user)
    values.update(overrides)
    return services.episode_start(**values)


def test_placement_move_then_legal_status_change_makes_one_period(world):
    child, user = world.child, world["allocated_worker"]
    first = looked_after(child, user, start=date(2025, 1, 6))
    moved = _change(child, user, reason_new_episode="P", placement_type="U4", carer_name="Carer B",
                    start_date=date(2025, 2, 3))
    c2 = _change(child, user, reason_new_episode="L", legal_status="C2", start_date=date(2025, 3, 3))
    first.refresh_from_db()
    moved.refresh_from_db()
    assert (first.end_date, first.reason_ceased) == (date(2025, 2, 3), "X1")
    assert (moved.end_date, moved.reason_ceased) == (date(2025, 3, 3), "X1")
    assert c2.period_start == date(2025, 1, 6) and c2.placement_started == date(2025, 2, 3)
    assert c2.reason_place_change == ""


def test_reason_that_contradicts_what_changed_is_refused_and_nothing_saved(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2025, 1, 6))
    with pytest.raises(ValidationError) as error:
        _change(child, user, reason_new_episode="L", placement_type="U4", carer_name="Carer B")
    assert error.value.message_dict["reason_new_episode"] == [
        "Reason for new episode must be P, not L: only the placement changed, with a new carer"]
    assert CareEpisode.objects.filter(child=child).count() == 1
    assert services.current_episode(child).end_date is None


def test_new_episode_with_nothing_changed_is_refused(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2025, 1, 6))
    with pytest.raises(ValidationError) as error:
        _change(child, user, reason_new_episode="P")
    assert "neither has changed" in error.value.message_dict["reason_new_episode"][0]


def test_first_episode_must_be_s(world):
    with pytest.raises(ValidationError) as error:
        services.episode_start(child=world.child, start_date=date(2025, 1, 6), reason_new_episode="P",
                               legal_status="V2", category_of_need="N1", placement_type="U6",
                               placement_provider="PR1", acting_user=world["allocated_worker"])
    assert error.value.message_dict["reason_new_episode"][0].startswith("Reason for new episode must be S")


def test_overlapping_episode_is_refused(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2025, 1, 6))
    with pytest.raises(ValidationError) as error:
        _change(child, user, placement_type="U4", start_date=date(2025, 1, 6))
    assert "episodes cannot overlap" in error.value.message_dict["start_date"][0]


def test_new_period_cannot_start_inside_the_last_one(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2025, 1, 6))
    services.period_end(child=child, end_date=date(2025, 3, 1), reason_ceased="E4A", acting_user=user)
    with pytest.raises(ValidationError) as error:
        looked_after(child, user, start=date(2025, 2, 1))
    assert "periods of care cannot overlap" in error.value.message_dict["start_date"][0]
    second = looked_after(child, user, start=date(2025, 6, 1))
    assert second.period_start == date(2025, 6, 1)


def test_placed_for_adoption_needs_a_placement_order(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2025, 1, 6), legal_status="C2")
    with pytest.raises(ValidationError) as error:
        _change(child, user, placement_type="A5", carer_name="Adopters")
    assert "needs legal status E1" in error.value.message_dict["placement_type"][0]
    episode = _change(child, user, reason_new_episode="T", legal_status="E1", placement_type="A5", carer_name="Adopters")
    assert episode.reason_new_episode == "T"


def test_temporary_placement_has_no_provider(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2025, 1, 6))
    with pytest.raises(ValidationError) as error:
        _change(child, user, placement_type="T1", placement_provider="PR1")
    assert error.value.message_dict["placement_provider"] == ["Leave the placement provider blank for placement type T1"]


def test_missing_episode_that_ends_before_it_starts_is_refused(world):
    start = datetime(2025, 1, 10, 18, 0, tzinfo=LONDON)
    with pytest.raises(ValidationError) as error:
        services.missing_record(child=world.child, kind="M", started_at=start, ended_at=start - timedelta(hours=1),
                                acting_user=world["allocated_worker"])
    assert error.value.message_dict["ended_at"] == ["The date and time the child returned must be after they went missing"]
    assert not MissingEpisode.objects.exists()


def test_interview_offered_before_the_return_is_refused(world):
    user = world["allocated_worker"]
    start = datetime(2025, 1, 10, 18, 0, tzinfo=LONDON)
    episode = services.missing_record(child=world.child, kind="A", started_at=start, ended_at=start + timedelta(hours=5),
                                      acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.interview_record(episode=episode, offered_at=start + timedelta(hours=4), offered_by="X",
                                  independent=True, read_version=episode.version, acting_user=user)
    assert error.value.message_dict["offered_at"][0].startswith("The interview must be offered after the child returned")
    episode.refresh_from_db()
    assert episode.rhi_offered_at is None


def test_overlapping_missing_episodes_are_refused(world):
    user = world["allocated_worker"]
    start = datetime(2025, 1, 10, 18, 0, tzinfo=LONDON)
    services.missing_record(child=world.child, kind="M", started_at=start, ended_at=start + timedelta(hours=5),
                            acting_user=user)
    with pytest.raises(ValidationError):
        services.missing_record(child=world.child, kind="M", started_at=start + timedelta(hours=2), acting_user=user)


def test_oc3_contact_needs_accommodation_and_activity_when_in_touch(world):
    child, user = world.child, world["allocated_worker"]
    child.date_of_birth = date(2007, 5, 1)
    child.save(update_fields=["date_of_birth"])
    with pytest.raises(ValidationError) as error:
        services.care_leaver_contact_record(child=child, birthday=18, contact_date=date(2025, 5, 10), in_touch="YES",
                                            acting_user=user)
    assert set(error.value.message_dict) == {"accommodation", "activity"}
    contact = services.care_leaver_contact_record(child=child, birthday=18, contact_date=date(2025, 5, 10),
                                                  in_touch="YES", accommodation="U", accommodation_suitable=True,
                                                  activity="F3", acting_user=user)
    assert contact.accom_code == "U1"
    with pytest.raises(ValidationError) as error:
        services.care_leaver_contact_record(child=child, birthday=19, contact_date=date(2025, 5, 10), in_touch="NO",
                                            acting_user=user)
    assert "within 3 months either side of the 19th birthday" in error.value.message_dict["contact_date"][0]
    assert CareLeaverContact.objects.count() == 1


def test_adoption_dates_must_be_in_order(world):
    with pytest.raises(ValidationError) as error:
        services.adoption_set(child=world.child, decision_date=date(2025, 3, 1), match_date=date(2025, 4, 1),
                              placed_date=date(2025, 3, 20), acting_user=world["allocated_worker"])
    assert error.value.message_dict["placed_date"] == ["Date placed for adoption must be on or after the date of the match"]


def test_social_worker_episodes_come_from_allocations_with_reasons(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2020, 1, 6))
    allocation = allocate(child, world["team_colleague"], team=world.teams["east"], by=world["team_manager"])
    services.social_worker_change_record(allocation=allocation, reason="LEFTRL", acting_user=world["team_manager"])
    from casebook.looked_after.selectors import social_worker_episodes

    rows = social_worker_episodes(child)
    assert [r["allocation"].worker for r in rows] == [user, world["team_colleague"]]
    assert rows[1]["reason"].reason == "LEFTRL" and rows[0]["reason"] is None
