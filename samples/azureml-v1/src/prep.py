"""Prepare the churn events: read the raw export, write cleaned parquet files."""
