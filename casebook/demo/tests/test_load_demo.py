"""The synthetic local authority: deterministic, complete, valid, and never where demo data is off."""

import json
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory, override_settings

from casebook.accounts.models import Role, Team, User
from casebook.children.identifiers import is_valid_nhs_number, is_valid_postcode, is_valid_upn
from casebook.children.models import Address, Allocation, Child, Relationship, phonetic_key
from casebook.demo import loader

TODAY = date(2026, 3, 2)


def _load(tmp_path, *, children=40, seed=7):
    # The core only: the journey apps' builders are exercised by test_bench.py.
    return loader.load(children=children, seed=seed, today=TODAY, logins_file=tmp_path / "logins.json",
                       with_apps=False)


def _snapshot():
    return list(Child.objects.order_by("casebook_id").values_list(
        "casebook_id", "first_names", "last_name", "date_of_birth", "nhs_number", "upn"))


def _load_and_roll_back(tmp_path, **kwargs):
    with transaction.atomic():
        _load(tmp_path, **kwargs)
        snapshot = _snapshot()
        staff = list(User.objects.order_by("email").values_list("email", "role"))
        transaction.set_rollback(True)
    return snapshot, staff


@pytest.mark.django_db
def test_the_same_seed_on_the_same_day_gives_the_same_authority(tmp_path):
    first = _load_and_roll_back(tmp_path, seed=7)
    second = _load_and_roll_back(tmp_path, seed=7)
    assert first == second
    assert len(first[0]) == 40
    other_seed = _load_and_roll_back(tmp_path, seed=8)
    assert other_seed[0] != first[0]


@pytest.mark.django_db
def test_every_role_exists_and_every_demo_user_is_marked(tmp_path):
    _load(tmp_path)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert not User.objects.filter(is_demo=False).exists()
    admin = User.objects.get(role=Role.ADMINISTRATOR)
    assert admin.is_staff
    assert not User.objects.filter(is_staff=True).exclude(role=Role.ADMINISTRATOR).exists()
    for manager in User.objects.filter(role=Role.SERVICE_MANAGER):
        assert manager.service_area_id is not None
    # Every case-holding team has a manager and several social workers.
    for team in Team.objects.filter(is_front_door=False):
        assert team.members.filter(role=Role.TEAM_MANAGER).count() == 1
        assert team.members.filter(role=Role.SOCIAL_WORKER).count() >= 3
    assert Team.objects.filter(is_front_door=True).count() == 1
    assert User.objects.filter(role=Role.MASH_WORKER, team__is_front_door=True).exists()
    # One hash shared by all: the password checks for any of them.
    assert User.objects.values("password").distinct().count() == 1
    assert User.objects.order_by("?").first().check_password(loader.DEMO_PASSWORD)


@pytest.mark.django_db
def test_identifiers_addresses_and_search_keys_are_valid(tmp_path):
    _load(tmp_path, children=120)
    children = list(Child.objects.all())
    nhs = [c.nhs_number for c in children if c.nhs_number]
    upns = [c.upn for c in children if c.upn]
    assert len(nhs) > 80 and all(is_valid_nhs_number(n) for n in nhs) and len(set(nhs)) == len(nhs)
    assert upns and all(is_valid_upn(u) and u[1:4] == "873" for u in upns) and len(set(upns)) == len(upns)
    assert all(is_valid_postcode(a.postcode) for a in Address.objects.all())
    assert all(len(c.casebook_id) <= 20 and c.casebook_id.isalnum() for c in children)
    for child in children:
        child.full_clean()  # every row bulk_create wrote would also pass the model's own checks
        assert child.last_name_key == phonetic_key(child.last_name)
        assert child.first_name_key == phonetic_key(child.first_names.split(" ")[0])
        assert child.last_name_lower == child.last_name.lower()
    assert any(c.is_unborn for c in children)  # unborn children are real cases (pre-birth assessments)
    assert all(c.expected_date_of_birth > TODAY for c in children if c.is_unborn)
    ages = [(TODAY - c.date_of_birth).days // 365 for c in children if c.date_of_birth]
    assert min(ages) >= 0 and max(ages) <= 21
    assert Child.history.count() >= len(children)  # each record has its creation on the history


@pytest.mark.django_db
def test_families_share_surname_and_address(tmp_path):
    _load(tmp_path, children=120)
    siblings = Relationship.objects.filter(relationship="sibling").select_related("child", "related_child")
    assert siblings.exists()
    for row in siblings:
        assert row.related_child.last_name == row.child.last_name
        assert row.related_child.addresses.order_by("moved_in").first().postcode == \
            row.child.addresses.order_by("moved_in").first().postcode
        assert Relationship.objects.filter(child=row.related_child, related_child=row.child).exists()
    assert Relationship.objects.filter(relationship="mother").count() == Child.objects.count()
    assert Relationship.objects.filter(relationship="gp").exists()


@pytest.mark.django_db
def test_allocations_agree_with_the_child_record(tmp_path):
    _load(tmp_path, children=120)
    for child in Child.objects.all():
        open_rows = list(Allocation.objects.filter(child=child, ended_at__isnull=True))
        if child.allocated_team_id is None:
            assert open_rows == [] and child.allocated_worker_id is None
        else:
            assert len(open_rows) == 1
            assert (open_rows[0].team_id, open_rows[0].worker_id) == (child.allocated_team_id,
                                                                       child.allocated_worker_id)
    assert Child.objects.filter(allocated_worker__isnull=False).exists()
    assert Child.objects.filter(allocated_team__isnull=True).exists()  # closed cases
    workers = Child.objects.filter(allocated_worker__isnull=False).select_related("allocated_worker")
    assert all(c.allocated_worker.team_id == c.allocated_team_id for c in workers)


@pytest.mark.django_db
def test_the_showcase_child_has_a_history(tmp_path):
    ctx = _load(tmp_path)
    child = Child.objects.get(pk=ctx.showcase[0].pk)
    assert child.allocated_worker_id and child.history.count() >= 3
    assert child.allocations.count() >= 3 and child.addresses.count() == 2


@pytest.mark.django_db
def test_refused_when_demo_data_is_switched_off(tmp_path):
    with override_settings(DEMO_ENABLED=False), pytest.raises(CommandError, match="DEMO_ENABLED"):
        call_command("load_demo", "--children", "5", "--core-only", "--logins-file", str(tmp_path / "l.json"))
    assert not User.objects.exists() and not Child.objects.exists()


@pytest.mark.django_db
def test_refuses_a_database_with_children_and_if_empty_skips_it(tmp_path, capsys):
    _load(tmp_path, children=10)
    before = Child.objects.count()
    with pytest.raises(CommandError, match="already holds children"):
        call_command("load_demo", "--children", "5", "--core-only", "--logins-file", str(tmp_path / "l.json"))
    call_command("load_demo", "--children", "5", "--if-empty", "--logins-file", str(tmp_path / "l.json"))
    assert Child.objects.count() == before
    assert "no demo data loaded" in capsys.readouterr().out


@pytest.mark.django_db
def test_command_writes_logins_and_demo_logins_prints_one_per_role(tmp_path, capsys):
    path = tmp_path / "logins.json"
    call_command("load_demo", "--children", "30", "--seed", "3", "--core-only", "--logins-file", str(path))
    rows = json.loads(path.read_text())
    assert isinstance(rows, list) and len(rows) == User.objects.count()
    assert all(set(row) == {"email", "password", "role", "team"} for row in rows)
    assert {row["role"] for row in rows} == set(Role.values)
    assert {row["email"] for row in rows} == set(User.objects.values_list("email", flat=True))
    capsys.readouterr()
    call_command("demo_logins", "--logins-file", str(path))
    out = capsys.readouterr().out
    for role in Role.values:
        assert sum(1 for line in out.splitlines() if line.split()[:1] == [role]) == 1
    # The first social worker listed holds the showcase family, so the demo opens on real work.
    worker = next(r for r in rows if r["role"] == "social_worker")
    assert Child.objects.filter(allocated_worker__email=worker["email"]).exists()


def test_demo_logins_without_a_file_says_what_to_do(tmp_path):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("demo_logins", "--logins-file", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_demo_users_cannot_sign_in_when_demo_data_is_off(tmp_path):
    _load(tmp_path, children=5)
    user = User.objects.filter(role=Role.SOCIAL_WORKER).first()
    request = RequestFactory().post("/accounts/sign-in/")
    with override_settings(DEMO_ENABLED=True):
        assert authenticate(request, username=user.email, password=loader.DEMO_PASSWORD) == user
    with override_settings(DEMO_ENABLED=False):
        assert authenticate(request, username=user.email, password=loader.DEMO_PASSWORD) is None
