"""Polyaxon ``version: 1.1`` components and operations as polyaxon 2.x reads them.

:mod:`~speclift.converters.polyaxon_v1.upgrade` holds the upgrade as one function on plain data; the SL216 lint rule
(:mod:`speclift.validation.polyaxon_upgrade`) reports what it would change.
"""
