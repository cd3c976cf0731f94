from django.contrib import admin

from .models import Centre, Membership


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "site", "languages"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "centre"]
    list_filter = ["centre"]
