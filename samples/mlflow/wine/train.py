"""Trains an elastic net (the sample project of speclift's MLproject conversion)."""
