"""What a child said in a return home interview is part of their voice, with its source and date."""

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from casebook.looked_after import services
from casebook.visits.selectors import voice_entries


def _at(*args) -> datetime:
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def test_return_home_interview_words_are_on_the_childs_voice_page(client, world):
    child, worker = world.child, world["allocated_worker"]
    episode = services.missing_record(child=child, kind="M", started_at=_at(2026, 10, 2, 18),
                                      ended_at=_at(2026, 10, 3, 11), acting_user=worker)
    services.interview_record(episode=episode, offered_at=_at(2026, 10, 4, 10), offered_by="Jo Advocate",
                              independent=True, response="accepted", completed_on=date(2026, 10, 5),
                              why_missing="I went to my friend's because of the shouting at home.",
                              read_version=episode.version, acting_user=worker)
    silent = services.missing_record(child=child, kind="M", started_at=_at(2026, 10, 20, 18),
                                     ended_at=_at(2026, 10, 21, 9), acting_user=worker)
    assert silent.why_missing == ""

    entries = voice_entries(child)
    assert [(e.when, e.source, e.words) for e in entries] == [
        (date(2026, 10, 5), "Return home interview (independent)", "I went to my friend's because of the shouting at home.")]

    client.force_login(worker)
    body = client.get(reverse("visits:voice", args=[child.casebook_id])).content.decode()
    assert "Return home interview (independent)" in body and "5 October 2026" in body
    assert "I went to my friend&#x27;s because of the shouting at home." in body
