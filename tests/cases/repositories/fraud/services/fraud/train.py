"""Train the fraud model."""

print("training")
