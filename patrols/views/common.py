"""What the patrol pages and the notice pages share."""

from django.conf import settings


def map_settings() -> dict:
    """The map tiles and their attribution, for a page that draws a map."""
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


def wants_json(request) -> bool:
    """The page's script asks for JSON (Accept: application/json): it gets JSON, not a page."""
    return "application/json" in request.headers.get("Accept", "")
