from django.urls import path

from .views import diary, victims

app_name = "engagement"

urlpatterns = [
    path("cases/", victims.CaseList.as_view(), name="case-list"),
    path("cases/export.csv", victims.case_export, name="case-export"),
    path("cases/new/", victims.case_create, name="case-create"),
    path("cases/<int:pk>/", victims.CaseDetail.as_view(), name="case-detail"),
    path("cases/<int:pk>/assess/", victims.case_assess, name="case-assess"),
    path("cases/<int:pk>/key-event/", victims.case_key_event, name="case-key-event"),
    path("cases/<int:pk>/close/", victims.case_close, name="case-close"),
    path("cases/<int:pk>/share/", victims.case_share, name="case-share"),
    path("cases/<int:pk>/plan-reviews/", victims.case_plan_reviews, name="case-plan-reviews"),
    path("cases/<int:pk>/unshare/", victims.case_unshare, name="case-unshare"),
    path("cases/<int:pk>/assign/", victims.case_assign, name="case-assign"),
    path("victims/<int:pk>/", victims.VictimDetail.as_view(), name="victim-detail"),
    path("follow-ups/<int:pk>/", victims.follow_up_detail, name="follow-up-detail"),
    # The community diary
    path("diary/", diary.EntryList.as_view(), name="entry-list"),
    path("diary/new/", diary.entry_create, name="entry-create"),
    path("diary/<int:pk>/", diary.entry_detail, name="entry-detail"),
    path("diary/<int:pk>/edit/", diary.entry_edit, name="entry-edit"),
    path("diary/<int:pk>/actions/", diary.action_add, name="action-add"),
    path("diary/actions/<int:pk>/complete/", diary.action_complete, name="action-complete"),
    path("groups/", diary.GroupList.as_view(), name="group-list"),
    path("groups/due/", diary.GroupList.as_view(due_only=True), name="group-due"),
    path("groups/new/", diary.group_create, name="group-create"),
    path("groups/<int:pk>/", diary.GroupDetail.as_view(), name="group-detail"),
    path("groups/<int:pk>/edit/", diary.group_edit, name="group-edit"),
    path("priorities/", diary.priority_overview, name="priority-overview"),
    path("priorities/<int:pk>/review/", diary.priority_review, name="priority-review"),
    path("meetings/", diary.MeetingList.as_view(), name="meeting-list"),
    path("meetings/new/", diary.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", diary.MeetingDetail.as_view(), name="meeting-detail"),
    path("queries/", diary.QueryList.as_view(), name="query-list"),
    path("queries/new/", diary.query_create, name="query-create"),
    path("queries/<int:pk>/", diary.query_detail, name="query-detail"),
    path("neighbourhoods/<int:pk>/priorities/", diary.priority_list, name="priority-list"),
    path("neighbourhoods/<int:pk>/you-said-we-did/", diary.you_said_we_did, name="you-said-we-did"),
    path(
        "neighbourhoods/<int:pk>/you-said-we-did.csv", diary.you_said_we_did_csv, name="you-said-we-did-csv"
    ),
    path(
        "neighbourhoods/<int:pk>/you-said-we-did.json",
        diary.you_said_we_did_json,
        name="you-said-we-did-json",
    ),
    path("neighbourhoods/<int:pk>/handover/", diary.handover, name="handover"),
]
