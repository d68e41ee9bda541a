#!/bin/sh
# Local smoke test: the folder is only known at run time.
if [ -d services/fraud ]; then
  cd services/fraud
fi
az ml run submit-script -c local -e smoke score_check.py
