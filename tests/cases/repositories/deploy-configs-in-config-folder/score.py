import json


def init():
    pass


def run(raw):
    return json.loads(raw)
