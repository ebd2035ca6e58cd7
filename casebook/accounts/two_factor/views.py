"""Pages for setting up and using the second factor. Signed-in pages: the middleware lets a
signed-in user who still needs a code reach these (and signing out), nothing else."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from casebook.access_audit.decorators import signed_in_page
from casebook.accounts.two_factor import services
from casebook.accounts.two_factor.forms import AppCodeForm, VerifyForm


def two_factor_exempt(view):
    """Reachable before the second factor is given (see casebook.accounts.middleware)."""
    view.casebook_two_factor_exempt = True
    return view


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return ""


def _qr_data_uri(text: str) -> str:
    """The QR code as an SVG data URI for an <img>: no inline markup for the CSP to block."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _spaced(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@two_factor_exempt
@signed_in_page
def set_up(request):
    if services.has_second_factor(request.user):
        if request.user.is_verified():
            messages.success(request, "Two-factor sign-in is already set up")
            return redirect("core:home")
        # Enrolling a new app needs the existing one: otherwise a stolen password would be enough.
        return redirect("accounts:two-factor-verify")
    device = services.totp_device_pending(user=request.user)
    form = AppCodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_confirm(device=device, token=form.cleaned_data["code"], acting_user=request.user)
        except services.CodeRejected as rejected:
            form.add_error("code", str(rejected))
        else:
            otp_login(request, device)
            return render(request, "accounts/two_factor/recovery_codes.html", {
                "codes": codes, "just_set_up": True, "next": _next_url(request),
            })
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(request, "accounts/two_factor/set_up.html", {
        "form": form, "qr": _qr_data_uri(device.config_url), "secret": _spaced(secret),
        "issuer": settings.OTP_TOTP_ISSUER, "next": _next_url(request),
    })


@two_factor_exempt
@signed_in_page
def verify(request):
    if not services.has_second_factor(request.user):
        return redirect("accounts:two-factor-set-up")
    form = VerifyForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_check(user=request.user, token=form.cleaned_data["code"])
        except services.CodeRejected as rejected:
            form.add_error("code", str(rejected))
        else:
            otp_login(request, device)
            if device.name == services.RECOVERY_DEVICE_NAME:
                left = services.recovery_codes_left(request.user)
                messages.success(request, f"You used a recovery code. You have {left} left: "
                                          "make new ones from the recovery codes page if you are running low")
            return redirect(_next_url(request) or "core:home")
    return render(request, "accounts/two_factor/verify.html", {"form": form, "next": _next_url(request)})


@signed_in_page
def recovery_codes(request):
    return render(request, "accounts/two_factor/recovery_codes.html", {
        "left": services.recovery_codes_left(request.user),
        "set_up": services.has_second_factor(request.user),
        "verified": request.user.is_verified(),
    })


@signed_in_page
@require_POST
def recovery_codes_renew(request):
    if not request.user.is_verified():
        return redirect("accounts:two-factor-verify")
    codes = services.recovery_codes_issue(acting_user=request.user)
    return render(request, "accounts/two_factor/recovery_codes.html", {"codes": codes})
