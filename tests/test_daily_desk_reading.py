"""What a reader of a live crisis sees (issue 17, items 6, 12 and 13), through the test client:
the last update with its time and zone, the pinned "What we know", share tags, JSON-LD that no
user text can break out of, the embed snippet on the page, no cookie for the visit marker.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, TimelineFactory
from timeline.models import Timeline

pytestmark = pytest.mark.django_db


def json_ld(text: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_last_updated_gives_the_time_and_its_zone(client, demo):
    moment = datetime.datetime(2025, 5, 12, 14, 5, tzinfo=datetime.UTC)
    Timeline.objects.filter(pk=demo.pk).update(updated_at=moment)
    demo.events.update(updated_at=moment - datetime.timedelta(days=1))
    text = client.get(demo.get_absolute_url()).text
    assert (
        'Last updated <time datetime="2025-05-12T14:05:00+00:00">12 May 2025, 14:05 UTC</time>'
        in text
    )


def test_what_we_know_is_pinned_with_its_own_update_time(client, admin_user_account, demo):
    client.force_login(admin_user_account)
    url = reverse("timeline:timeline_edit", kwargs={"slug": demo.slug})
    data = {
        "title": demo.title,
        "slug": demo.slug,
        "summary": demo.summary,
        "what_we_know": "- The truce **holds** along most of the Line of Control.\n"
        "- <script>alert(1)</script> [a link](javascript:alert(1))",
        "language": "en",
        "default_event_status": "draft",
    }
    before = timezone.now()
    assert client.post(url, data).status_code == 302
    demo.refresh_from_db()
    assert demo.what_we_know_updated_at >= before
    client.logout()
    text = client.get(demo.get_absolute_url()).text
    section = text[text.index('<section class="what-we-know"') :]
    section = section[: section.index("</section>")]
    assert '<h2 id="what-we-know-heading">What we know</h2>' in section
    assert "The truce <strong>holds</strong>" in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section  # shown as text, never run
    assert 'href="javascript' not in section
    assert "Updated <time" in section

    # Saving the timeline without touching the text keeps its time.
    client.force_login(admin_user_account)
    stamped = demo.what_we_know_updated_at
    assert client.post(url, data | {"title": "Renamed"}).status_code == 302
    assert Timeline.objects.get(pk=demo.pk).what_we_know_updated_at == stamped


def test_no_what_we_know_section_until_one_is_written(client, demo):
    assert 'class="what-we-know"' not in client.get(demo.get_absolute_url()).text


def test_chronology_carries_open_graph_and_twitter_tags(client, demo):
    text = client.get(demo.get_absolute_url()).text
    url = f"http://testserver{demo.get_absolute_url()}"
    assert f'<meta property="og:title" content="{demo.title}">' in text
    assert f'<meta property="og:url" content="{url}">' in text
    assert '<meta name="twitter:card" content="summary">' in text
    assert '<meta property="og:description" content="The ceasefire between India' in text
    assert f'<link rel="canonical" href="{url}">' in text


def test_chronology_json_ld_is_an_item_list_of_events(client, demo):
    data = json_ld(client.get(demo.get_absolute_url()).text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ItemList"
    items = data["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, 8))
    assert {item["item"]["@type"] for item in items} == {"Event"}
    assert items[1]["item"]["startDate"] == "2025-05-10"


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    timeline = TimelineFactory(status="published", title="Talks </script><script>alert(1)")
    EventFactory(timeline=timeline, title="</script><!-- & <b>", summary="a < b")
    text = client.get(timeline.get_absolute_url()).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)[1]
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data["name"] == "Talks </script><script>alert(1)"
    assert data["itemListElement"][0]["item"]["name"] == "</script><!-- & <b>"


def test_event_page_has_its_own_json_ld_and_share_tags(client, demo):
    event = demo.events.get(title="US offers to mediate on Kashmir")
    text = client.get(event.get_absolute_url()).text
    data = json_ld(text)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert '<meta property="og:type" content="article">' in text
    assert f'href="{event.get_absolute_url()}" class="permalink"' in text


def test_readers_are_offered_the_embed_snippet_and_a_copy_link(client, demo):
    text = client.get(demo.get_absolute_url()).text
    embed = reverse("timeline:embed", kwargs={"slug": demo.slug})
    assert "Embed this timeline on another site" in text
    assert f"&lt;iframe src=&quot;http://testserver{embed}&quot;" in text
    assert 'data-copy-from="embed-code-india-pakistan-ceasefire-2025"' in text
    assert f'data-copy-text="{demo.get_absolute_url()}"' in text


def test_the_visit_marker_needs_no_cookie_and_pages_stay_cached(client, demo):
    first = client.get(demo.get_absolute_url())
    assert not first.cookies
    assert 'data-visit-key="india-pakistan-ceasefire-2025"' in first.text
    assert re.search(r'data-new-since="\d{4}-\d\d-\d\dT', first.text)
    assert '<script src="/static/js/visits.js" defer></script>' in first.text
