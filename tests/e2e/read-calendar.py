"""Reads a calendar file with icalendar and prints its events as JSON, for the calendar
tests: each event's UID, start day, end day, summary and stamp."""

import json
import sys

from icalendar import Calendar

with open(sys.argv[1], "rb") as file:
    calendar = Calendar.from_ical(file.read())

events = [
    {
        "uid": str(event["UID"]),
        "start": event.decoded("DTSTART").isoformat(),
        "end": event.decoded("DTEND").isoformat(),
        "summary": str(event["SUMMARY"]),
        "stamp": event.decoded("DTSTAMP").isoformat(),
    }
    for event in calendar.walk("VEVENT")
]
print(json.dumps({"version": str(calendar["VERSION"]), "events": events}))
