"""Polyaxon ``version: 1.1`` components and operations as polyaxon 2.x reads them.

:mod:`~speclift.converters.polyaxon_v1.upgrade` is the upgrade as one function on plain data; ``to_v2`` the converter
(``speclift convert --to polyaxon-v2``), registered once per source type (``component``, ``operation``); ``chain``
applies the upgrade to a converter's output (the v0 converter's ``to=polyaxon-v2``). The SL216 lint rule
(:mod:`speclift.validation.polyaxon_upgrade`) reports what the upgrade would change.
"""
