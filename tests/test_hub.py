"""Hub export: which configs and splits a push sends (the Hub itself is unreachable here, so its client is faked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from toolc.compiler.build import build
from toolc.compiler.hub import hub_configs, push
from toolc.errors import UsageError

MINI = Path(__file__).parent / "data" / "mini.tool"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hub") / "out"
    build([MINI], out, today=dt.date(2025, 4, 23), formats=["openai", "qwen"], sft=60, rm=30, ppo=30, progress=False)
    return out


def test_configs_name_kind_and_format(out):
    configs = hub_configs(out)
    assert list(configs) == ["sft-openai", "sft-qwen", "rm-openai", "rm-qwen", "ppo-openai", "ppo-qwen"]
    assert set(configs["sft-openai"]) == {"train", "test"}
    assert list(hub_configs(out, kinds=["rm"], formats=["qwen"])) == ["rm-qwen"]
    with pytest.raises(UsageError, match="alpaca"):
        hub_configs(out, formats=["alpaca"])


def test_push_sends_every_config_with_its_splits_and_the_manifest(out, monkeypatch):
    from datasets import DatasetDict

    pushed = []

    def fake_push(self, repo_id, **kw):
        pushed.append((repo_id, kw["config_name"], {s: len(d) for s, d in self.items()}, kw["private"]))

    uploads = []

    class FakeApi:
        def __init__(self, token=None):
            self.token = token

        def upload_file(self, **kw):
            uploads.append(kw)

    monkeypatch.setattr(DatasetDict, "push_to_hub", fake_push)
    names = push(out, "me/toolc-mini", formats=["openai"], private=True, api_factory=FakeApi)
    assert names == ["sft-openai", "rm-openai", "ppo-openai"]
    assert [p[1] for p in pushed] == names and all(p[0] == "me/toolc-mini" and p[3] for p in pushed)
    assert sum(pushed[0][2].values()) == 60
    assert uploads[0]["path_in_repo"] == "toolc_manifest.json" and uploads[0]["repo_type"] == "dataset"
