"""Hub export: which configs and splits a push sends (the Hub itself is unreachable here, so its client is faked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from toolc.compiler.build import build
from toolc.compiler.hub import hub_configs, push
from toolc.errors import InputError, UsageError

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


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_dry_run_writes_a_card_that_parses_and_configs_that_load(out, tmp_path):
    import json

    from datasets import load_dataset
    from huggingface_hub import DatasetCard

    dest = tmp_path / "upload"
    names = push(out, "me/toolc-mini", formats=["openai", "qwen"], license="cc-by-4.0", dry_run=dest)
    assert names == ["sft-openai", "sft-qwen", "rm-openai", "rm-qwen", "ppo-openai", "ppo-qwen"]
    files = _files(dest)
    assert set(files) == {"README.md", "toolc_manifest.json"} | {
        f"data/{n}/{s}.parquet" for n in names for s in ("train", "test")}
    card = DatasetCard.load(dest / "README.md")
    data = card.data.to_dict()
    assert data["license"] == "cc-by-4.0"
    assert [c["config_name"] for c in data["configs"]] == sorted(names)
    info = {i["config_name"]: i for i in data["dataset_info"]}
    assert [f["name"] for f in info["sft-openai"]["features"]][:2] == ["messages", "tools"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert json.loads(files["toolc_manifest.json"]) == manifest
    for name in names:
        kind = name.split("-", 1)[0]
        ds = load_dataset(str(dest), name)
        assert {s: len(d) for s, d in ds.items()} == manifest["rows"][kind], name
        assert {s["name"]: s["num_examples"] for s in info[name]["splits"]} == manifest["rows"][kind]
    text = card.text
    assert 'load_dataset("me/toolc-mini", "sft-openai")' in text and "SFTTrainer" in text and "GRPOTrainer" in text
    assert f"seed `{manifest['seed']}`" in text and "| sft | " in text
    with pytest.raises(InputError, match="not an empty directory"):  # never writes over what it did not write
        push(out, "me/toolc-mini", dry_run=dest)


def test_push_uploads_exactly_the_dry_run_folder_in_one_commit(out, tmp_path):
    calls = []

    class FakeApi:
        def __init__(self, token=None):
            self.token = token

        def create_repo(self, repo_id, **kw):
            calls.append(("create_repo", repo_id, kw))

        def upload_folder(self, *, folder_path, repo_id, repo_type, commit_message):
            calls.append(("upload_folder", repo_id, _files(Path(folder_path)), repo_type))

    names = push(out, "me/toolc-mini", formats=["openai"], private=True, api_factory=FakeApi)
    assert names == ["sft-openai", "rm-openai", "ppo-openai"]
    (create, upload) = calls
    assert create == ("create_repo", "me/toolc-mini", {"repo_type": "dataset", "private": True, "exist_ok": True})
    push(out, "me/toolc-mini", formats=["openai"], dry_run=tmp_path / "dry")
    assert upload[1:] == ("me/toolc-mini", _files(tmp_path / "dry"), "dataset")
