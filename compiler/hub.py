"""Export stage: a built dataset directory -> a Hugging Face Hub dataset repository (input: OUT/; output: Hub commits).

Each (dataset kind, format) pair becomes one Hub *config* named ``{kind}-{format}`` (``sft-openai``,
``rm-qwen``, ...) with the build's ``train`` / ``test`` splits, pushed with ``datasets``'
``DatasetDict.push_to_hub`` (https://huggingface.co/docs/datasets/upload_dataset), so users load it back with
``load_dataset("user/name", "sft-openai")``. The build's ``manifest.json`` is uploaded beside the data so the
seed, reference date and spec hashes travel with it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from toolc.errors import HubError, UsageError
from toolc.vocab import KINDS, SPLITS

from .stats import load_manifest


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


@contextlib.contextmanager
def quiet_datasets() -> Iterator[None]:
    """Silences ``datasets``' progress bars (the command shows its own lines) and restores the previous state."""
    import datasets
    from datasets.utils import are_progress_bars_disabled

    was_disabled = are_progress_bars_disabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            datasets.enable_progress_bars()


def push(out_dir: Path, repo_id: str, *, kinds: Sequence[str] | None = None, formats: Sequence[str] | None = None,
         private: bool = False, token: str | None = None, api_factory: Callable[..., Any] | None = None) -> list[str]:
    """Pushes a build to the Hub, one config per (kind, format).

    Args:
        out_dir: a ``toolc build`` output directory.
        repo_id: ``user/name`` or ``org/name``.
        kinds, formats: what to push (defaults: everything built).
        private: create the repository as private.
        token: a Hub token (default: the logged-in user's, ``huggingface-cli login``).
        api_factory: builds the ``huggingface_hub.HfApi`` used to upload the manifest (tests pass a fake).

    Returns:
        the config names pushed, in order.

    Raises:
        NotABuildError, UsageError: see :func:`hub_configs`.
        HubError: the Hub refused the upload or cannot be reached (``huggingface_hub``'s HTTP and validation
            errors, one line naming the repository).
    """
    from datasets import DatasetDict, load_dataset
    from huggingface_hub.errors import HFValidationError, HTTPError

    configs = hub_configs(out_dir, kinds, formats)
    try:
        with quiet_datasets():
            for i, (name, splits) in enumerate(configs.items()):
                dd = DatasetDict({s: load_dataset("parquet", data_files=str(p), split="train")
                                  for s, p in splits.items()})
                dd.push_to_hub(repo_id, config_name=name, set_default=(i == 0), private=private, token=token,
                               commit_message=f"toolc: {name}")
        if api_factory is None:
            from huggingface_hub import HfApi as api_factory  # noqa: N813
        api = api_factory(token=token)
        api.upload_file(path_or_fileobj=str(Path(out_dir) / "manifest.json"), path_in_repo="toolc_manifest.json",
                        repo_id=repo_id, repo_type="dataset", commit_message="toolc: build manifest")
    except (HTTPError, HFValidationError, OSError) as exc:  # HfHubHTTPError is an OSError; httpx's are HTTPErrors
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise HubError(f"push to {repo_id} failed: {type(exc).__name__}: {reason}") from exc
    return list(configs)
