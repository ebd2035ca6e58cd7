"""Two-factor sign-in is enforced here, for every view (the Django admin included).

A signed-in user who needs a second factor (their role is in TWO_FACTOR_ROLES, everyone with
CASEBOOK["TWO_FACTOR_FOR_ALL"], or anyone who has set an app up) and has not given one in this
session is sent to set up an authenticator app or to enter a code. Only the two-factor pages,
public pages and signing out are reachable meanwhile. CASEBOOK["TWO_FACTOR_REQUIRED"] turns it
off for local development and the test suite.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from casebook.accounts.two_factor.services import has_second_factor

# Not ours to mark (accounts/views.py): signing out must always work.
EXEMPT_URL_NAMES = frozenset({"accounts:sign-out"})


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.CASEBOOK.get("TWO_FACTOR_REQUIRED"):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        access = getattr(view_func, "casebook_access", None)
        if getattr(view_func, "casebook_two_factor_exempt", False) or (access and access.kind == "public"):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_URL_NAMES:
            return None
        enrolled = has_second_factor(user)
        if not (user.needs_two_factor or enrolled):
            return None
        target = reverse("accounts:two-factor-verify" if enrolled else "accounts:two-factor-set-up")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
