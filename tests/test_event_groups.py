"""The chronology's list of cards, written in Python by `{% event_groups %}`, is the HTML the
template loop over groups (one `{% include %}` per card) wrote."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, engines
from django.template.loader import get_template
from django.test import RequestFactory

from tests.bulk_events import build_long_timeline
from tests.factories import EventFactory
from timeline.caching import cards as card_cache
from timeline.dates import Precision
from timeline.models import PublicationStatus, Timeline
from timeline.reader.listing import chronology_list

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("card")</script> & <b>bold</b>'

# The `event-page` partial of templates/timeline/chronology.html before `{% event_groups %}`.
TEMPLATE_LOOP = """
      {% for group in groups %}
      {% if group.show_year %}<h3 class="year-heading" id="{{ group.year_anchor }}">{{ group.year_text }}</h3>{% endif %}
      {% if group.show_month %}<h4 class="month-heading" id="{{ group.anchor }}">{{ group.month_text }}</h4>{% endif %}
      <ol class="chronology">
        {% for event in group.events %}<li>{% include "timeline/_event_card.html" with heading_level=group.title_level %}</li>
        {% endfor %}
      </ol>
      {% endfor %}
      {% if next_url %}
      <div class="load-more" hx-get="{{ next_url }}" hx-trigger="revealed" hx-target="this" hx-swap="outerHTML">
        <a href="{{ next_url }}">{% if form.newest_first %}Earlier{% else %}Later{% endif %} events →</a> <span class="meta">{{ page.last_position }} of {{ page.count }} shown</span>
      </div>
      {% endif %}
      """  # noqa: E501 - the template's own lines


def _without_csrf_tokens(html: str) -> str:
    """Each render masks the CSRF token afresh."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


@pytest.fixture
def mixed_timeline(editor):
    """Sixty events over three months of 2023 (every precision, so year and month headings,
    and a second page), one of 1972 known only to its year, a hostile title and a draft."""
    timeline = build_long_timeline(60, slug="mixed")
    timeline.editors.add(editor)
    EventFactory(
        timeline=timeline,
        title="Known to the year",
        date=datetime.date(1972, 1, 1),
        precision=Precision.YEAR,
    )
    EventFactory(timeline=timeline, title=HOSTILE, date=datetime.date(2023, 1, 3))
    EventFactory(
        timeline=timeline,
        title="A draft",
        date=datetime.date(2023, 1, 4),
        status=PublicationStatus.DRAFT,
    )
    return timeline


def _list_context(timeline, user, *, may_edit: bool, page: int = 1):
    request = RequestFactory().get(timeline.get_absolute_url(), {"page": page})
    request.user = user
    timeline = Timeline.objects.get(pk=timeline.pk)  # as the view reads it, counts included
    context, _ = chronology_list(request, timeline, may_edit, request.GET, fragment=page > 1)
    return request, context


@pytest.mark.parametrize("as_editor", [False, True], ids=["reader", "editor"])
def test_event_groups_write_what_the_template_loop_wrote(
    client, mixed_timeline, editor, settings, as_editor
):
    # Some cards cached (the statements, by a filtered page), the others still to render.
    client.get(mixed_timeline.get_absolute_url(), {"type": "statement"})
    user = editor if as_editor else AnonymousUser()
    request, context = _list_context(mixed_timeline, user, may_edit=as_editor)
    prepared = [
        event.__dict__.get("_cards", {}).get(card_cache.card_variant(group.title_level))
        for group in context["groups"]
        for event in group.events
    ]
    if not as_editor:
        assert any(prepared) and not all(prepared), "a page mixing cached and rendered cards"
    written = get_template("timeline/chronology.html#event-page").render(context, request)

    settings.FRAGMENT_CACHE_TIMEOUT = 0  # the loop renders every card afresh
    request, context = _list_context(mixed_timeline, user, may_edit=as_editor)
    looped = engines["django"].from_string(TEMPLATE_LOOP).render(context, request)

    assert _without_csrf_tokens(written) == _without_csrf_tokens(looped)
    assert '<h3 class="year-heading" id="y1972">1972</h3>' in written
    assert '<h4 class="month-heading" id="y2023-02">February 2023</h4>' in written
    assert "&lt;script&gt;alert(&quot;card&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in written
    assert "<script>alert" not in written
    assert ('class="load-more"' in written) and (">Publish</button>" in written) == as_editor


def test_appended_page_writes_what_the_template_loop_wrote(mixed_timeline):
    request, context = _list_context(mixed_timeline, AnonymousUser(), may_edit=False, page=2)
    assert context["appending"]
    written = get_template("timeline/chronology.html#event-page").render(context, request)
    looped = engines["django"].from_string(TEMPLATE_LOOP).render(context, request)
    assert written == looped
    assert written.count('<article class="event') == 12


def test_event_groups_escape_their_headings():
    group = SimpleNamespace(
        show_year=True,
        show_month=True,
        year_anchor='y"><script>',
        year_text="<b>1972</b>",
        anchor="y1972-<i>",
        month_text="May & <i>1972</i>",
        title_level=5,
        events=[],
    )
    html = Template("{% load card_cache %}{% event_groups groups %}").render(
        Context({"groups": [group]})
    )
    assert (
        '<h3 class="year-heading" id="y&quot;&gt;&lt;script&gt;">&lt;b&gt;1972&lt;/b&gt;</h3>'
        in html
    )
    assert (
        '<h4 class="month-heading" id="y1972-&lt;i&gt;">May &amp; &lt;i&gt;1972&lt;/i&gt;</h4>'
        in html
    )


def test_event_groups_write_an_empty_page_as_nothing():
    html = Template("{% load card_cache %}{% event_groups groups %}").render(
        Context({"groups": []})
    )
    assert html == ""


def _year_group_of(event):
    """A group of `event` alone under its year's heading, 1972, titles at level 4."""
    return SimpleNamespace(
        show_year=True,
        show_month=False,
        year_anchor="y1972",
        year_text="1972",
        anchor="y1972",
        month_text="",
        title_level=4,
        events=[event],
    )


def test_prepared_card_is_used_without_rendering_the_card_template(mixed_timeline):
    event = mixed_timeline.events.get(title="Known to the year")
    variant = card_cache.card_variant(4)
    event.__dict__["_cards"] = {variant: "<article>from the cache</article>"}
    group = _year_group_of(event)
    html = Template("{% load card_cache %}{% event_groups groups %}").render(
        Context({"groups": [group]})
    )
    assert "<li><article>from the cache</article>\n</li>" in html


def test_no_card_is_taken_from_the_cache_for_an_editor(mixed_timeline):
    event = mixed_timeline.events.get(title="Known to the year")
    event.__dict__["_cards"] = {card_cache.card_variant(4): "<article>from the cache</article>"}
    group = _year_group_of(event)
    html = Template("{% load card_cache %}{% event_groups groups %}").render(
        Context({"groups": [group], "can_edit": True})
    )
    assert "from the cache" not in html
    assert "Known to the year" in html
