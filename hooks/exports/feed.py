"""The success stories as an Atom feed (RFC 4287), one per language.

Links are relative to the feed's own address unless the site's URL is
known, so the feed works wherever the site is served. Dates come from the
stories and the data stamp, never the clock. Every text goes through
``_text``, so the feed stays well-formed XML whatever the data holds.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from ..characters import scrub
from ..linker import plain
from ..model import Dataset
from .stamp import DataStamp

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NAMESPACE = uuid.UUID("6f0d7c52-5b1e-4d35-9a43-3c7c1e6a2f10")  # this site's stories


def rfc3339(date: str) -> str:
    """A story date (YYYY, YYYY-MM or YYYY-MM-DD) as an Atom date, at its first day."""
    pieces = date.split("-") + ["01", "01"]
    return f"{pieces[0]}-{pieces[1]}-{pieces[2]}T00:00:00Z"


def _text(value: str) -> str:
    """Data text as the feed holds it: plain (links as their labels), without
    the characters XML cannot hold (``hooks.characters``)."""
    return scrub(plain(value))


def entry_id(story_id: str, lang: str) -> str:
    """A permanent id of a story in a language: the same on every build and host."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{story_id}/{lang}')}"


def export_feed(dataset: Dataset, lang: str, stamp: DataStamp, story_url, feed_url: str) -> bytes:
    """Return the Atom feed of ``lang``; ``story_url(story)`` gives each story's address."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: dataset.language_tag(lang)})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _text(dataset.string("stories.feed-title", lang))
    ET.SubElement(feed, f"{{{ATOM}}}id").text = entry_id("feed", lang)
    dates = [rfc3339(story.date) for story in dataset.stories]
    updated = max(dates) if dates else stamp.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = _text(dataset.string("home.heading", lang))
    for story in dataset.stories:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _text(story.title[lang])
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(story.id, lang)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = rfc3339(story.date)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = rfc3339(story.date)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                "href": story_url(story)})
        for convention in story.conventions:
            ET.SubElement(entry, f"{{{ATOM}}}category", {
                "term": convention, "label": _text(dataset.convention(convention).acronym[lang])})
        ET.SubElement(entry, f"{{{ATOM}}}summary", {"type": "text"}).text = \
            _text(story.summary[lang])
        ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "text"}).text = \
            _text(story.body[lang])
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
