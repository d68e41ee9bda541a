"""Placeholder training script named by the sample jobs (its content is not part of the demo)."""
