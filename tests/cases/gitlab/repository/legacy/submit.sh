#!/usr/bin/env bash
# submits the v0-era sweep with the retired Azure ML v1 CLI
az ml run submit-script -e churn -c train train.py
