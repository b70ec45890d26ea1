"""Export stage: a built dataset directory -> a Hugging Face Hub dataset repository (input: OUT/; output: a folder, Hub commits).

Each (dataset kind, format) pair becomes one Hub *config* named ``{kind}-{format}`` (``sft-openai``,
``rm-qwen``, ...) with the build's ``train`` / ``test`` splits. A push first stages exactly what it uploads in
one folder (``--dry-run DIR`` keeps that folder and uploads nothing)::

    README.md                       the dataset card (below)
    toolc_manifest.json             the build's manifest: seed, reference date, spec hashes, counts
    data/{kind}-{format}/{split}.parquet

and then uploads the folder in one commit (``HfApi.upload_folder``). The card's YAML front matter is what
``datasets``' own ``push_to_hub`` writes (https://huggingface.co/docs/hub/datasets-manual-configuration):
``configs`` with ``data_files`` per split and ``dataset_info`` with each config's features and split sizes,
built with the same ``datasets`` classes, plus ``license``, ``tags`` and ``pretty_name``; so
``load_dataset("user/name", "sft-openai")`` -- or ``load_dataset(DIR, "sft-openai")`` on the staged folder --
reads each config. Its text summarises the specs and the manifest's counts and shows how to load each
config and train on it with TRL.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

from toolc.errors import HubError, InputError, UsageError, on_path
from toolc.vocab import KINDS, SPLITS

from .stats import load_manifest

#: Folder of the data files inside the repository.
DATA_DIR = "data"
MANIFEST_NAME = "toolc_manifest.json"


def hub_configs(out_dir: Path, kinds: Sequence[str] | None = None, formats: Sequence[str] | None = None
                ) -> dict[str, dict[str, Path]]:
    """The configs a push would create: ``{"sft-openai": {"train": path.parquet, "test": ...}, ...}``.

    Args:
        out_dir: a ``toolc build`` output directory.
        kinds: dataset kinds to include (default: all three).
        formats: formats to include (default: every format the build wrote).

    Raises:
        NotABuildError: ``out_dir`` has no manifest.
        UsageError: a requested kind or format is not in the build.
    """
    m = load_manifest(out_dir)
    kinds = list(kinds or KINDS)
    formats = list(formats or m["formats"])
    bad = [f for f in formats if f not in m["formats"]] + [k for k in kinds if k not in KINDS]
    if bad:
        raise UsageError(f"`{bad[0]}` is not in this build (formats: {', '.join(m['formats'])}; kinds: "
                         f"{', '.join(KINDS)})")
    out: dict[str, dict[str, Path]] = {}
    for kind in kinds:
        for fmt in formats:
            splits = {s: Path(out_dir) / kind / fmt / f"{s}.parquet" for s in SPLITS}
            splits = {s: p for s, p in splits.items() if p.is_file()}
            if splits:
                out[f"{kind}-{fmt}"] = splits
    return out


def card_data(configs: dict[str, dict[str, Path]], *, license: str, pretty_name: str) -> Any:
    """The card's YAML metadata (a ``huggingface_hub.DatasetCardData``): configs, features, splits, license.

    Features and split sizes are read from the Parquet files' schemas and footers (nothing is loaded).
    """
    import pyarrow.parquet as pq
    from datasets import DatasetInfo, Features, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    data = DatasetCardData(license=license, pretty_name=pretty_name,
                           tags=["tool-calling", "function-calling", "synthetic", "toolc"],
                           task_categories=["text-generation"])
    infos, metadata = {}, {}
    for i, (name, splits) in enumerate(configs.items()):
        split_dict = SplitDict()
        features = None
        for split, path in splits.items():
            meta = pq.read_metadata(path)
            features = features or Features.from_arrow_schema(meta.schema.to_arrow_schema())
            size = sum(meta.row_group(g).total_byte_size for g in range(meta.num_row_groups))
            split_dict.add(SplitInfo(name=split, num_examples=meta.num_rows, num_bytes=size))
        infos[name] = DatasetInfo(features=features, splits=split_dict)
        metadata[name] = {"data_files": [{"split": s, "path": f"{DATA_DIR}/{name}/{s}.parquet"} for s in splits]}
        if i == 0:
            metadata[name]["default"] = True
    DatasetInfosDict(infos).to_dataset_card_data(data)
    MetadataConfigs(metadata).to_dataset_card_data(data)
    return data


def dataset_card(manifest: dict[str, Any], configs: dict[str, dict[str, Path]], repo_id: str, *,
                 license: str = "unknown") -> str:
    """The README.md of the dataset repository: YAML front matter (:func:`card_data`) and the text.

    Args:
        manifest: the build's ``manifest.json``.
        configs: what is pushed (:func:`hub_configs`).
        repo_id: ``user/name`` (used in the loading examples).
        license: the ``license`` field (a Hub license identifier, e.g. ``apache-2.0``, ``cc-by-4.0``).
    """
    data = card_data(configs, license=license, pretty_name=f"{manifest['dataset']} (toolc)")
    return f"---\n{data.to_yaml()}\n---\n\n{_card_text(manifest, configs, repo_id)}"


def _card_text(m: dict[str, Any], configs: dict[str, dict[str, Path]], repo_id: str) -> str:
    import pyarrow.parquet as pq

    rows = m["rows"]
    lines = [f"# {m['dataset']}", "",
             f"Tool-calling training data compiled by toolc {m.get('toolc_version', '')} from "
             f"{len(m.get('specs', {}))} `.tool` spec files: supervised conversations (SFT), preference pairs whose "
             "rejected side is a labelled wrong answer (RM), and prompts with ground-truth calls for a verifiable "
             "reward (PPO / GRPO).", "",
             "## Build", "",
             f"- seed `{m['seed']}`, reference date `{m['today']}` (relative dates in the data count from it)",
             f"- test split: {m['test_percent']:g}% of the rows, holding out {', '.join(m['holdout']) or 'nothing'}",
             f"- distractor tools per row: {m['distractors'][0]}..{m['distractors'][1]}",
             f"- formats: {', '.join(m['formats'])}", "",
             "| kind | train | test |", "|---|---:|---:|"]
    lines += [f"| {k} | {rows[k]['train']} | {rows[k]['test']} |" for k in KINDS if k in rows]
    lines += ["", "### Specs", "", "| file | sha256 |", "|---|---|"]
    lines += [f"| `{name}` | `{h['sha256'][:16]}…` |" for name, h in sorted(m.get("specs", {}).items())]
    lines += ["", f"### Tools ({len(m.get('tools', {}))}), rows offering each", "",
              ", ".join(f"`{t}` {n}" for t, n in sorted(m.get("tools", {}).items())) or "none"]
    if m.get("perturbations"):
        lines += ["", "### RM perturbations (the rejected side)", "",
                  ", ".join(f"`{p}` {n}" for p, n in sorted(m["perturbations"].items()))]
    if m.get("shortfalls"):
        lines += ["", "### Shortfalls", ""]
        lines += [f"- {s['kind']} `{s['scenario']}`: {s['made']} of {s['wanted']} rows ({s['reason']})"
                  for s in m["shortfalls"]]
    lines += ["", f"`{MANIFEST_NAME}` holds the whole build manifest.", "", "## Configs", "",
              "| config | splits | columns |", "|---|---|---|"]
    for name, splits in configs.items():
        cols = pq.read_schema(next(iter(splits.values()))).names
        lines.append(f"| `{name}` | {', '.join(f'{s} ({pq.read_metadata(p).num_rows})' for s, p in splits.items())}"
                     f" | {', '.join(f'`{c}`' for c in cols)} |")
    first = next(iter(configs), "sft-openai")
    lines += ["", "## Load", "", "```python", "from datasets import load_dataset", "",
              f'ds = load_dataset("{repo_id}", "{first}")  # a DatasetDict with {", ".join(configs.get(first, {}))}',
              "```", "",
              "`tools`, `ground_truth`, `expects`, `truth` and tool-call `arguments` are JSON strings (one Arrow schema "
              "per file); `json.loads` them, or use `toolc.train.data.load_sft` / `load_rm` / `load_ppo` on a local "
              "build, which also drop the null keys chat templates trip over."]
    lines += _trl_text(configs, repo_id)
    return "\n".join(lines) + "\n"


def _pick(configs: dict[str, dict[str, Path]], kind: str) -> str | None:
    """The config a TRL example uses: a text format (one string per row) before a conversational one."""
    names = [n for n in configs if n.startswith(kind + "-")]
    for preferred in ("qwen", "qwen2.5", "qwen-fc", "openai"):
        if f"{kind}-{preferred}" in names:
            return f"{kind}-{preferred}"
    return names[0] if names else None


def _trl_text(configs: dict[str, dict[str, Path]], repo_id: str) -> list[str]:
    lines = ["", "## Train with TRL", ""]
    sft, rm, ppo = _pick(configs, "sft"), _pick(configs, "rm"), _pick(configs, "ppo")
    if sft:
        field = "text" if not sft.endswith("-openai") else "messages"
        lines += ["Supervised fine-tuning (LoRA with PEFT):", "", "```python", "from datasets import load_dataset",
                  "from peft import LoraConfig", "from trl import SFTConfig, SFTTrainer", "",
                  f'train = load_dataset("{repo_id}", "{sft}", split="train")',
                  'trainer = SFTTrainer(model="Qwen/Qwen3-0.6B", train_dataset=train,',
                  '                     args=SFTConfig(output_dir="sft"'
                  + (', dataset_text_field="text"),' if field == "text" else "),"),
                  '                     peft_config=LoraConfig(r=16, target_modules="all-linear"))',
                  "trainer.train()", "```", ""]
    if rm:
        lines += ["A reward model on the preference pairs:", "", "```python",
                  "from trl import RewardConfig, RewardTrainer", "",
                  f'pairs = load_dataset("{repo_id}", "{rm}", split="train")',
                  'RewardTrainer(model="Qwen/Qwen3-0.6B", train_dataset=pairs, args=RewardConfig(output_dir="rm")).train()',
                  "```", ""]
    if ppo:
        lines += ["Online RL (GRPO) with toolc's verifiable tool-call reward (it reads the `ground_truth`, `tools` and "
                  "`expect` columns):", "", "```python", "from trl import GRPOConfig, GRPOTrainer",
                  "from toolc.train.reward import make_tool_call_reward_funcs", "",
                  f'prompts = load_dataset("{repo_id}", "{ppo}", split="train")',
                  'GRPOTrainer(model="Qwen/Qwen3-0.6B", reward_funcs=make_tool_call_reward_funcs(),',
                  '            train_dataset=prompts, args=GRPOConfig(output_dir="grpo")).train()', "```", ""]
    lines += ["With toolc installed, `toolc train sft|rm|rl --data DIR` runs the same on a local build."]
    return lines


def stage(out_dir: Path, dest: Path, repo_id: str, *, kinds: Sequence[str] | None = None,
          formats: Sequence[str] | None = None, license: str = "unknown") -> list[str]:
    """Writes exactly what a push uploads into ``dest``: README.md, the manifest and the Parquet files.

    Args:
        out_dir: a ``toolc build`` output directory.
        dest: a new or empty directory (created if missing); toolc never deletes what it did not write.
        repo_id, kinds, formats, license: see :func:`push`.

    Returns:
        the config names, in order.

    Raises:
        InputError: ``dest`` exists and is not an empty directory, or cannot be written.
        NotABuildError, UsageError: see :func:`hub_configs`.
    """
    configs = hub_configs(out_dir, kinds, formats)
    manifest = load_manifest(out_dir)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InputError(f"{dest}: cannot write the upload there: it exists and is not an empty directory")
    with on_path(dest, "write"):
        dest.mkdir(parents=True, exist_ok=True)
        for name, splits in configs.items():
            (dest / DATA_DIR / name).mkdir(parents=True)
            for split, path in splits.items():
                shutil.copyfile(path, dest / DATA_DIR / name / f"{split}.parquet")
        (dest / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")
        (dest / "README.md").write_text(dataset_card(manifest, configs, repo_id, license=license), encoding="utf-8")
    return list(configs)


def push(out_dir: Path, repo_id: str, *, kinds: Sequence[str] | None = None, formats: Sequence[str] | None = None,
         private: bool = False, token: str | None = None, license: str = "unknown", dry_run: Path | None = None,
         api_factory: Callable[..., Any] | None = None) -> list[str]:
    """Pushes a build to the Hub in one commit, one config per (kind, format), with a dataset card.

    Args:
        out_dir: a ``toolc build`` output directory.
        repo_id: ``user/name`` or ``org/name``.
        kinds, formats: what to push (defaults: everything built).
        private: create the repository as private.
        token: a Hub token (default: the logged-in user's, ``hf auth login``).
        license: the card's ``license`` (a Hub license identifier).
        dry_run: write what would be uploaded into this directory (see :func:`stage`) and upload nothing.
        api_factory: builds the ``huggingface_hub.HfApi`` (tests pass a fake).

    Returns:
        the config names pushed (or staged), in order.

    Raises:
        NotABuildError, UsageError, InputError: see :func:`hub_configs` and :func:`stage`.
        HubError: the Hub refused the upload or cannot be reached (``huggingface_hub``'s HTTP and validation
            errors, one line naming the repository).
    """
    if dry_run is not None:
        return stage(out_dir, dry_run, repo_id, kinds=kinds, formats=formats, license=license)
    from huggingface_hub.errors import HFValidationError, HTTPError

    with tempfile.TemporaryDirectory(prefix="toolc-push-") as tmp:
        folder = Path(tmp) / "upload"
        names = stage(out_dir, folder, repo_id, kinds=kinds, formats=formats, license=license)
        try:
            if api_factory is None:
                from huggingface_hub import HfApi as api_factory  # noqa: N813
            api = api_factory(token=token)
            api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
            api.upload_folder(folder_path=str(folder), repo_id=repo_id, repo_type="dataset",
                              commit_message=f"toolc: {manifest_summary(out_dir)}")
        except (HTTPError, HFValidationError, OSError) as exc:  # HfHubHTTPError is an OSError; httpx's are HTTPErrors
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise HubError(f"push to {repo_id} failed: {type(exc).__name__}: {reason}") from exc
    return names


def manifest_summary(out_dir: Path) -> str:
    """One line for a commit message: ``dataset assistant, seed 42, 2026-12-02``."""
    m = load_manifest(out_dir)
    return f"dataset {m['dataset']}, seed {m['seed']}, {m['today']}"
