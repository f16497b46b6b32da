import pytest


def pytest_configure(config: pytest.Config) -> None:
    # The project registers this marker in pyproject; repeating it here keeps --strict-markers happy until then.
    config.addinivalue_line("markers", "spark: needs PySpark (pip install jiuye[spark]) and Java")
