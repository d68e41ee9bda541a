#!/bin/bash
# Train from the source folder: its .azureml/ holds the run configurations.
set -e
cd src
az ml run submit-script -c train -e reco --ct cpu-cluster train.py --epochs 10
az ml run submit-script -c evaluate -e reco evaluate.py
