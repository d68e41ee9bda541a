"""Train the churn classifier."""

import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float, default=0.5)
print(parser.parse_args())
