"""What the patrol pages and the notice pages share."""

from django.conf import settings


def map_settings() -> dict:
    """The map tiles and their attribution, for a page that draws a map."""
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
