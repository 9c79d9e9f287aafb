from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("cases/", views.CaseList.as_view(), name="case-list"),
    path("cases/export.csv", views.case_export, name="case-export"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/<int:pk>/", views.CaseDetail.as_view(), name="case-detail"),
    path("cases/<int:pk>/assess/", views.case_assess, name="case-assess"),
    path("cases/<int:pk>/key-event/", views.case_key_event, name="case-key-event"),
    path("cases/<int:pk>/close/", views.case_close, name="case-close"),
    path("cases/<int:pk>/share/", views.case_share, name="case-share"),
    path("cases/<int:pk>/plan-reviews/", views.case_plan_reviews, name="case-plan-reviews"),
    path("cases/<int:pk>/unshare/", views.case_unshare, name="case-unshare"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case-assign"),
    path("victims/<int:pk>/", views.VictimDetail.as_view(), name="victim-detail"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="follow-up-detail"),
]
