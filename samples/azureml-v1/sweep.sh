#!/usr/bin/env bash
# Launch the churn model's learning-rate sweep with the v1 CLI, from this folder: `-c train` is train.runconfig, the
# run configuration every trial runs. `speclift convert` reads this line to know what the HyperDrive file ran.
set -euo pipefail
cd "$(dirname "$0")"
az ml run submit-hyperdrive -e churn-sweep -c train --hyperdrive-configuration-name hdconfig.yml
