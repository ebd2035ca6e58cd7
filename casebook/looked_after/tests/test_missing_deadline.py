"""The return home interview's status gives the deadline itself, not only the hours left."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from casebook.looked_after import services
from casebook.looked_after.models import MissingEpisode
from casebook.looked_after.selectors import interview_status


def _at(*args) -> datetime:
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def test_due_and_overdue_interviews_name_the_deadline():
    # Returned Tuesday 24 November 2026 at 09:00: the interview is due 72 hours later, Friday 27 at 09:00.
    episode = MissingEpisode(started_at=_at(2026, 11, 23, 20), ended_at=_at(2026, 11, 24, 9),
                             rhi_due_at=_at(2026, 11, 27, 9))
    assert interview_status(episode, now=_at(2026, 11, 25, 18)).text == "Due by 27 November 2026, 09:00 (39 hours left)"
    assert (interview_status(episode, now=_at(2026, 11, 27, 14, 30)).text
            == "Overdue by 5 hours (was due by 27 November 2026, 09:00)")


def test_missing_list_shows_the_deadline_beside_the_hours_left(client, world):
    now = timezone.now()
    episode = services.missing_record(child=world.child, kind="M", started_at=now - timedelta(hours=40),
                                      ended_at=now - timedelta(hours=33), acting_user=world["allocated_worker"])
    due = timezone.localtime(MissingEpisode.objects.get(pk=episode.pk).rhi_due_at)
    assert due == timezone.localtime(now + timedelta(hours=39))
    client.force_login(world["team_manager"])
    body = client.get(reverse("looked_after:missing-list")).content.decode()
    assert f"Due by {due.day} {due:%B %Y, %H:%M} (38 hours left)" in body
