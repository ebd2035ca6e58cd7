"""Pages about children: search, create, the record, its edit, chronology and history."""

from django.contrib import messages
from django.shortcuts import redirect, render

from casebook.access_audit.decorators import child_page, role_page, signed_in_page
from casebook.accounts.models import Role
from casebook.children import forms, selectors, services
from casebook.children.panels import panels_for, status_for
from casebook.core import chronology
from casebook.core.concurrency import ConcurrentEditError, show_conflict

CREATING_ROLES = (Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                  Role.HEAD_OF_SERVICE, Role.MASH_WORKER)


@signed_in_page
def search(request):
    form = forms.ChildSearchForm(data=request.GET or None)
    results, searched = [], False
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        searched = True
        results = selectors.child_search(user=request.user, query=form.cleaned_data["q"])
    return render(request, "children/search.html", {
        "form": form, "results": results, "searched": searched, "can_create": request.user.role in CREATING_ROLES,
    })


@role_page(*CREATING_ROLES)
def create(request):
    form = forms.ChildCreateForm(data=request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = selectors.likely_duplicates(
            user=request.user, first_names=data["first_names"], last_name=data["last_name"],
            date_of_birth=data["date_of_birth"], nhs_number=data["nhs_number"],
        )
        if duplicates and not data["not_a_duplicate"]:
            form.add_error("not_a_duplicate", "Check the possible matches, then confirm none of them is this child")
        else:
            child = services.child_create(
                acting_user=request.user, disabilities=data["disabilities"],
                **{k: v for k, v in data.items() if k in services.CHILD_FIELDS},
            )
            messages.success(request, f"Record created for {child.display_name}. Casebook ID {child.casebook_id}")
            return redirect("children:summary", child_id=child.casebook_id)
    return render(request, "children/create.html", {"form": form, "duplicates": duplicates})


@child_page("child-summary")
def summary(request, child):
    return render(request, "children/summary.html", {
        "child": child,
        "disabilities": list(child.disabilities.all()),
        "addresses": list(child.addresses.all()[:3]),
        "network": list(child.relationships.select_related("related_child")),
        "allocations": list(selectors.allocation_history(child)[:5]),
        "panels": panels_for(request.user, child),
        "first_records": status_for(child).first_records,
    })


@child_page("child-edit")
def edit(request, child):
    initial = {f: getattr(child, f) for f in services.CHILD_FIELDS}
    initial["disabilities"] = list(child.disabilities.values_list("code", flat=True))
    form = forms.ChildEditForm(data=request.POST or None, initial={**initial, "version": child.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.child_update(
                child=child, read_version=data["version"], acting_user=request.user, disabilities=data["disabilities"],
                **{k: v for k, v in data.items() if k in services.CHILD_FIELDS},
            )
        except ConcurrentEditError as error:
            show_conflict(form, error)
            child = error.current  # the header shows the saved record, not the refused input
        else:
            messages.success(request, "The child's details have been updated")
            return redirect("children:summary", child_id=child.casebook_id)
    return render(request, "children/edit.html", {"child": child, "form": form})


@child_page("child-address-add")
def address_add(request, child):
    form = forms.AddressForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.address_add(child=child, acting_user=request.user, **form.cleaned_data)
        messages.success(request, "Address added")
        return redirect("children:summary", child_id=child.casebook_id)
    return render(request, "children/form_page.html", {"child": child, "form": form, "heading": "Add an address",
                                                       "button": "Save address"})


@child_page("child-network-add")
def relationship_add(request, child):
    form = forms.RelationshipForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.relationship_add(child=child, acting_user=request.user, **form.cleaned_data)
        messages.success(request, "Person added to the family and network")
        return redirect("children:summary", child_id=child.casebook_id)
    return render(request, "children/form_page.html", {"child": child, "form": form,
                                                       "heading": "Add a person to the family and network",
                                                       "button": "Save person"})


@child_page("child-chronology")
def chronology_page(request, child):
    sources = chronology.kinds()
    chosen = {k for k in request.GET.getlist("kind") if k in {s.kind for s in sources}}
    entries = chronology.entries_for(child, only=chosen or None)
    return render(request, "children/chronology.html", {
        "child": child, "entries": entries, "sources": sources, "chosen": chosen,
    })


@child_page("child-history", audience="child-managers")
def history(request, child):
    from casebook.children.history import record_changes

    return render(request, "children/history.html", {"child": child, "changes": record_changes(child)})
