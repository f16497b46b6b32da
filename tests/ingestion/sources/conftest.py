import pytest

from jiuye.ingestion.enums import FileFormat
from jiuye.ingestion.models import ImportRun
from jiuye.ingestion.sources import load_all
from jiuye.ingestion.sources.base import REGISTRY, ApplyContext
from jiuye.registry.models import DataSource

load_all()


@pytest.fixture
def make_ctx(tree):
    """make_ctx("tax.wages") → an ApplyContext for a fresh run of that source in 雨湖."""

    def _make(code: str) -> ApplyContext:
        adapter = REGISTRY[code]
        source, _ = DataSource.objects.get_or_create(
            code=code, defaults={"kind": adapter.department, "name_zh": adapter.title_zh, "name_en": adapter.title_en}
        )
        run = ImportRun.objects.create(
            source_code=code, division=tree["430302"], file_name="test.csv", file_sha256="0" * 64,
            file_format=FileFormat.CSV,
        )
        return ApplyContext(run=run, source=source)

    return _make
