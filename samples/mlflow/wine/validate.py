"""Validates a logged model (the sample project of speclift's MLproject conversion)."""
