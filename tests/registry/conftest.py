import pytest


@pytest.fixture(autouse=True)
def demo_exchange_dir(tmp_path, monkeypatch):
    """`demo_load` writes its sample department files here rather than into the repository's var/."""
    from jiuye.registry.demo import exchange

    monkeypatch.setattr(exchange, "EXCHANGE_DIR", tmp_path / "demo-exchange")
    return tmp_path / "demo-exchange"
