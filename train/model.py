"""Training stage, models: a model name (local directory or Hugging Face Hub id) -> loaded tokenizer / model.

One place decides where a model comes from, so every command fails the same way when it cannot be found:

1. an existing local directory (``models/tiny``, a ``toolc train sft`` output) is loaded from disk; a LoRA
   adapter directory (``adapter_config.json``) is loaded onto its base model with PEFT;
2. a Hub id (``Qwen/Qwen3-0.6B``) is loaded from the local Hugging Face cache without touching the network;
3. only when it is not cached is the Hub contacted, after a short reachability probe, so an offline machine gets a
   one-line error at once instead of a minute of HTTP retries.

``trust_remote_code`` stays off unless the caller turns it on.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import socket
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

import torch
from transformers import (
    AutoModelForCausalLM,
    AutoModelForSequenceClassification,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from toolc.errors import ModelError, ModelNotFoundError, UsageError

#: Printed with every "model not found" error.
TINY_HINT = "build the tiny model with `toolc model tiny --data DIR -o models/tiny`"
ADAPTER_CONFIG = "adapter_config.json"


@functools.lru_cache(maxsize=1)
def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face Hub endpoint accepts a TCP connection (cached for the process).

    Args:
        timeout: seconds to wait for the connection.

    Returns:
        ``False`` when ``HF_HUB_OFFLINE`` is set or the endpoint (``HF_ENDPOINT``, default
        ``https://huggingface.co``) does not answer within ``timeout``.
    """
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        return False
    url = urlparse(constants.ENDPOINT)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname or "huggingface.co", port), timeout=timeout):
            return True
    except OSError:
        return False


def is_adapter_dir(name_or_path: str | Path) -> bool:
    """Whether ``name_or_path`` is a local PEFT adapter directory (has ``adapter_config.json``)."""
    return (Path(name_or_path) / ADAPTER_CONFIG).is_file()


def _source_kwargs(name_or_path: str | Path, needed: str = "config.json") -> dict[str, Any]:
    """``from_pretrained`` keyword arguments that load ``name_or_path`` without needless network access.

    Args:
        name_or_path: local directory or Hub id.
        needed: a file the load needs, used to check the Hugging Face cache.

    Returns:
        ``{}`` for a local directory or a Hub download; ``local_files_only`` (also for the adapter lookup) for a
        cached Hub model.

    Raises:
        ModelNotFoundError: not a directory, not cached, and the Hub is unreachable.
    """
    path = Path(name_or_path)
    if path.is_dir():
        return {}
    name = str(name_or_path)
    try:
        from huggingface_hub import try_to_load_from_cache

        cached = isinstance(try_to_load_from_cache(name, needed), str)
    except ValueError as exc:  # not a valid repo id (e.g. "./nope", "a/b/c"): it can only have been a path
        raise ModelNotFoundError(f"model directory `{name}` does not exist; {TINY_HINT}") from exc
    if cached:
        return {"local_files_only": True, "adapter_kwargs": {"local_files_only": True}}
    if not hub_reachable():
        raise ModelNotFoundError(f"model `{name}` not found locally and the Hub is unreachable; {TINY_HINT}")
    return {}


@contextlib.contextmanager
def _loading(name_or_path: str | Path, what: str = "model") -> Iterator[None]:
    """Turns the errors ``from_pretrained`` raises for unusable input into one line naming the model.

    transformers raises ``OSError`` for a directory without the files a model needs and ``ValueError`` for a
    config it does not recognise; json raises ``ValueError`` for a malformed ``adapter_config.json``.

    Raises:
        ModelError: ``cannot load WHAT `NAME`: REASON``.
    """
    try:
        yield
    except (OSError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load {what} `{name_or_path}`: {reason}") from exc


def _adapter_base(adapter_dir: Path) -> str:
    """The base model an adapter was trained on, resolved against the adapter directory when it is relative."""
    with _loading(adapter_dir, "adapter"):
        config = json.loads((adapter_dir / ADAPTER_CONFIG).read_text(encoding="utf-8"))
    base = config.get("base_model_name_or_path") if isinstance(config, dict) else None
    if not base:
        raise ModelNotFoundError(f"{adapter_dir / ADAPTER_CONFIG} names no base_model_name_or_path")
    if not Path(base).is_dir() and not Path(base).is_absolute() and (adapter_dir.parent / base).is_dir():
        return str(adapter_dir.parent / base)
    return base


def _dtype(dtype: str | torch.dtype) -> str | torch.dtype:
    if isinstance(dtype, torch.dtype) or dtype == "auto":
        return dtype
    try:
        value = getattr(torch, dtype)
    except AttributeError:
        value = None
    if not isinstance(value, torch.dtype):
        raise UsageError(f"unknown dtype `{dtype}` (use auto, float32, bfloat16 or float16)")
    return value


def load_tokenizer(name_or_path: str | Path, *, trust_remote_code: bool = False) -> PreTrainedTokenizerBase:
    """Loads the tokenizer of a model directory, adapter directory or Hub id.

    A tokenizer without a pad token gets its eos token as pad (Qwen's tokenizers have ``<|endoftext|>``).

    Args:
        name_or_path: local directory or Hub id. An adapter directory without tokenizer files falls back to its base
            model's tokenizer.
        trust_remote_code: allow tokenizer code shipped with a Hub repository.

    Returns:
        The tokenizer, with the chat template the model ships.

    Raises:
        ModelNotFoundError: the model cannot be found and the Hub is unreachable.
        ModelError: the files are there but cannot be loaded (missing weights, unknown architecture).
    """
    path = Path(name_or_path)
    if is_adapter_dir(path) and not any((path / f).is_file() for f in ("tokenizer.json", "tokenizer_config.json")):
        return load_tokenizer(_adapter_base(path), trust_remote_code=trust_remote_code)
    kwargs = _source_kwargs(name_or_path, "tokenizer_config.json")
    kwargs.pop("adapter_kwargs", None)
    with _loading(name_or_path, "tokenizer"):
        tokenizer = AutoTokenizer.from_pretrained(str(name_or_path), trust_remote_code=trust_remote_code, **kwargs)
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_causal_lm(name_or_path: str | Path, *, trust_remote_code: bool = False, dtype: str | torch.dtype = "auto",
                   merge_adapter: bool = False) -> PreTrainedModel:
    """Loads a causal language model (``AutoModelForCausalLM``), or a base model with a LoRA adapter on it.

    Args:
        name_or_path: local model directory, LoRA adapter directory (a ``toolc train sft`` output) or Hub id.
        trust_remote_code: allow model code shipped with a Hub repository.
        dtype: ``"auto"`` (the checkpoint's dtype), ``"float32"``, ``"bfloat16"``, ``"float16"`` or a
            ``torch.dtype``.
        merge_adapter: for an adapter directory, merge the LoRA weights into the base (``merge_and_unload``) and
            return a plain model.

    Returns:
        The model in eval mode on CPU (``peft.PeftModel`` for an adapter directory unless merged).

    Raises:
        ModelNotFoundError: the model cannot be found and the Hub is unreachable.
        ModelError: the files are there but cannot be loaded (missing weights, unknown architecture).
    """
    path = Path(name_or_path)
    if is_adapter_dir(path) and not (path / "config.json").is_file():
        from peft import PeftModel

        base = load_causal_lm(_adapter_base(path), trust_remote_code=trust_remote_code, dtype=dtype)
        with _loading(path, "adapter"):
            model = PeftModel.from_pretrained(base, str(path))
        model = model.merge_and_unload() if merge_adapter else model
        return model.eval()
    kwargs = _source_kwargs(name_or_path)
    torch_dtype = _dtype(dtype)
    with _loading(name_or_path):
        model = AutoModelForCausalLM.from_pretrained(
            str(name_or_path), trust_remote_code=trust_remote_code, dtype=torch_dtype, **kwargs
        )
    return model.eval()


def load_reward_model(name_or_path: str | Path, *, trust_remote_code: bool = False,
                      dtype: str | torch.dtype = "auto", pad_token_id: int | None = None,
                      merge_adapter: bool = False) -> PreTrainedModel:
    """Loads a reward model: ``AutoModelForSequenceClassification`` with one output (the scalar reward).

    A causal LM checkpoint gets a freshly initialised ``score`` head (what ``toolc train rm`` starts from); a
    ``toolc train rm`` output (adapter directory with the trained head in ``modules_to_save``) is loaded onto its
    base.

    Args:
        name_or_path: local directory, reward adapter directory or Hub id.
        trust_remote_code: allow model code shipped with a Hub repository.
        dtype: as for :func:`load_causal_lm`.
        pad_token_id: the pad id the head uses to find each sequence's last token; default: the tokenizer's pad id.
        merge_adapter: merge a reward adapter into its base.

    Returns:
        The model in eval mode, ``config.num_labels == 1`` and ``config.pad_token_id`` set.

    Raises:
        ModelNotFoundError: the model cannot be found and the Hub is unreachable.
        ModelError: the files are there but cannot be loaded (missing weights, unknown architecture).
    """
    path = Path(name_or_path)
    if pad_token_id is None:
        pad_token_id = load_tokenizer(name_or_path, trust_remote_code=trust_remote_code).pad_token_id
    if is_adapter_dir(path) and not (path / "config.json").is_file():
        from peft import PeftModel

        base = load_reward_model(_adapter_base(path), trust_remote_code=trust_remote_code, dtype=dtype,
                                 pad_token_id=pad_token_id)
        with _loading(path, "adapter"):
            model = PeftModel.from_pretrained(base, str(path))
        model = model.merge_and_unload() if merge_adapter else model
        return model.eval()
    kwargs = _source_kwargs(name_or_path)
    torch_dtype = _dtype(dtype)
    with _loading(name_or_path):
        model = AutoModelForSequenceClassification.from_pretrained(
            str(name_or_path), trust_remote_code=trust_remote_code, dtype=torch_dtype, num_labels=1,
            pad_token_id=pad_token_id, **kwargs,
        )
    model.config.pad_token_id = pad_token_id
    return model.eval()
