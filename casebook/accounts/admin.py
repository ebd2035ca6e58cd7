"""The Django admin, for administrators only: users, teams, service areas."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from casebook.accounts.models import Role, ServiceArea, Team, User


def administrators_only(request) -> bool:
    user = request.user
    return user.is_active and user.is_authenticated and user.role == Role.ADMINISTRATOR and user.is_staff


admin.site.has_permission = administrators_only
admin.site.site_header = "Casebook administration"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "role", "team", "is_active", "left_on"]
    list_filter = ["role", "team", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "role", "team", "service_area", "left_on"]}),
        ("Access", {"fields": ["is_active", "is_staff"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "first_name", "last_name", "role", "team", "password1", "password2"]})]
    filter_horizontal = []


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area", "is_front_door"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name"]
