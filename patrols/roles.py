"""What each role may do with patrols, hotspots and penalty notices (pcso/roles.py keeps the roles)."""

from pcso.roles import ADD, ALL, CHANGE, DELETE, VIEW, grant, model_permissions

PATROL_PARTS = ("patrol", "patrolpoint", "patrolactivity", "hotspotvisit")
PATROL_WORK = [
    *(name for model in PATROL_PARTS for name in model_permissions(f"patrols.{model}", VIEW, ADD, CHANGE)),
    *model_permissions("patrols.hotspot", VIEW),
]
# Penalty notices: an officer issues (within their designations), records payments and hearing
# requests; cancelling is for supervisors (a sergeant or above).
NOTICE_WORK = [
    *model_permissions("patrols.offencetype", VIEW),
    *model_permissions("patrols.designation", VIEW),
    *model_permissions("patrols.fixedpenaltynotice", VIEW, ADD, CHANGE),
    *model_permissions("patrols.payment", VIEW, ADD),
    # The numbers kept on the phone (a ticket book): reserved, handed back, spoilt.
    *model_permissions("patrols.noticenumber", VIEW, ADD, CHANGE),
]

grant(
    pcso=[*PATROL_WORK, *NOTICE_WORK],
    sergeant=[
        *PATROL_WORK,
        *model_permissions("patrols.patrol", "signoff"),
        *model_permissions("patrols.hotspot", ADD, CHANGE),
        *NOTICE_WORK,
        *model_permissions("patrols.fixedpenaltynotice", "cancel"),
        *model_permissions("patrols.designation", ADD, DELETE),
    ],
    inspector=[
        *(name for model in PATROL_PARTS for name in model_permissions(f"patrols.{model}", VIEW)),
        *model_permissions("patrols.patrol", "signoff"),
        *model_permissions("patrols.hotspot", VIEW),
        *model_permissions("patrols.offencetype", VIEW),
        *model_permissions("patrols.designation", VIEW),
        *model_permissions("patrols.fixedpenaltynotice", VIEW, "cancel"),
        *model_permissions("patrols.payment", VIEW),
        *model_permissions("patrols.noticenumber", VIEW),
    ],
    administrator=[
        *model_permissions("patrols.hotspot", VIEW, ADD, CHANGE),
        *model_permissions("patrols.offencetype", *ALL),
        *model_permissions("patrols.designation", *ALL),
    ],
)
