"""Score a day of customers."""

print("scoring")
