from datetime import date

import pytest

from casebook.demo import loader
from casebook.workforce.models import ImprovementAction, TeamEstablishment, WorkerProfile


@pytest.mark.django_db
def test_demo_builds_a_workforce_and_an_improvement_plan(client, tmp_path):
    loader.load(children=30, seed=1, today=date(2026, 3, 2), logins_file=tmp_path / "logins.json")
    profiles = WorkerProfile.objects.all()
    assert profiles.count() > 5 and (profiles.filter(is_agency=True).exists() or profiles.filter(is_asye=True).exists())
    assert TeamEstablishment.objects.exists() and ImprovementAction.objects.exists()
    from casebook.accounts.models import User

    client.force_login(User.objects.filter(role="head_of_service").first())
    for url in ("/workforce/overview/", "/workforce/caseloads/", "/workforce/figures/", "/workforce/improvement-plan/"):
        assert client.get(url).status_code == 200, url
