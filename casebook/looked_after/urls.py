from django.urls import path

from casebook.looked_after import views

app_name = "looked_after"
C = "children/<str:child_id>/care/"
urlpatterns = [
    path(C, views.care, name="care"),
    path(C + "episodes/new/", views.episode_add, name="episode-add"),
    path(C + "end/", views.period_end, name="period-end"),
    path(C + "care-plan/add/", views.care_plan_add, name="care-plan-add"),
    path(C + "reviews/add/", views.review_add, name="review-add"),
    path(C + "health/add/", views.health_add, name="health-add"),
    path(C + "mother/", views.mother_status, name="mother-status"),
    path(C + "uasc/", views.uasc_status, name="uasc-status"),
    path(C + "outcomes/", views.year_outcomes, name="year-outcomes"),
    path(C + "previous-permanence/", views.previous_permanence, name="previous-permanence"),
    path(C + "missing/", views.missing, name="missing"),
    path(C + "missing/add/", views.missing_add, name="missing-add"),
    path(C + "missing/<int:episode_id>/return/", views.missing_return, name="missing-return"),
    path(C + "missing/<int:episode_id>/interview/", views.missing_interview, name="missing-interview"),
    path(C + "social-workers/", views.social_workers, name="social-workers"),
    path(C + "social-workers/<int:allocation_id>/reason/", views.social_worker_reason, name="social-worker-reason"),
    path(C + "leaving/", views.care_leaver, name="care-leaver"),
    path(C + "leaving/reviews/add/", views.pathway_review_add, name="pathway-review-add"),
    path(C + "leaving/contacts/add/", views.care_leaver_contact, name="care-leaver-contact"),
    path(C + "adoption/", views.adoption, name="adoption"),
    path("looked-after/missing/", views.missing_list, name="missing-list"),
    path("looked-after/reviews/", views.reviews_due, name="reviews-due"),
    path("adopters/", views.adopters, name="adopters"),
    path("adopters/new/", views.adopter_add, name="adopter-add"),
    path("adopters/<int:adopter_id>/", views.adopter_edit, name="adopter-edit"),
]
