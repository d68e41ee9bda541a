"""A v1 schedule's ``recurrence`` -> the v2 schedule's recurrence ``trigger`` (used by :mod:`.schedule`).

API: :func:`convert_trigger` (the recorder, the pointer of ``recurrence``, its value) returns the trigger: frequency
in v2's lower case, interval, ``schedule: {hours, minutes, week_days}`` from hours/minutes/``time_of_day``/week days,
start time and time zone (v1's default zone written out when a start time is given). v1 and v2 know the same Windows
time zone names (:data:`TIME_ZONES`). What v1 rejects is refused (SL404).
"""

from __future__ import annotations

import re
from typing import Any

from speclift.converters.azureml_v1.keys import Recorder
from speclift.converters.azureml_v1.v1_defaults import SCHEDULE_TIME_ZONE
from speclift.pointer import join

_RECURRENCE = ("frequency", "interval", "start_time", "time_zone", "hours", "minutes", "time_of_day", "week_days")
_FREQUENCIES = ("Minute", "Hour", "Day", "Week", "Month")
_WEEK_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME_OF_DAY = re.compile(r"[0-9]{1,2}:[0-9]{2}$")  # v1's pattern, applied with re.match
_SEXAGESIMAL = re.compile(r"^\d{1,2}:\d{2}$")
_START = re.compile(r"^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})")
V1_DEFAULT_TIME_ZONE = SCHEDULE_TIME_ZONE.v1  # ScheduleRecurrence: a start_time without time_zone is UTC
# azureml.pipeline.core.schedule.TimeZone values; azure.ai.ml.constants.TimeZone has exactly the same 131 names.
_ZONE_NAMES = (
    "Dateline Standard Time|UTC-11|Aleutian Standard Time|Hawaiian Standard Time|Marquesas Standard Time|"
    "Alaskan Standard Time|UTC-09|Pacific Standard Time (Mexico)|UTC-08|Pacific Standard Time|"
    "US Mountain Standard Time|Mountain Standard Time (Mexico)|Mountain Standard Time|Central America Standard Time|"
    "Central Standard Time|Easter Island Standard Time|Central Standard Time (Mexico)|Canada Central Standard Time|"
    "SA Pacific Standard Time|Eastern Standard Time (Mexico)|Eastern Standard Time|Haiti Standard Time|"
    "Cuba Standard Time|US Eastern Standard Time|Paraguay Standard Time|Atlantic Standard Time|"
    "Venezuela Standard Time|Central Brazilian Standard Time|SA Western Standard Time|Pacific SA Standard Time|"
    "Turks And Caicos Standard Time|Newfoundland Standard Time|Tocantins Standard Time|"
    "E. South America Standard Time|SA Eastern Standard Time|Argentina Standard Time|Greenland Standard Time|"
    "Montevideo Standard Time|Saint Pierre Standard Time|Bahia Standard Time|UTC-02|Mid-Atlantic Standard Time|"
    "Azores Standard Time|Cape Verde Standard Time|UTC|Morocco Standard Time|GMT Standard Time|"
    "Greenwich Standard Time|W. Europe Standard Time|Central Europe Standard Time|Romance Standard Time|"
    "Central European Standard Time|W. Central Africa Standard Time|Namibia Standard Time|Jordan Standard Time|"
    "GTB Standard Time|Middle East Standard Time|Egypt Standard Time|E. Europe Standard Time|Syria Standard Time|"
    "West Bank Standard Time|South Africa Standard Time|FLE Standard Time|Turkey Standard Time|"
    "Israel Standard Time|Kaliningrad Standard Time|Libya Standard Time|Arabic Standard Time|Arab Standard Time|"
    "Belarus Standard Time|Russian Standard Time|E. Africa Standard Time|Iran Standard Time|"
    "Arabian Standard Time|Astrakhan Standard Time|Azerbaijan Standard Time|Russia Time Zone 3|"
    "Mauritius Standard Time|Georgian Standard Time|Caucasus Standard Time|Afghanistan Standard Time|"
    "West Asia Standard Time|Ekaterinburg Standard Time|Pakistan Standard Time|India Standard Time|"
    "Sri Lanka Standard Time|Nepal Standard Time|Central Asia Standard Time|Bangladesh Standard Time|"
    "N. Central Asia Standard Time|Myanmar Standard Time|SE Asia Standard Time|Altai Standard Time|"
    "W. Mongolia Standard Time|North Asia Standard Time|Tomsk Standard Time|China Standard Time|"
    "North Asia East Standard Time|Singapore Standard Time|W. Australia Standard Time|Taipei Standard Time|"
    "Ulaanbaatar Standard Time|North Korea Standard Time|Aus Central W. Standard Time|Transbaikal Standard Time|"
    "Tokyo Standard Time|Korea Standard Time|Yakutsk Standard Time|Cen. Australia Standard Time|"
    "AUS Central Standard Time|E. Australia Standard Time|AUS Eastern Standard Time|West Pacific Standard Time|"
    "Tasmania Standard Time|Vladivostok Standard Time|Lord Howe Standard Time|Bougainville Standard Time|"
    "Russia Time Zone 10|Magadan Standard Time|Norfolk Standard Time|Sakhalin Standard Time|"
    "Central Pacific Standard Time|Russia Time Zone 11|New Zealand Standard Time|UTC+12|Fiji Standard Time|"
    "Kamchatka Standard Time|Chatham Islands Standard Time|Tonga Standard Time|Samoa Standard Time|"
    "Line Islands Standard Time"
)
TIME_ZONES = tuple(_ZONE_NAMES.split("|"))
_ZONES_FOLDED = {zone.lower(): zone for zone in TIME_ZONES}


def convert_trigger(rec: Recorder, base: str, recurrence: Any) -> dict[str, Any]:
    trigger: dict[str, Any] = {"type": "recurrence"}
    if not isinstance(recurrence, dict):
        rec.refused(base, "recurrence must be a mapping of frequency, interval, ...")
        return trigger
    for name in recurrence:
        if name not in _RECURRENCE:
            rec.dropped(join(base, name), f"recurrence.{name} is not read by Schedule.load_yaml")
        elif recurrence[name] is None:
            rec.mapped(join(base, name), None)
    canonical = _frequency_and_interval(rec, base, recurrence, trigger)
    start = recurrence.get("start_time")
    pattern = _pattern(rec, base, recurrence, canonical, str(start) if start is not None else "")
    if pattern:
        trigger["schedule"] = pattern
    if start is not None:
        trigger["start_time"] = str(start)
        rec.mapped(join(base, "start_time"), "/trigger/start_time")
    zone = recurrence.get("time_zone")
    if zone is not None:
        _time_zone(rec, join(base, "time_zone"), zone, trigger)
    elif start is not None:
        trigger["time_zone"] = V1_DEFAULT_TIME_ZONE
    return trigger


def _frequency_and_interval(rec: Recorder, base: str, recurrence: dict[str, Any], trigger: dict[str, Any]) -> str | None:
    """Both are required; returns the frequency in v1's spelling (None: refused)."""
    frequency = recurrence.get("frequency")
    canonical = next((f for f in _FREQUENCIES if isinstance(frequency, str) and f.lower() == frequency.lower()), None)
    if canonical is None:
        rec.refused(
            join(base, "frequency") if "frequency" in recurrence else base,
            "recurrence.frequency must be one of " + ", ".join(_FREQUENCIES),
        )
    else:
        trigger["frequency"] = canonical.lower()
        rec.transformed(join(base, "frequency"), "/trigger/frequency", "v2's lower-case spelling")
    interval = recurrence.get("interval")
    if isinstance(interval, int) and not isinstance(interval, bool) and interval >= 1:
        trigger["interval"] = interval
        rec.mapped(join(base, "interval"), "/trigger/interval")
    else:
        rec.refused(
            join(base, "interval") if "interval" in recurrence else base, "recurrence.interval must be an integer of at least 1"
        )
    return canonical


def _time_zone(rec: Recorder, sub: str, zone: Any, trigger: dict[str, Any]) -> None:
    known = _ZONES_FOLDED.get(str(zone).lower())
    if known is None:
        rec.refused(
            sub,
            f"time zone {zone!r} is not one v1 (or v2) knows",
            hint="use a Windows time zone name such as 'W. Europe Standard Time' or 'UTC'",
        )
        return
    trigger["time_zone"] = known
    if known == zone:
        rec.mapped(sub, "/trigger/time_zone")
    else:
        rec.transformed(sub, "/trigger/time_zone", "the time zone's own spelling")


def _pattern(rec: Recorder, base: str, recurrence: dict[str, Any], frequency: str | None, start: str) -> dict[str, Any]:
    """``schedule: {hours, minutes, week_days}`` from hours/minutes/time_of_day/week_days."""
    hours = _integers(rec, base, recurrence, "hours", 23, frequency)
    minutes = _integers(rec, base, recurrence, "minutes", 59, frequency)
    moment = _moment(rec, base, recurrence, frequency)
    if moment is not None:
        hours, minutes = [moment[0]], [moment[1]]
    days = _week_days(rec, join(base, "week_days"), recurrence.get("week_days"), frequency)
    if hours is None and minutes is None and days is None:
        return {}
    clock = _START.match(start)
    if hours is None:
        hours = [int(clock.group(1))] if clock else [0]
        rec.finding("SL401", _filled("hours", hours, bool(clock)), base)
    if minutes is None:
        minutes = [int(clock.group(2))] if clock else [0]
        rec.finding("SL401", _filled("minutes", minutes, bool(clock)), base)
    pattern: dict[str, Any] = {"hours": hours, "minutes": minutes}
    if days is not None:
        pattern["week_days"] = days
    return pattern


def _moment(rec: Recorder, base: str, recurrence: dict[str, Any], frequency: str | None) -> tuple[int, int] | None:
    """``time_of_day`` as (hour, minute); v1 allows it alone, with a daily or weekly frequency."""
    moment = recurrence.get("time_of_day")
    if moment is None:
        return None
    sub = join(base, "time_of_day")
    if recurrence.get("hours") is not None or recurrence.get("minutes") is not None:
        rec.refused(sub, "time_of_day cannot be given with hours or minutes (v1 rejects it)")
        return None
    parsed = _time_of_day(rec, sub, moment)
    if parsed is None:
        rec.refused(sub, "time_of_day must be hh:mm with an hour from 0 to 23 and a minute from 0 to 59")
        return None
    if frequency not in ("Day", "Week", None):
        rec.refused(sub, "time_of_day is only allowed with frequency Day or Week (v1 rejects it)")
        return None
    rec.transformed(sub, "/trigger/schedule", "hh:mm as hours and minutes")
    return parsed


def _week_days(rec: Recorder, sub: str, given: Any, frequency: str | None) -> list[str] | None:
    """The week days in v2's lower-case spelling; v1 allows them with a weekly frequency."""
    if given is None:
        return None
    items = given if isinstance(given, list) else [given]
    known = [next((d for d in _WEEK_DAYS if isinstance(i, str) and d.lower() == i.lower()), None) for i in items]
    if not items or None in known:
        rec.refused(sub, "week_days must be a list of " + ", ".join(_WEEK_DAYS))
        return None
    if frequency not in ("Week", None):
        rec.refused(sub, "week_days are only allowed with frequency Week (v1 rejects them)")
        return None
    rec.transformed(sub, "/trigger/schedule/week_days", "v2's lower-case spelling")
    return [d.lower() for d in known if d]


def _filled(what: str, value: list[int], from_start: bool) -> str:
    source = "from the start time" if from_start else "0: no start time is given"
    return f"a v2 recurrence schedule needs both hours and minutes; v1 gave no {what}, so {what} is {value} ({source})"


def _integers(
    rec: Recorder, base: str, recurrence: dict[str, Any], name: str, top: int, frequency: str | None
) -> list[int] | None:
    value = recurrence.get(name)
    if value is None:
        return None
    sub = join(base, name)
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i <= top for i in items):
        rec.refused(sub, f"{name} must be a list of integers from 0 to {top}")
        return None
    if frequency not in ("Day", "Week", None):
        rec.refused(sub, f"{name} are only allowed with frequency Day or Week (v1 rejects them)")
        return None
    if isinstance(value, list):
        rec.mapped(sub, f"/trigger/schedule/{name}")
    else:
        rec.transformed(sub, f"/trigger/schedule/{name}", "a single value as a list")
    return [int(i) for i in items]


def _time_of_day(rec: Recorder, sub: str, value: Any) -> tuple[int, int] | None:
    """``"18:30"`` -> (18, 30). An unquoted 18:30 is a base-60 number (1110) to YAML 1.1 loaders; v1's YAML 1.2 loader
    read the text, and so is it read here."""
    text = value if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool):
        written = _raw_text(rec, sub)
        if written is not None and _SEXAGESIMAL.match(written):
            text = written
    if text is None or not _TIME_OF_DAY.match(text):
        return None
    hour, minute = (int(part) for part in text.split(":"))
    return (hour, minute) if hour <= 23 and minute <= 59 else None


def _raw_text(rec: Recorder, pointer: str) -> str | None:
    position = rec.document.values.get(rec.view.origin(pointer))
    source = rec.document.source
    if position is None or not source:
        return None
    line, column = position
    lines = source.splitlines()
    return lines[line - 1][column - 1 :].split(" #", 1)[0].strip() if line <= len(lines) else None
