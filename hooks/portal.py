"""What the portal pages show beside the texts: which options, key actions,
stories, events and terms concern each convention, the synergy matrix, and
when the events fall. Plain Python over the dataset; the templates call it
as ``portal``.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from .model import Dataset, Event, Item, KeyAction, OptionArea, Paragraph

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")


@dataclass
class MatrixRow:
    """A row of the synergy matrix: an option area or a group of key actions."""

    id: str
    kind: str  # "area" or "key-actions"
    ref: str  # "1(b)", "A"
    title: object  # Text
    total: int  # options or key actions in the row
    page: str  # the page of the area or of the table (under docs/)
    counts: dict[str, int] = field(default_factory=dict)  # convention id -> tagged
    general: int = 0  # those that name no convention


def nth_weekday(year: int, month: int, week: int, weekday: str) -> datetime.date:
    """The ``week``-th ``weekday`` ("sa") of ``month`` in ``year``."""
    first = datetime.date(year, month, 1)
    offset = (WEEKDAYS.index(weekday) - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (week - 1))


def occurrences(event: Event, year: int) -> list[datetime.date]:
    """The dates of a yearly day in ``year`` (none before its first year)."""
    yearly = event.yearly
    if not yearly or (event.since and year < event.since):
        return []
    if "day" in yearly:
        month, day = yearly["month"], yearly["day"]
        if day > calendar.monthrange(year, month)[1]:
            return []  # 29 February in a common year
        return [datetime.date(year, month, day)]
    return [nth_weekday(year, month, yearly["week"], yearly["weekday"])
            for month in yearly["months"]]


class Portal:
    """Cross-references of the dataset, computed once per build."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.options_by_convention: dict[str, list[tuple[OptionArea, Item | Paragraph]]] = {}
        for area in dataset.areas:
            for option in area.option_items():
                for tag in option.conventions:
                    self.options_by_convention.setdefault(tag, []).append((area, option))
        self.stories_by_option: dict[str, list] = {}
        for story in dataset.stories:
            for option in story.options:
                self.stories_by_option.setdefault(option, []).append(story)

    def options(self, convention_id: str) -> list[tuple[OptionArea, Item | Paragraph]]:
        """Annex I options (leaves) that name the convention, with their area."""
        return self.options_by_convention.get(convention_id, [])

    def key_actions(self, convention_id: str) -> list[KeyAction]:
        """Key actions (of every table) that name the convention."""
        return [action for table in self.dataset.tables for _, _, action in table.rows()
                if convention_id in action.conventions]

    def option_stories(self, option_id: str) -> list:
        """Stories that illustrate the option (newest first)."""
        return self.stories_by_option.get(option_id, [])

    def stories(self, convention_id: str) -> list:
        """Stories that concern the convention (newest first)."""
        return [story for story in self.dataset.stories if convention_id in story.conventions]

    def story_areas(self, story) -> list[str]:
        """Ids of the option areas whose options the story illustrates."""
        areas = []
        for option in story.options:
            scope = self.dataset.anchors[option].scope
            if scope not in areas:
                areas.append(scope)
        return areas

    def events(self, convention_id: str) -> list[Event]:
        """Events of the convention."""
        return [event for event in self.dataset.events if convention_id in event.conventions]

    def matrix(self) -> list[MatrixRow]:
        """Option areas and key-action groups against conventions, from the tags."""
        ids = [convention.id for convention in self.dataset.conventions]
        rows = []
        for area in self.dataset.areas:
            rows.append(self._row(area.id, "area", area.ref, area.short_title,
                                  area.option_items(), ids, area.page))
        for table in self.dataset.tables:
            for group in table.groups:
                actions = [action for activity in group.activities for action in activity.actions]
                rows.append(self._row(group.id, "key-actions", group.label.rstrip("."),
                                      group.title, actions, ids, table.page))
        return rows

    @staticmethod
    def _row(row_id, kind, ref, title, things, ids, page) -> MatrixRow:
        row = MatrixRow(row_id, kind, ref, title, len(things), page)
        for convention_id in ids:
            row.counts[convention_id] = sum(convention_id in thing.conventions for thing in things)
        row.general = sum(not thing.conventions for thing in things)
        return row

    def meetings(self) -> list[Event]:
        """Meetings, latest first."""
        meetings = [event for event in self.dataset.events if event.kind == "meeting"]
        return sorted(meetings, key=lambda event: (event.start, event.id), reverse=True)

    def days(self) -> list[Event]:
        """International days in calendar order (by their date in ``2001``, a common year)."""
        days = [event for event in self.dataset.events if event.kind == "day"]
        return sorted(days, key=lambda event: (_first_date(event), event.id))

    def upcoming(self, today: datetime.date, count: int) -> list[tuple[datetime.date, Event]]:
        """The next ``count`` events on or after ``today``: days and meetings."""
        found = []
        for event in self.dataset.events:
            if event.kind == "meeting":
                start = datetime.date.fromisoformat(event.start)
                end = datetime.date.fromisoformat(event.end or event.start)
                if end >= today:
                    found.append((start, event))
                continue
            for year in (today.year, today.year + 1):
                dates = [day for day in occurrences(event, year) if day >= today]
                if dates:
                    found.append((dates[0], event))
                    break
        found.sort(key=lambda pair: (pair[0], pair[1].id))
        return found[:count]


def _first_date(event: Event) -> tuple[int, int]:
    dates = occurrences(event, 2001) or [datetime.date(2001, 12, 31)]
    return dates[0].month, dates[0].day
