#!/usr/bin/env bash
# Publish the batch scoring pipeline (run from the repository root by CI).
set -euo pipefail

cd "$(dirname "$0")/../pipelines"
az ml pipeline create --name churn -y pipeline.yml
