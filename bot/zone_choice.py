"""Type-ahead over IANA timezones for the reminder settings modal's `external_select`.

Pure: no Slack, no database. The person's own Slack zone comes first, then zones whose city
starts with what was typed, then zones containing it anywhere.
"""

from __future__ import annotations

import functools
import zoneinfo

AUTO = "auto"  # the option that follows the person's Slack profile
MAX_OPTIONS = 100  # Slack's limit for an external_select's options
MAX_LABEL = 75


@functools.cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone this machine knows, except the legacy aliases nobody picks."""
    legacy = ("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/")
    names = zoneinfo.available_timezones()
    return tuple(sorted(n for n in names if "/" in n and not n.startswith(legacy)) + ["UTC"])


def _key(text: str) -> str:
    return text.lower().replace("_", " ").replace("-", " ").strip()


def matching_zones(
    query: str, *, slack_zone: str | None, limit: int = MAX_OPTIONS - 1
) -> list[str]:
    """Zones for what the person has typed so far (an empty query lists the first ones)."""
    q = _key(query)
    first: list[str] = []
    if slack_zone and (not q or q in _key(slack_zone)):
        first.append(slack_zone)
    city_starts: list[str] = []
    anywhere: list[str] = []
    for name in all_zones():
        if name == slack_zone:
            continue
        key = _key(name)
        city = key.rsplit("/", 1)[-1]
        if not q or city.startswith(q) or key.startswith(q):
            city_starts.append(name)
        elif q in key:
            anywhere.append(name)
    return (first + city_starts + anywhere)[:limit]


def option(text: str, value: str) -> dict[str, object]:
    return {"text": {"type": "plain_text", "text": text[:MAX_LABEL]}, "value": value}


def zone_options(query: str, *, slack_zone: str | None) -> list[dict[str, object]]:
    """The options to show: following Slack's profile first, then the matching zones."""
    following = (
        f"Follow my Slack profile ({slack_zone})" if slack_zone else "Follow my Slack profile"
    )
    options = []
    q = _key(query)
    if not q or q in _key(following):
        options.append(option(following, AUTO))
    for name in matching_zones(query, slack_zone=slack_zone):
        label = f"{name.replace('_', ' ')} (your Slack timezone)" if name == slack_zone else name
        options.append(option(label.replace("_", " "), name))
    return options[:MAX_OPTIONS]


def chosen_zone(value: str | None) -> tuple[bool, str | None]:
    """(valid, zone) for a submitted option value: `auto` or nothing follows Slack (None)."""
    if not value or value == AUTO:
        return True, None
    return (value in set(all_zones()) or _is_zone(value)), value


def _is_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
