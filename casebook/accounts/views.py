from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from casebook.access_audit.decorators import public_page, signed_in_page
from casebook.accounts.forms import SignInForm


@public_page
@login_not_required
def sign_in(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(next_url or "core:home")
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


@signed_in_page
@require_POST
def sign_out(request):
    logout(request)
    return redirect("accounts:signed-out")


@public_page
@login_not_required
def signed_out(request):
    return render(request, "accounts/signed_out.html")
