from datetime import date

import pytest

from casebook.demo import loader
from casebook.oversight.models import Action, AuditStatus, CaseAudit, OversightEntry, SupervisionSession


@pytest.mark.django_db
def test_demo_builds_supervision_oversight_and_a_year_of_moderated_audits(client, tmp_path):
    loader.load(children=60, seed=3, today=date(2026, 3, 2), logins_file=tmp_path / "logins.json")
    assert SupervisionSession.objects.exists() and OversightEntry.objects.exists() and Action.objects.exists()
    assert CaseAudit.objects.filter(status=AuditStatus.MODERATED).exclude(moderator=None).exists()
    from casebook.accounts.models import User

    client.force_login(User.objects.filter(role="head_of_service").first())
    for url in ("/oversight/dashboard/", "/oversight/dashboard/open-cases/", "/oversight/audits/",
                "/oversight/supervision/"):
        assert client.get(url).status_code == 200, url
