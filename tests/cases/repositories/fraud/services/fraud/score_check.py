"""Check the scorer."""

print("ok")
