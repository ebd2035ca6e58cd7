from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casebook.children.tests.factories import ChildFactory, allocate
from casebook.looked_after import services


def test_bad_missing_episode_gives_govuk_errors_and_saves_nothing(client, world):
    client.force_login(world["allocated_worker"])
    url = reverse("looked_after:missing-add", args=[world.child.casebook_id])
    response = client.post(url, {"kind": "M", "started_on-day": "10", "started_on-month": "1", "started_on-year": "2025",
                                 "started_time": "18:00", "ended_on-day": "10", "ended_on-month": "1",
                                 "ended_on-year": "2025", "ended_time": "17:00"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "The date and time the child returned must be after they went missing" in body
    assert 'href="#id_ended_on-day"' in body
    assert not world.child.missing_episodes.exists()


def test_episode_form_names_the_contradicted_rule(client, world):
    client.force_login(world["allocated_worker"])
    url = reverse("looked_after:episode-add", args=[world.child.casebook_id])
    response = client.post(url, {"start_date-day": "6", "start_date-month": "1", "start_date-year": "2025",
                                 "legal_status": "V2", "category_of_need": "N1", "placement_type": "U6",
                                 "placement_provider": "PR1", "reason_new_episode": "L"})
    assert "Reason for new episode must be S, not L" in response.content.decode()
    assert not world.child.care_episodes.exists()


def test_missing_list_shows_only_children_the_manager_may_see_with_fixed_queries(client, world, django_assert_max_num_queries):
    now = timezone.now()
    other = ChildFactory()
    allocate(other, world["other_team_worker"])
    for child, user in ((world.child, world["allocated_worker"]), (other, world["other_team_worker"])):
        services.missing_record(child=child, kind="M", started_at=now - timedelta(hours=90),
                                ended_at=now - timedelta(hours=80), acting_user=user)
    client.force_login(world["team_manager"])
    with django_assert_max_num_queries(12):
        body = client.get(reverse("looked_after:missing-list")).content.decode()
    assert world.child.display_name in body and other.display_name not in body
    assert "Overdue by 8 hours" in body
