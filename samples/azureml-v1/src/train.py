"""Train the churn model on the prepared events."""
