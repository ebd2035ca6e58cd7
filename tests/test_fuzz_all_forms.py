"""Every form in Casebook, found by walking every URL pattern, takes random and hostile values
without a 500 and without saving half a record.

For each page a persona allowed to see it opens it, the POST forms on the page are read from the
HTML (text, date parts, radios, checkboxes, selects, buttons; hidden fields such as the version
and one-time tokens are sent back as served), and hypothesis fills them with hostile values. A
re-shown form (or any answer that is not a redirect) must leave every table's row count as it
was; a redirect means the post was accepted, which is fine.
"""

from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.access_audit.tests.test_url_access import _BY_NAME, URLS, _kwargs
from conftest import ALL_PERSONAS

# The world fixture is built once per page and shared by its examples on purpose: building a
# dozen users and a child per example would make the run ten times slower, and an accepted post
# leaving a record behind for the next example is what a real user's session looks like too.
FUZZ = settings(max_examples=5, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

HOSTILE = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\x01\x02\x1b[31m\x7f", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --", "Robert'); DROP TABLE children_child;--", "x" * 5000, "\u202eevil\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ 👩‍👧", "ÆØÅ ß İ ı", "NaN", "-1", "-99999999999", "99999999999999999999", "0", "1e308", "{{ 7*7 }}",
    "${jndi:ldap://x}", "\r\n\r\n", "%00", "../../etc/passwd", "2024-02-30", "31/02/2024", "true", "None",
])
TEXT = st.one_of(HOSTILE, st.text(max_size=120), st.text(min_size=150, max_size=400),
                 st.sampled_from(["Jordan Smith", "Home visit: saw the child alone", "NM1 2AB", "07700 900123"]))
NUMBER = st.one_of(HOSTILE, st.integers(-(10**20), 10**20).map(str), st.floats(allow_nan=True).map(str))
DATE_PART = st.one_of(HOSTILE, st.integers(-(10**12), 10**12).map(str), st.integers(0, 32).map(str),
                      st.integers(1800, 2200).map(str))

# Tables that change on every request by design: the access log, export log, sessions and
# sign-in throttling.
NOT_COUNTED = {"access_audit.accessevent", "access_audit.exportevent", "sessions.session",
               "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
# Posting these logs the persona out or replaces their second factor: covered by their own tests.
SKIP_ACTIONS = {"accounts:sign-out", "accounts:two-factor-set-up", "accounts:recovery-codes-new",
                "accounts:two-factor-verify"}
PERSONA_ORDER = ("allocated_worker", "team_manager", "service_manager", "head_of_service", "mash_worker", "iro",
                 "administrator", "auditor", "performance_analyst", "team_colleague", "other_team_worker",
                 "other_team_manager", "other_service_manager")
assert set(PERSONA_ORDER) == set(ALL_PERSONAS)


class FormParser(HTMLParser):
    """The POST forms of a page: action and fields (name -> kind, served values, options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {}}
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name") or "disabled" in a:
            return
        fields, name = self._form["fields"], a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            entry = fields.setdefault(name, {"kind": kind, "values": [], "checked": []})
            entry["values"].append(a.get("value", "on" if kind in ("checkbox", "radio") else ""))
            if "checked" in a:
                entry["checked"].append(entry["values"][-1])
        elif tag == "button" and a.get("type", "submit") == "submit":
            fields.setdefault(name, {"kind": "button", "values": [], "checked": []})["values"].append(a.get("value", ""))
        elif tag == "select":
            self._select = fields.setdefault(name, {"kind": "select", "values": [], "checked": [],
                                                    "multiple": "multiple" in a})
        elif tag == "option" and self._select is not None:
            self._select["values"].append(a.get("value", ""))
        elif tag == "textarea":
            fields.setdefault(name, {"kind": "textarea", "values": [""], "checked": []})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html, page_url):
    """The page's POST forms as (action URL, fields), leaving out signing out and two-factor."""
    parser = FormParser()
    parser.feed(html)
    found = []
    for form in parser.forms:
        if form["method"] != "post":
            continue
        action = urlsplit(form["action"]).path or page_url
        try:
            name = resolve(action).view_name
        except Resolver404:
            continue
        if name in SKIP_ACTIONS:
            continue
        found.append((action, form["fields"]))
    return found


def field_strategy(name, field):
    kind, values = field["kind"], [v for v in field["values"]]
    if kind == "hidden":
        return st.just(values[-1])
    if kind == "button":
        return st.sampled_from(values)
    if kind == "file":
        return st.just("")
    if name.endswith(("-day", "-month", "-year")):
        return DATE_PART
    if kind in ("radio", "select"):
        served = [v for v in values if v]
        one = st.one_of(st.sampled_from(served), HOSTILE) if served else HOSTILE
        if field.get("multiple"):
            return st.lists(one, max_size=3)
        return one
    if kind == "checkbox":
        return st.one_of(st.lists(st.sampled_from(values), max_size=len(values), unique=True),
                         st.lists(HOSTILE, max_size=2))
    if kind == "number":
        return NUMBER
    return TEXT


# Whole dates, real and impossible, so that some posts get past the date checks to the services'
# own rules (where a half-saved record would happen) rather than all stopping at "Enter a real date".
WHOLE_DATE = st.one_of(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(lambda d: (str(d.day), str(d.month), str(d.year))),
    st.dates(date(2024, 1, 1), date(2026, 12, 31)).map(lambda d: (str(d.day), str(d.month), str(d.year))),
    st.sampled_from([("31", "2", "2025"), ("29", "2", "2023"), ("0", "0", "0"), ("31", "4", "2025"), ("1", "13", "2025")]),
)


def form_strategy(fields):
    plain = {name: field_strategy(name, f) for name, f in fields.items()}
    prefixes = {n.rsplit("-", 1)[0] for n in fields if n.endswith("-day")}
    prefixes = {p for p in prefixes if f"{p}-month" in fields and f"{p}-year" in fields}

    def with_dates(pair):
        values, whole = pair
        for prefix, parts in whole.items():
            if parts is not None:
                values.update(zip((f"{prefix}-day", f"{prefix}-month", f"{prefix}-year"), parts, strict=True))
        return values

    wholes = st.fixed_dictionaries({p: st.one_of(st.none(), WHOLE_DATE) for p in sorted(prefixes)})
    return st.tuples(st.fixed_dictionaries(plain), wholes).map(with_dates)


def counted_models():
    return [m for m in apps.get_models() if m._meta.label_lower not in NOT_COUNTED and m._meta.managed]


def snapshot(models):
    return {m._meta.label: m._default_manager.count() for m in models}


def candidates(callback):
    spec = callback.casebook_access
    if spec.kind == "child":
        # Everyone is tried: the samples can give the front door or an IRO a reason to see the child.
        return list(PERSONA_ORDER)
    if spec.kind == "roles":
        return "roles"
    return list(PERSONA_ORDER)


FORM_PAGES = [name for name, _, cb, _ in URLS
              if getattr(cb, "casebook_access", None) and cb.casebook_access.kind != "public"
              and not name.endswith(("-csv", ":cin-census", ":ssda903"))]


def _referred(world):
    from casebook.child_protection.tests import journey

    journey.referral(world.child, world["allocated_worker"])


def _in_care(world):
    from casebook.looked_after.tests.factories import looked_after

    _referred(world)
    looked_after(world.child, world["allocated_worker"], start=date(2025, 4, 10))


# Many forms appear only at a stage of the child's journey (start an assessment once referred,
# end a period of care once in care). Pages about the child alone are opened at each stage;
# pages with further URL arguments get their records from the access samples.
STAGES = {"as created": lambda world: None, "referred": _referred, "in care": _in_care}
CASES = [(name, stage) for name in FORM_PAGES for stage in STAGES
         if stage == "as created" or set(_BY_NAME[name][1]) == {"child_id"}]


def _open(client, world, url_name):
    """The first persona (in PERSONA_ORDER) who may see the page and finds a form on it."""
    callback, args = _BY_NAME[url_name]
    url = reverse(url_name, kwargs=_kwargs(url_name, args, world))
    who = candidates(callback)
    if who == "roles":
        who = [p for p in PERSONA_ORDER if world[p].role in callback.casebook_access.roles]
    for persona in who:
        client.force_login(world[persona])
        response = client.get(url)
        assert response.status_code < 500
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            forms = post_forms(response.content.decode(), url)
            if forms:
                return url, forms
    return url, []


@pytest.mark.parametrize(("url_name", "stage"), CASES)
def test_hostile_values_in_every_form(client, world, url_name, stage):
    STAGES[stage](world)
    url, forms = _open(client, world, url_name)
    if not forms:
        pytest.skip(f"no POST form on {url_name} ({stage}) for any persona allowed to see it")
    models = counted_models()

    for index, (_, shape) in enumerate(forms):
        _fuzz_form(client, url, url_name, index, form_strategy(shape), models)


def _fuzz_form(client, url, url_name, index, strategy, models):
    """Post hostile values to the page's `index`th form. The strategy is built from the form as
    first served, so hypothesis's replays draw alike whatever the earlier examples saved."""
    accepted = []

    @FUZZ
    @given(data=st.data())
    def post_hostile(data):
        values = data.draw(strategy, label=f"{url_name} form {index}")
        # Open the page again each time so hidden versions and one-time tokens are current.
        response = client.get(url)
        if response.status_code != 200:
            # An accepted post can close what the page is about (a plan ended, an episode closed).
            assert response.status_code < 500 and accepted, f"{url_name}: {response.status_code}"
            return
        served = post_forms(response.content.decode(), url)
        if index >= len(served):  # an accepted post can take a form off the page (a stage done)
            return
        action, fields = served[index]
        values.update({name: f["values"][-1] for name, f in fields.items() if f["kind"] == "hidden"})
        before = snapshot(models)
        answer = client.post(action, values)
        assert answer.status_code < 500, f"{answer.status_code} from {action} with {values!r}"
        if answer.status_code in (301, 302, 303):
            accepted.append(action)
        else:
            after = snapshot(models)
            changed = {k: after[k] - before[k] for k in before if after[k] != before[k]}
            assert not changed, f"{url_name} answered {answer.status_code} but changed {changed}"

    post_hostile()
