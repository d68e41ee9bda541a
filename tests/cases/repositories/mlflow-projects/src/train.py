import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float)
parser.add_argument("--l1-ratio", type=float, default=0.1)
print(parser.parse_args())
