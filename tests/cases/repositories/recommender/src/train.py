"""Train the recommender."""

print("training")
