"""Affiliations on the actor page and in ``/api/actors/{id}``: linked, and escaped."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

VICTIM = "/actors/person:img-src-x-onerror-alert-1"
GROUP_ID = "group:script-alert-actor-script"


def test_actor_page_links_each_affiliated_actor(web_client: TestClient) -> None:
    html = web_client.get(VICTIM).text
    assert 'id="affiliations-h">Affiliations</h2>' in html
    link = re.search(
        r'<a href="/actors/([^"]+)">([^<]*)</a> <span class="dim">1 document, 2021-05-04<', html
    )
    assert link is not None
    assert link.group(1) == "group%3Ascript-alert-actor-script"
    assert link.group(2) == "&lt;script&gt;alert(&#39;actor&#39;)&lt;/script&gt;"
    assert web_client.get("/actors/" + link.group(1)).status_code == 200


def test_an_actor_without_affiliations_says_none(web_client: TestClient) -> None:
    html = web_client.get("/actors/" + GROUP_ID).text
    section = html.split('id="affiliations-h"', 1)[1].split("</section>", 1)[0]
    assert "<li>none</li>" in section


def test_api_profile_carries_the_affiliations(web_client: TestClient) -> None:
    profile = web_client.get("/api" + VICTIM).json()
    assert profile["affiliations"] == [
        {
            "actor_id": GROUP_ID,
            "name": "<script>alert('actor')</script>",
            "first_published": "2021-05-04",
            "last_published": "2021-05-04",
            "documents": 1,
        }
    ]
    assert web_client.get("/api/actors/" + GROUP_ID).json()["affiliations"] == []
