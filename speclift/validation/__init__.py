"""Validation: schema checks plus semantic rules, per document, per file and over trees of files."""
