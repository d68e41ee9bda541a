"""Score recommendation requests."""


def init():
    pass


def run(raw):
    return raw
