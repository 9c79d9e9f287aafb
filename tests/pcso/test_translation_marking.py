"""Every word a template shows is marked for translation, so the Welsh interface has no English
holes (test_language.py): the text outside {% translate %} and {% blocktranslate %}, and the
attributes people read or hear (aria-label, title, placeholder, alt), hold no word of letters."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
WORD = re.compile(r"[^\W\d_]+")  # letters in any script; digits, "·", "—", "×" are not words
# Words a page may show as they are in every language, in lower case. Keep this short, each with
# its reason; none is needed yet (the site's name comes from SITE_NAME, a variable).
ALLOWED: set[str] = set()
# A string literal given to these filters is shown where the variable is: {{ x|default:_("None") }}.
SHOWN_FILTER_LITERAL = re.compile(r"""\|(?:default|default_if_none|yesno):(["'])(?P<text>.*?)\1""")
HOLE = "\x00"  # where a tag, a variable, a comment or a translated block was: no word in it
# Blocks whose text is not shown as text: translated, commented out, or (body_class) a CSS class.
UNMARKED_BLOCKS = {"blocktranslate", "blocktrans", "comment", "verbatim", "block body_class"}


def readable(source: str) -> str:
    """The template as an HTML parser should read it: its literal text kept, each tag, variable and
    comment made a HOLE (a variable followed by the literals it may show), and all inside translated
    blocks and comments a HOLE too, keeping the lines."""
    tokens = Lexer(source).tokenize()
    parts, inside = [], None
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        name = ""  # a block tag's name, with the block's own name for {% block ... %}
        if token.token_type == TokenType.BLOCK and (words := token.contents.split()):
            name = " ".join(words[:2]) if words[0] == "block" else words[0]
        if inside is None and token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        shown = ""
        if inside is None and name in UNMARKED_BLOCKS:
            inside = f"end{name.split()[0]}"
        elif name == inside:
            inside = None
        elif inside is None and token.token_type == TokenType.VAR:
            literals = SHOWN_FILTER_LITERAL.finditer(token.contents)
            shown = " ".join(literal["text"].replace(",", " ") for literal in literals)
        lines = following.lineno - token.lineno if following else 0
        parts.append(HOLE + shown + "\n" * lines)
    return "".join(parts)


class Words(HTMLParser):
    """The words left in text and in the attributes read aloud, each with its line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.raw = 0  # inside <script> or <style>: code, not text

    def words(self, text: str):
        for word in WORD.finditer(text):
            if word[0].lower() not in ALLOWED:
                self.found.append((self.getpos()[0] + text.count("\n", 0, word.start()), word[0]))

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.raw += 1
        for attribute, value in attrs:
            if attribute in READ_ATTRIBUTES and value:
                self.words(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.raw = max(0, self.raw - 1)

    def handle_data(self, data):
        if not self.raw:
            self.words(data)


def unmarked(path: Path) -> list[str]:
    parser = Words()
    parser.feed(readable(path.read_text()))
    parser.close()
    return [f"{path.relative_to(TEMPLATES)}:{line}: {word}" for line, word in parser.found]


def test_every_word_in_every_template_is_marked_for_translation():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 100  # the folder was found
    assert [found for path in templates for found in unmarked(path)] == []


def test_the_check_sees_text_attributes_and_shown_literals_but_not_code(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.TEMPLATES", tmp_path)
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1 title="{% translate "Hello" %}">{% translate "Patrols" %}</h1>\n'
        "{% blocktranslate trimmed with n=count %}\n  {{ n }} patrols\n{% endblocktranslate %}\n"
        '<p class="lead{% if x %} active{% endif %}">{{ x }} · 3 — 4 &times; 5</p>{# note #}\n'
        "<script>const words = 'code';</script><style>.a { color: red }</style>\n"
        '{{ x|date:"d/m/Y" }}{{ y|default:_("None") }}<i class="{{ z|default:\'info\' }}"></i>\n'
        "{% block body_class %}wide-page{% endblock %}"
    )
    assert unmarked(page) == []
    page.write_text(
        '<p class="x">Ends {{ when }}</p>\n<a aria-label="Close" href="/">×</a>\n'
        '<img alt="{{ a }} map"><input placeholder="Search">\n{{ y|default:"none" }}'
    )
    assert unmarked(page) == [
        "page.html:1: Ends",
        "page.html:2: Close",
        "page.html:3: map",
        "page.html:3: Search",
        "page.html:4: none",
    ]
