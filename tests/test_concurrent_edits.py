"""Every page that edits an existing record refuses a save made from an out-of-date form.

Two people open the same edit form; B saves first; A then saves what they typed over the copy
they opened. A's save must be refused with the GOV.UK conflict message and a table of what B
changed (B's value as the page shows it), A's typed input must still be in the re-shown form,
and B's value must still be what is stored. The re-shown form carries the new version, so A
submitting it again is a deliberate overwrite and goes through, except where what B recorded
can be recorded only once (a threshold decision): then it is refused and B's stays.

`test_every_versioned_edit_page_is_listed` fails when a view uses a VersionedFormMixin form,
edits with `instance=` or allocates a child, without being in EDIT_PAGES, so a new edit page cannot skip this test.

Pages that only add a record (a visit, a review, a missing episode) have nothing to overwrite.
Edit pages deliberately not versioned, and why, are listed in NOT_VERSIONED.
"""

import inspect
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casebook.access_audit.tests.test_url_access import _BY_NAME, URLS, _kwargs
from casebook.core.concurrency import CONFLICT_FINAL_MESSAGE, CONFLICT_MESSAGE
from casebook.core.forms import VersionedFormMixin
from tests.test_fuzz_all_forms import PERSONA_ORDER, STAGES, post_forms

def _date(name, day=None):
    day = day or timezone.localdate()
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


# ---- Records the front door pages need open (the access samples' contacts are signed off) ----

def _open_contact(world, *, rag=""):
    from casebook.front_door.tests import factories

    return factories.contact(by=world["mash_worker"], children=[world.child], rag=rag,
                             received_at=timezone.now() - timedelta(days=1))


def _contact_kwargs(world, **kwargs):
    return {"child_id": world.child.casebook_id, "contact_id": _open_contact(world, **kwargs).pk}


def _check_kwargs(world):
    from casebook.front_door.services import partner_check_request

    contact = _open_contact(world, rag="green")
    check = partner_check_request(contact=contact, agency="police", requested_on=timezone.localdate(),
                                  acting_user=world["mash_worker"])
    return {"child_id": world.child.casebook_id, "contact_id": contact.pk, "check_id": check.pk}


def _decided_kwargs(world):
    from casebook.front_door.tests import factories

    contact = factories.decided(by=world["mash_worker"], children=[world.child], outcome="nfa", primary_need="",
                                received_at=timezone.now() - timedelta(days=1))
    return {"child_id": world.child.casebook_id, "contact_id": contact.pk}


def _sign_off_state(world, kwargs):
    """'on' (the agree box) once signed off, else the reason the decision was last sent back with."""
    from casebook.front_door.models import Contact

    contact = Contact.objects.get(pk=kwargs["contact_id"])
    last = contact.returns.order_by("-pk").first()
    return "on" if contact.signed_off_at else (last.reason if last else "")


def _decide_again(world, kwargs):
    from casebook.front_door.models import Contact
    from casebook.front_door.services import contact_decide

    contact_decide(contact=Contact.objects.get(pk=kwargs["contact_id"]), outcome="nfa", level_of_need="2",
                   decision_reasons="Decided again after the send-back", decided_at=timezone.now(),
                   acting_user=world["mash_worker"])


def _mother(world):
    from datetime import date

    from casebook.looked_after.services import mother_status_record

    world.child.sex = "F"
    world.child.save(update_fields=["sex"])
    mother_status_record(child=world.child, is_mother=True, first_child_born=date(2026, 7, 1),
                         acting_user=world["allocated_worker"])
    return {"child_id": world.child.casebook_id}


def _uasc(world, kwargs):
    from casebook.looked_after.models import UASCStatus

    return "yes" if UASCStatus.objects.filter(child=world.child).exists() else "no"


def _submitted_audit(world):
    """A case file audit submitted by the world's auditor, waiting for a second auditor."""
    from casebook.oversight.models import PracticeStandard
    from casebook.oversight.services import audit_assign, audit_submit

    audit = audit_assign(child=world.child, auditor=world["auditor"], due_on=timezone.localdate() + timedelta(days=30),
                         acting_user=world["auditor"])
    grades = {s.pk: ("good", "Seen in the record") for s in PracticeStandard.objects.filter(active=True)}
    audit_submit(audit=audit, grades=grades, overall_grade="good", overall_evidence="Consistent recording",
                 learning_actions=[], acting_user=world["auditor"])
    return {"child_id": world.child.casebook_id, "audit_id": audit.pk}


def _moderation_reason(world, kwargs):
    from casebook.oversight.models import CaseAudit

    return CaseAudit.objects.get(pk=kwargs["audit_id"]).moderation_reason


def _decision_reasons(world, kwargs):
    from casebook.front_door.models import Contact

    return Contact.objects.get(pk=kwargs["contact_id"]).decision_reasons


def _allocation_reason(world, kwargs):
    from casebook.children.models import Allocation

    return Allocation.objects.get(child=world.child, ended_at__isnull=True).reason


def _returned(world):
    """The access sample's episode ended 20 hours ago; the return form asks for that moment."""
    ended = timezone.localtime(timezone.now() - timedelta(hours=20))
    return {**_date("ended_on", ended.date()), "ended_time": f"{ended:%H:%M}"}


def _offered_now():
    """The interview offered this minute: after the sample episode's return (20 hours ago) whatever
    the time of day, and not in the future."""
    now = timezone.localtime()
    return {**_date("offered_on", now.date()), "offered_time": f"{now:%H:%M}", "independent": "yes"}


def _episode_value(name):
    def stored(world, kwargs):
        from casebook.looked_after.models import MissingEpisode

        return getattr(MissingEpisode.objects.get(pk=kwargs["episode_id"]), name)
    return stored


@dataclass
class EditPage:
    """One edit page: B saves `b_value` into `field`, A typed `a_value` on an older copy.
    `shown` is B's value as the conflict table shows it (choices by their label)."""

    url_name: str
    field: str
    b_value: str
    a_value: str
    shown: str = ""
    needs: Callable = lambda world: {}
    stage: str = "as created"
    kwargs: Callable | None = None  # default: the URL walker's access sample
    persona: str | None = None  # default: the first persona who can open the form
    stored: Callable | None = None  # default: the value the page serves when opened afresh
    final: bool = False  # what B recorded can be recorded only once: A's second submit is refused too
    # Pages with two forms: which served form A and B each use, and B's own field and answers.
    a_form: Callable | None = None
    b_form: Callable | None = None
    b_field: str | None = None
    b_needs: Callable = lambda world: {}
    b_then: Callable | None = None  # what else happens after B's save (world, kwargs)

    def __post_init__(self):
        self.shown = self.shown or self.b_value
        self.b_field = self.b_field or self.field


B, A = "Saved first by a colleague", "Typed later on an old copy"
EDIT_PAGES = [
    EditPage("children:edit", "known_as", B, A, needs=lambda w: {"ethnicity": "WBRI"}),
    EditPage("assessments:edit", "analysis", B, A),
    EditPage("plans:goal-edit", "outcome", B, A),
    EditPage("child_protection:strategy-discussion-edit", "reasons", B, A),
    EditPage("child_protection:conference-edit", "agencies", B, A),
    EditPage("child_protection:conference-decision", "category", "PHY", "EMO", shown="Physical abuse",
             needs=lambda w: {"reason": "Category recorded wrongly"}),
    EditPage("child_protection:section47-conclude", "findings", B, A,
             needs=lambda w: {**_date("concluded_on"), "outcome": "not_substantiated"}),
    EditPage("workforce:action-edit", "evidence", B, A, needs=lambda w: {"owner": str(w["team_manager"].pk)}),
    EditPage("workforce:worker-edit", "fte", "0.6", "0.8",
             needs=lambda w: {"census_role": "case_holder", "is_agency": "False", **_date("started_on")}),
    EditPage("workforce:establishment-edit", "funded_fte", "10", "12.5"),
    EditPage("workforce:caseload-settings", "weight_CP", "2", "1.75"),
    EditPage("oversight:standard-edit", "name", B, A),
    EditPage("oversight:audit-moderate", "reason", B, A, final=True, kwargs=_submitted_audit,
             stored=_moderation_reason),
    EditPage("oversight:timescale-edit", "reason", B, A, needs=lambda w: {"amount": "8"}),
    EditPage("oversight:programme-edit", "name", B, A, needs=lambda w: {
        **_date("starts_on", timezone.localdate().replace(month=4, day=1)),
        **_date("ends_on", timezone.localdate().replace(month=4, day=1) + timedelta(days=364)), "target": "40"}),
    EditPage("front_door:contact-rag", "rag_reason", B, A, needs=lambda w: {"rag": "amber"},
             kwargs=_contact_kwargs, persona="mash_worker"),
    EditPage("front_door:contact-rag", "rag", "red", "green", shown="Red", needs=lambda w: {"rag_reason": "Injury"},
             kwargs=lambda w: _contact_kwargs(w, rag="amber"), persona="mash_worker"),
    EditPage("front_door:check-answer", "summary", B, A, needs=lambda w: _date("received_on"),
             kwargs=_check_kwargs, persona="mash_worker"),
    EditPage("front_door:contact-decision", "decision_reasons", B, A, final=True,
             needs=lambda w: {"outcome": "nfa", "level_of_need": "1", **_date("decided_on"), "decided_time": "00:01"},
             kwargs=lambda w: _contact_kwargs(w, rag="green"), persona="mash_worker", stored=_decision_reasons),
    # A manager agrees a decision that another manager has meanwhile sent back and the MASH has
    # decided again: A sees the new decision, and agreeing again signs off that one.
    # The send-back form's own stale post is tested in front_door/tests/test_send_back.py.
    EditPage("front_door:contact-sign-off", "confirm", "Decision disagreed", "on",
             shown="Decided again after the send-back", kwargs=_decided_kwargs, persona="team_manager",
             stored=_sign_off_state, a_form=lambda f: f.get("action") == "sign-off",
             b_form=lambda f: f.get("action") == "send-back", b_field="back-reason", b_then=_decide_again),
    # Two managers allocate the same child from the same page: B to the team's senior
    # practitioner, A (stale) back to the worker who held it. The conflict names who B allocated.
    EditPage("front_door:allocate", "reason", B, A, persona="team_manager", stored=_allocation_reason,
             needs=lambda w: {"worker": str(w["allocated_worker"].pk), "override_reason": "Cover"},
             b_needs=lambda w: {"worker": str(w["team_colleague"].pk)}),
    EditPage("looked_after:missing-return", "where_found", B, A, needs=_returned, stored=_episode_value("where_found")),
    EditPage("looked_after:missing-interview", "offered_by", B, A, stored=_episode_value("rhi_offered_by"),
             needs=lambda w: _offered_now()),
    EditPage("looked_after:social-worker-reason", "reason", "LEFTRL", "ABSENC", shown="Social worker left the role"),
    EditPage("looked_after:care-leaver", "personal_adviser_name", B, A, needs=lambda w: {"category": "eligible"},
             stage="in care"),
    EditPage("looked_after:adopter-edit", "full_name", B, A),
    EditPage("looked_after:adoption", "adopter_sex", "FF", "M1", shown="Two female adopters",
             needs=lambda w: _date("decision_date"), stage="in care"),
    # The 903 items a worker records (a girl whose first child was born on 1 July 2026, after she turned 11).
    EditPage("looked_after:mother-status", "first_child_born-day", "2", "3", shown="2 July 2026", stage="in care",
             kwargs=_mother),
    EditPage("looked_after:uasc-status", "is_uasc", "yes", "no", shown="Yes", stage="in care", stored=_uasc),
    EditPage("looked_after:year-outcomes", "immunisations", "yes", "no", shown="Yes", stage="in care"),
    EditPage("looked_after:previous-permanence", "previous_permanence_la", "873", "WAL", stage="in care",
             needs=lambda w: {"previous_permanence": "P2", "previous_permanence_date": "01/01/2020"}),
]
CONFLICT_WORDS = "Someone else changed this record after you opened it"

# Pages that change an existing record but carry no version, and why that is safe.
NOT_VERSIONED = {
    "oversight:audit": "only the assigned auditor may submit, once (refused once submitted)",
    "oversight:my-actions": "marking an action done has one value; a second is refused",
    "child_protection:plan-end": "ending a plan is refused once it has ended (This plan has already ended)",
    "children_in_need:plan-end": "ending a plan is refused once it has ended (This plan has already ended)",
    "looked_after:period-end": "refused once no period of care is open (the open episode is locked first)",
    "plans:finalise": "one answer only; refused once finalised",
}
# Pages that use a versioned form only to create a record (version 0): nothing to overwrite.
ADD_ONLY = {"looked_after:adopter-add"}


class ValueParser(HTMLParser):
    """The values a POST form was served with, as a browser would send them unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {} if a.get("method", "").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
        elif tag == "option" and self._form is not None and self._select and "selected" in a:
            self._form[self._select] = a.get("value", "")
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type", "text") in ("checkbox", "radio"):
            if "checked" in a:
                self._form.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "input" and a.get("type") != "submit":
            self._form[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self._form[a["name"]] = ""

    def handle_data(self, data):
        if self._textarea:
            # As a browser does, drop the one newline that follows <textarea>.
            self._form[self._textarea] = (self._form[self._textarea] + data).removeprefix("\n")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def served_values(html, which=None):
    """The served values of the page's main form (the last POST form that is not signing out, or
    the last for which `which(values)` is true)."""
    parser = ValueParser()
    parser.feed(html)
    forms = [f for f in parser.forms if ("version" in f or len(f) > 1) and (which is None or which(f))]
    return forms[-1] if forms else {}


def _value(values, name):
    value = values.get(name, "")
    return value[0] if isinstance(value, list) and value else ("" if isinstance(value, list) else value)


def _same(a, b) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except (InvalidOperation, TypeError, ValueError):
        return a == b


def _open(world, page):
    STAGES[page.stage](world)
    _, args = _BY_NAME[page.url_name]
    kwargs = page.kwargs(world) if page.kwargs else _kwargs(page.url_name, args, world)
    url = reverse(page.url_name, kwargs=kwargs)
    personas = [page.persona] if page.persona else PERSONA_ORDER
    for persona in personas:
        a, b = Client(), Client()
        a.force_login(world[persona])
        b.force_login(world[persona])
        response = a.get(url)
        if response.status_code == 200 and post_forms(response.content.decode(), url):
            return url, kwargs, a, b
    pytest.fail(f"nobody could open {page.url_name}")


def _errors(response):
    return re.findall(r'<a href="#[^"]*">([^<]*)</a>',
                      response.content.decode().split("govuk-error-summary__list")[-1])[:5]


def _conflict_table(body):
    start = body.index('id="conflict"')
    return body[start:body.index("</div>", start)]


assert len({(p.url_name, p.field) for p in EDIT_PAGES}) == len(EDIT_PAGES), "a page is listed twice"


@pytest.mark.parametrize("page", EDIT_PAGES, ids=lambda p: f"{p.url_name}:{p.field}")
def test_a_stale_save_shows_what_changed_keeps_the_input_and_can_then_overwrite(world, page):
    url, kwargs, a, b = _open(world, page)
    stale = {**served_values(a.get(url).content.decode(), page.a_form), **page.needs(world)}
    fresh = {**served_values(b.get(url).content.decode(), page.b_form), **page.needs(world), **page.b_needs(world)}
    assert "version" in stale, f"{page.url_name} does not carry the version it was read at"

    def stored():
        if page.stored:
            return page.stored(world, kwargs)
        return _value(served_values(b.get(url).content.decode(), page.b_form), page.field)

    saved = b.post(url, {**fresh, page.b_field: page.b_value})
    assert saved.status_code == 302, f"{page.url_name}: B's save was refused: {_errors(saved)}"
    if page.b_then:
        page.b_then(world, kwargs)
    assert _same(stored(), page.b_value)

    refused = a.post(url, {**stale, page.field: page.a_value})
    body = refused.content.decode()
    assert refused.status_code == 200, f"{page.url_name} accepted a save over a newer version"
    assert "govuk-error-summary" in body and CONFLICT_WORDS in body, f"{page.url_name} gave no conflict message"
    assert '<a href="#conflict">' in body  # the error summary links to what changed
    table = _conflict_table(body)
    assert "What they changed" in table and f'<td class="govuk-table__cell">{page.shown}</td>' in table, table
    shown_again = served_values(body, page.a_form)
    assert _same(_value(shown_again, page.field), page.a_value), f"{page.url_name} lost what A typed"
    assert _same(stored(), page.b_value), f"{page.url_name} overwrote B's save"
    assert shown_again["version"] != stale["version"], "the re-shown form is still at the old version"

    again = a.post(url, {**shown_again, **page.needs(world), page.field: page.a_value})
    if page.final:
        assert again.status_code == 200 and _same(stored(), page.b_value)
        assert CONFLICT_FINAL_MESSAGE.split(":")[0] in body
    else:
        assert again.status_code == 302, f"{page.url_name}: the deliberate second save failed: {_errors(again)}"
        assert _same(stored(), page.a_value)


def _view_names(callback) -> tuple[set[str], set[str]]:
    """(names the view's code loads, including nested functions and classes in its closure;
    keyword argument names it passes). Read from the compiled code, not the source file, so
    the answer holds while files change on disk."""
    view = inspect.unwrap(callback)
    names, keywords, todo = set(), set(), [view.__code__]
    for cell in view.__closure__ or ():
        try:
            contents = cell.cell_contents
        except ValueError:
            continue
        if isinstance(contents, type):
            names.add(contents.__name__)
        elif inspect.isfunction(contents):
            todo.append(contents.__code__)
    while todo:
        code = todo.pop()
        names.update(code.co_names)
        for const in code.co_consts:
            if inspect.iscode(const):
                todo.append(const)
            elif isinstance(const, tuple) and all(isinstance(c, str) for c in const):
                keywords.update(const)
    return names, keywords


def _versioned_forms() -> set[type]:
    found, todo = set(), list(VersionedFormMixin.__subclasses__())
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return found


# A page that allocates a child replaces the current allocation, so it is an edit page too.
ALLOCATING = {"child_allocate", "allocation_set"}


def test_every_versioned_edit_page_is_listed():
    """A view that builds a VersionedFormMixin form, binds a form to an existing record with
    `instance=`, or calls an allocation service, must have a stale-save case above (or a reason
    in NOT_VERSIONED)."""
    listed = {p.url_name for p in EDIT_PAGES} | set(NOT_VERSIONED) | ADD_ONLY
    # An add page served by the same view as a listed edit page (a practice standard) is covered.
    listed_views = {inspect.unwrap(_BY_NAME[name][0]) for name in listed}
    versioned = {cls.__name__ for cls in _versioned_forms()}
    used, unlisted = set(), []
    for name, _, callback, _ in URLS:
        loaded, keywords = _view_names(callback)
        names = loaded & versioned
        used |= names
        names |= loaded & ALLOCATING
        if (names or "instance" in keywords) and name not in listed and inspect.unwrap(callback) not in listed_views:
            unlisted.append(f"{name} ({', '.join(sorted(names)) or 'instance='})")
    assert not unlisted, f"edit pages with no stale-save test in EDIT_PAGES: {unlisted}"
    assert used == versioned, f"versioned forms no listed view uses by name: {sorted(versioned - used)}"
    assert CONFLICT_MESSAGE.startswith(CONFLICT_WORDS)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_conflict_in_a_browser_is_accessible_and_a_second_save_overwrites(page, sign_in_as, accessible, world):
    import datetime

    from playwright.sync_api import expect

    from casebook.workforce.services import action_create, action_update, recommendation_create

    hos = world["head_of_service"]
    rec = recommendation_create(title="Reduce caseloads", source="Ofsted letter", acting_user=hos)
    action = action_create(recommendation=rec, description="Recruit four social workers", owner=world["team_manager"],
                           due_on=datetime.date(2027, 1, 31), acting_user=hos)
    sign_in_as(hos)
    page.goto(reverse("workforce:action-edit", kwargs={"action_id": action.pk}))
    # Meanwhile a colleague records evidence on the same action.
    action_update(action=action, read_version=action.version, acting_user=world["service_manager"],
                  evidence="Two started in January")

    page.get_by_label("Evidence of impact (optional)").fill("Four started in February")
    page.get_by_role("button", name="Save action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    # What they changed, and (as the action records who saved it) who they are.
    expect(page.locator("#conflict td")).to_have_text(["Two started in January", world["service_manager"].full_name])
    expect(page.get_by_label("Evidence of impact (optional)")).to_have_value("Four started in February")
    accessible(page)

    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action updated")).to_be_visible()
    action.refresh_from_db()
    assert (action.evidence, action.version) == ("Four started in February", 3)
    assert not page.console_errors


# ---- Two people creating the same one-per-record item at once --------------------------------

def _created_meanwhile(monkeypatch, model, create):
    """Someone else's `create()` lands after this save has read (and validated) "no record yet"
    and before it inserts its own: run it once, right after the first full_clean of a new `model`.
    (It runs on the test's one connection, so it is rolled back with the refused save.)"""
    original, made = model.full_clean, []

    def full_clean(instance, *args, **kwargs):
        original(instance, *args, **kwargs)
        if instance.pk is None and not made:
            made.append(None)  # before create(), whose own full_clean comes back here
            made[0] = create()

    monkeypatch.setattr(model, "full_clean", full_clean)
    return made


def test_creating_a_record_someone_created_meanwhile_is_a_conflict_not_a_500(world, monkeypatch):
    """Funded posts (read at version 0, no figure yet): B's 10 is stored just before A's insert
    of 12.5. A gets the conflict page showing B's 10, with 12.5 kept, instead of a 500."""
    from casebook.workforce.models import TeamEstablishment
    from casebook.workforce.services import establishment_set

    team = world.teams["east"]
    url = reverse("workforce:establishment-edit", kwargs={"team_id": team.pk})
    a = Client()
    a.force_login(world["head_of_service"])
    stale = served_values(a.get(url).content.decode())
    assert stale["version"] == "0"
    made = _created_meanwhile(monkeypatch, TeamEstablishment, lambda: establishment_set(
        team=team, funded_fte=Decimal("10"), acting_user=world["team_manager"], read_version=0))

    refused = a.post(url, {**stale, "funded_fte": "12.5"})
    body = refused.content.decode()
    assert made, "the simulated race did not happen"
    assert refused.status_code == 200 and CONFLICT_WORDS in body
    assert '<td class="govuk-table__cell">10</td>' in _conflict_table(body)
    assert _value(served_values(body), "funded_fte") == "12.5"
    assert served_values(body)["version"] == "1"
    # B's row was made inside A's request here, so it went with A's rollback; A's figure was never stored.
    assert not TeamEstablishment.objects.filter(funded_fte=Decimal("12.5")).exists()


@pytest.mark.parametrize("kind", ["mother status", "worker profile"])
def test_the_create_race_in_a_service_raises_the_conflict_with_the_other_persons_record(world, monkeypatch, kind):
    from datetime import date

    from casebook.core.concurrency import ConcurrentEditError
    from casebook.looked_after.models import MotherStatus
    from casebook.looked_after.services import mother_status_record
    from casebook.workforce.models import WorkerProfile
    from casebook.workforce.services import worker_profile_save

    STAGES["in care"](world)
    if kind == "mother status":
        world.child.sex = "F"
        world.child.save(update_fields=["sex"])
        model = MotherStatus

        def theirs():
            return mother_status_record(child=world.child, is_mother=False, read_version=0,
                                        acting_user=world["team_colleague"])

        def mine():
            mother_status_record(child=world.child, is_mother=True, first_child_born=date(2026, 7, 1),
                                 read_version=0, acting_user=world["allocated_worker"])
        expected = {"is_mother": False}
    else:
        worker, model = world["team_colleague"], WorkerProfile

        def theirs():
            return worker_profile_save(user=worker, acting_user=world["team_manager"], census_role="case_holder",
                                       fte=Decimal("0.6"), started_on=date(2024, 1, 8))

        def mine():
            worker_profile_save(user=worker, acting_user=world["head_of_service"], read_version=0,
                                census_role="case_holder", fte=Decimal("0.8"), started_on=date(2024, 1, 8))
        expected = {"census_role": "case_holder", "fte": Decimal("0.6"), "started_on": date(2024, 1, 8)}

    made = _created_meanwhile(monkeypatch, model, theirs)
    with pytest.raises(ConcurrentEditError) as error:
        mine()
    assert error.value.current.pk == made[0].pk and error.value.current.version == 1
    assert {k: error.value.changes.get(k) for k in expected} == expected
    assert not model.objects.exists()  # nothing of A's (theirs, made in A's transaction here, went with it)
