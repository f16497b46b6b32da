import logging


def pytest_configure(config) -> None:
    # py4j logs "Closing down clientserver connection" at INFO from an atexit hook, after pytest has
    # closed its captured streams, which prints a logging traceback at the end of every run.
    logging.getLogger("py4j").setLevel(logging.WARNING)
