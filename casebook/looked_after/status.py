"""The child's header and tabs: looked after (legal status), care leaver, a missing episode in
the last 30 days, a return home interview not yet offered after the latest return (due within 72
hours); whether the Care and Missing tabs have anything to show. Two queries."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from casebook.children.models import Child
from casebook.children.panels import ChildStatus
from casebook.core.templatetags.govuk import ukdate
from casebook.looked_after import codes
from casebook.looked_after.models import CareEpisode, CareLeaver, MissingEpisode

RECENT_MISSING_DAYS = 30


def child_status(child) -> ChildStatus:
    episode = CareEpisode.objects.filter(child=child, end_date__isnull=True).order_by("-start_date").first()
    latest_missing = MissingEpisode.objects.filter(child=OuterRef("pk")).order_by("-started_at")
    flags = (
        Child.objects.filter(pk=child.pk)
        .annotate(ever_in_care=Exists(CareEpisode.objects.filter(child=OuterRef("pk"))),
                  leaver=Subquery(CareLeaver.objects.filter(child=OuterRef("pk")).values("category")[:1]),
                  missing_started=Subquery(latest_missing.values("started_at")[:1]),
                  missing_ended=Subquery(latest_missing.values("ended_at")[:1]),
                  rhi_due=Subquery(latest_missing.values("rhi_due_at")[:1]),
                  rhi_offered=Subquery(latest_missing.values("rhi_offered_at")[:1]))
        .values("ever_in_care", "leaver", "missing_started", "missing_ended", "rhi_due", "rhi_offered")
        .first()
    ) or {}
    status = ChildStatus()
    if episode is not None:
        status.tags.append(("Looked after", f"{episode.get_legal_status_display()}, since "
                                            f"{ukdate(episode.period_start)}", "purple"))
    if flags.get("leaver"):
        status.tags.append(("Care leaver", codes.CareLeaverCategory(flags["leaver"]).label, "purple"))
    started = flags.get("missing_started")
    if started is not None:
        status.has.add("missing")
        if flags.get("missing_ended") is None:
            status.tags.append(("Missing now", f"since {ukdate(started)}", "red"))
        elif started >= timezone.now() - timedelta(days=RECENT_MISSING_DAYS):
            status.tags.append(("Missing episode", f"went missing {ukdate(started)}", "orange"))
        due = flags.get("rhi_due")
        if flags.get("missing_ended") is not None and due is not None and flags.get("rhi_offered") is None:
            if due < timezone.now():
                status.tags.append(("Return home interview overdue", f"was due by {ukdate(due)}", "red"))
            else:
                status.tags.append(("Return home interview", f"offer by {ukdate(due)}", "orange"))
    if flags.get("ever_in_care") or flags.get("leaver"):
        status.has.add("care")
    if episode is not None:
        status.has.add("missing")  # a looked-after child's missing episodes are recorded there
    if "care" not in status.has:
        status.first_records.append(("Start a care episode", "looked_after:episode-add"))
    if "missing" not in status.has:
        status.first_records.append(("Record a missing episode", "looked_after:missing-add"))
    return status
