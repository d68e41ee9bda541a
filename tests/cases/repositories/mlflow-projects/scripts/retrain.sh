#!/bin/sh
# Nightly retraining, run by cron on the build machine.
set -e
cd "$(dirname "$0")/.."
mlflow run src -e train -P alpha=0.5 --env-manager local
python -m mlflow run forecast -P horizon=7 -P "series=store sales" --run-name nightly
