"""{% kept %}…{% endkept %}: the part of a page that shows the user's data, kept until anything
they can see changes (pcso/fresh.py). A list page wraps its rows and page links in it: on a kept
page the rows are never read (PageList paginates only when the rows are first used)."""

import hashlib

from django import template

from pcso import fresh

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, number: int):
        self.nodelist, self.number = nodelist, number

    def render(self, context):
        request = context.get("request")
        if request is None:  # rendered outside a request (an e-mail): nothing to key it by
            return self.nodelist.render(context)
        # The page with the filters it read (not the raw query string: junk makes no new copy),
        # and which block of which template: hashed, however long.
        where = f"{request.path}?{fresh.understood_query(request)}|{self.origin.name}|{self.number}"
        page = hashlib.blake2b(where.encode(), digest_size=16).hexdigest()

        def render(extra: dict) -> str:
            with context.push(**extra):
                return self.nodelist.render(context)

        return fresh.fragment(request, f"page:{page}", render)


@register.tag
def kept(parser, token):
    # The block's number in its template (the same in every process) tells it from the others.
    parser.kept_blocks = getattr(parser, "kept_blocks", 0) + 1
    number = parser.kept_blocks
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, number)
