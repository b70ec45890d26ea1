"""Training stage, tiny model: a compiled dataset's chat text -> a small random-init Qwen3 model + BPE tokenizer dir.

The model is Qwen3's architecture (``transformers.Qwen3Config`` / ``Qwen3ForCausalLM``) at toy size, so every
code path that serves ``Qwen/Qwen3-0.6B`` (chat template, tool-call parsing, LoRA target modules, TRL's training
template swap) runs unchanged on a CPU in minutes. Its tokenizer is a byte-level BPE trained with the
``tokenizers`` library on the dataset's own Qwen-format text, with Qwen3's 26 added tokens in Qwen3's order and
Qwen3's chat template (``trl.chat_template_utils.qwen3_chat_template``, byte-identical to the Hub's, so TRL
recognises it). The default ``chars`` pre-tokenization keeps Han characters and digits one token each and lets
merges run freely elsewhere (~3x shorter sequences on the demo corpus, so ~3x faster CPU training); ``qwen``
uses Qwen2/3's own split regex and saves a ``Qwen2Tokenizer`` like ``Qwen/Qwen3-0.6B``'s.

CLI: ``toolc model tiny --data DIR -o models/tiny [--vocab-size N --hidden-size N --layers N ...]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import torch
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
from transformers import (
    GenerationConfig,
    PreTrainedTokenizerBase,
    PreTrainedTokenizerFast,
    Qwen3Config,
    Qwen3ForCausalLM,
)
from transformers.models.qwen2.tokenization_qwen2 import PRETOKENIZE_REGEX, Qwen2Tokenizer
from trl.chat_template_utils import qwen3_chat_template

from toolc.compiler.families import Family
from toolc.compiler.families.qwen import QWEN3_ADDED_TOKENS  # Qwen3's 26 added tokens, in id order
from toolc.errors import DataError, UsageError, on_path

EOS_TOKEN = "<|im_end|>"
PAD_TOKEN = "<|endoftext|>"

#: Defaults of ``toolc model tiny`` (docs/training.md, "The tiny model"): on the earlier 2-tool `demo` build of
#: specs/main.tool they give 1.02M parameters and full SFT at ~5k tokens/s on one busy CPU core; 8 heads of width 16
#: rather than 4 of 32 (same parameters) gave 80.6% vs 76.2% held-out exact calls there after 16 epochs.
#: ``toolc demo`` sets its own sizes (train.demo.PROFILES: vocabulary 8 192 for the whole product).
DEFAULT_VOCAB_SIZE = 2048
DEFAULT_HIDDEN_SIZE = 128
DEFAULT_LAYERS = 4
DEFAULT_HEADS = 8
DEFAULT_KV_HEADS = 4
DEFAULT_MAX_POSITIONS = 4096
#: Pre-tokenizations :func:`train_tokenizer` offers (see there).
PRETOKENIZERS: tuple[str, ...] = ("chars", "words", "qwen")
DEFAULT_PRETOKENIZER = "chars"
#: The ``chars`` pre-tokenizer's split: every Han character and every digit is a piece of its own.
CHARS_SPLIT_REGEX = r"\p{Han}|\p{N}"
#: The ``words`` pre-tokenizer's split (oniguruma syntax, alternatives tried in order). Pieces: the fixed parts of
#: Qwen3's tool block (``# Tools`` up to the first tool, each tool's JSON line, ``</tools>`` to the next tag), so
#: BPE merges the tool list -- the same text in every row -- into few tokens; a JSON key with its ``": "``
#: (``"city": "``); every Han character; every digit; a run of letters (a word). What is left between pieces
#: (spaces, punctuation) is a piece of its own.
WORDS_SPLIT_REGEX = (r'# Tools\n\n[^{]*|\{"type": "function".*|</tools>[^<]*|"[\p{L}\p{N}_]+": "?|\p{Han}|\p{N}'
                     r'|[\p{L}\p{M}&&[^\p{Han}]]+')

def train_tokenizer(corpus_texts: Iterable[str], *, vocab_size: int = DEFAULT_VOCAB_SIZE,
                    pretokenizer: str = DEFAULT_PRETOKENIZER, min_frequency: int = 2,
                    model_max_length: int = DEFAULT_MAX_POSITIONS, family: Family | None = None
                    ) -> PreTrainedTokenizerBase:
    """Trains a byte-level BPE tokenizer with Qwen3's added tokens (or a model family's) on chat-template text.

    The added-token strings are cut out of the corpus before training so no merge spans ``<|im_start|>`` and
    friends; they are added afterwards as single tokens with ids right after the BPE vocabulary.

    Args:
        corpus_texts: rendered conversations (Qwen chat template text).
        vocab_size: target total vocabulary size including the 26 added tokens; the BPE trainer stops earlier when
            the corpus has no more pairs seen ``min_frequency`` times.
        pretokenizer: ``"chars"`` (default): every Han character and every digit is its own piece (so at most one
            token), and merges run freely across the rest (English, JSON, markup), so the tool schemas repeated in
            every system prompt shrink to a few tokens; saved as a generic ``tokenizers`` tokenizer. On the demo
            corpus sequences are ~3x shorter than with ``"qwen"`` (so CPU training, evaluation and RL generation
            are ~3x faster) at about the same held-out accuracy of a model trained from scratch; keeping Han
            characters apart stops BPE from turning whole template phrases into single tokens, which a model
            then memorizes instead of generalizing.
            ``"qwen"``: Qwen2/3's own pipeline (NFC, the Qwen split regex, byte-level), saved as a
            ``Qwen2Tokenizer`` exactly like ``Qwen/Qwen3-0.6B``'s.
        min_frequency: minimum pair count for a merge.
        model_max_length: the tokenizer's ``model_max_length``.
        family: a model family (``compiler.families``) whose special tokens, bos/eos/pad and chat template the
            tokenizer gets instead of Qwen3's (its call markers stay non-special, so decoding keeps them); saved as a
            generic ``tokenizers`` tokenizer with either pre-tokenization.

    Returns:
        A ``transformers`` tokenizer with eos ``<|im_end|>``, pad ``<|endoftext|>``, no bos/unk, and Qwen3's chat
        template (or the family's tokens and template).

    Raises:
        UsageError: ``vocab_size`` leaves no room for merges (must exceed 256 bytes + 26 added tokens), or an unknown
            ``pretokenizer``.
    """
    if family is None:
        added_tokens, template = QWEN3_ADDED_TOKENS, qwen3_chat_template
        bos, eos, pad = None, EOS_TOKEN, PAD_TOKEN
    else:
        added_tokens = tuple((t, t not in family.call_markers) for t in family.special_tokens)
        template = family.chat_template()
        bos, eos, pad = family.bos_token, family.eos_token, family.pad_token or family.eos_token
    added_re = re.compile("|".join(re.escape(t) for t, _ in added_tokens))
    n_added = len(added_tokens)
    if vocab_size <= 256 + n_added:
        raise UsageError(f"--vocab-size must be > {256 + n_added} (256 bytes + {n_added} added tokens), got {vocab_size}")
    if pretokenizer not in PRETOKENIZERS:
        raise UsageError(f"pretokenizer must be one of {', '.join(PRETOKENIZERS)}, got {pretokenizer!r}")
    bpe = Tokenizer(models.BPE(unk_token=None, continuing_subword_prefix="", end_of_word_suffix="",
                               fuse_unk=False, byte_fallback=False))
    bpe.normalizer = normalizers.NFC()
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    regex = {"qwen": PRETOKENIZE_REGEX, "chars": CHARS_SPLIT_REGEX, "words": WORDS_SPLIT_REGEX}[pretokenizer]
    split = pre_tokenizers.Split(Regex(regex), behavior="isolated", invert=False)
    bpe.pre_tokenizer = pre_tokenizers.Sequence([split, byte_level])
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size - n_added,
        min_frequency=min_frequency,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        special_tokens=[],
        show_progress=False,
    )
    pieces = (piece for text in corpus_texts for piece in added_re.split(text) if piece)
    bpe.train_from_iterator(pieces, trainer)
    common = {
        "unk_token": None,
        "bos_token": bos,
        "eos_token": eos,
        "pad_token": pad,
        "clean_up_tokenization_spaces": False,
        "split_special_tokens": False,
        "model_max_length": model_max_length,
    }
    if pretokenizer == "qwen" and family is None:
        model = json.loads(bpe.to_str())["model"]
        base = len(model["vocab"])
        added = {
            base + i: AddedToken(tok, special=special, normalized=False, lstrip=False, rstrip=False,
                                 single_word=False)
            for i, (tok, special) in enumerate(QWEN3_ADDED_TOKENS)
        }
        tokenizer = Qwen2Tokenizer(
            vocab=model["vocab"],
            merges=[tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in model["merges"]],
            added_tokens_decoder=added,
            errors="replace",
            **common,
        )
    else:
        for tok, special in added_tokens:  # one at a time: ids follow Qwen3's (the family's) order
            token = AddedToken(tok, special=special, normalized=False, lstrip=False, rstrip=False, single_word=False)
            (bpe.add_special_tokens if special else bpe.add_tokens)([token])
        tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, **common)
    tokenizer.chat_template = template
    return tokenizer


def tiny_config(tokenizer: PreTrainedTokenizerBase, *, hidden_size: int = DEFAULT_HIDDEN_SIZE,
                layers: int = DEFAULT_LAYERS, heads: int = DEFAULT_HEADS, kv_heads: int = DEFAULT_KV_HEADS,
                intermediate_size: int | None = None,
                max_position_embeddings: int = DEFAULT_MAX_POSITIONS) -> Qwen3Config:
    """A Qwen3 configuration sized for CPU, with the tokenizer's vocabulary and token ids.

    Args:
        tokenizer: the tokenizer from :func:`train_tokenizer`; ``vocab_size = len(tokenizer)``.
        hidden_size: model width; must be divisible by ``heads``.
        layers: number of decoder layers.
        heads: attention heads (``head_dim = hidden_size // heads``).
        kv_heads: key/value heads (grouped-query attention, as in Qwen3); must divide ``heads``.
        intermediate_size: MLP width; default ``3 * hidden_size`` (Qwen3-0.6B uses 3072 for 1024).
        max_position_embeddings: longest sequence the RoPE table is sized for.

    Returns:
        The configuration (float32, tied input/output embeddings like Qwen3-0.6B, RoPE theta 1e6).

    Raises:
        UsageError: inconsistent head counts.
    """
    if hidden_size % heads or heads % kv_heads:
        raise UsageError(f"--hidden-size ({hidden_size}) must be divisible by --heads ({heads}), "
                         f"and --heads by --kv-heads ({kv_heads})")
    return Qwen3Config(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=intermediate_size or 3 * hidden_size,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=kv_heads,
        head_dim=hidden_size // heads,
        max_position_embeddings=max_position_embeddings,
        max_window_layers=layers,
        rope_parameters={"rope_type": "default", "rope_theta": 1_000_000.0},
        tie_word_embeddings=True,
        bos_token_id=tokenizer.convert_tokens_to_ids(PAD_TOKEN),
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        dtype="float32",
    )


def build_tiny_model(corpus_texts: Iterable[str], out_dir: str | Path, *, vocab_size: int = DEFAULT_VOCAB_SIZE,
                     hidden_size: int = DEFAULT_HIDDEN_SIZE, layers: int = DEFAULT_LAYERS, heads: int = DEFAULT_HEADS,
                     kv_heads: int = DEFAULT_KV_HEADS, intermediate_size: int | None = None,
                     max_position_embeddings: int = DEFAULT_MAX_POSITIONS, seed: int = 0,
                     pretokenizer: str = DEFAULT_PRETOKENIZER) -> Path:
    """Builds and saves a random-init Qwen3 model with a tokenizer trained on ``corpus_texts``.

    Same corpus, sizes and seed give byte-identical files.

    Args:
        corpus_texts: rendered conversations (the ``text`` column of ``sft/qwen/train.jsonl``).
        out_dir: output directory (created; existing model files are overwritten).
        vocab_size: target vocabulary size including Qwen3's 26 added tokens.
        hidden_size: model width.
        layers: decoder layers.
        heads: attention heads.
        kv_heads: key/value heads.
        intermediate_size: MLP width (default ``3 * hidden_size``).
        max_position_embeddings: RoPE table length.
        seed: ``torch`` seed for the weight initialisation.
        pretokenizer: ``"chars"`` or ``"qwen"`` (see :func:`train_tokenizer`).

    Returns:
        ``out_dir`` as a ``Path``; ``transformers.AutoTokenizer`` / ``AutoModelForCausalLM`` load it (see
        :func:`train.model.load_causal_lm`).

    Raises:
        DataError: empty corpus.
        UsageError: inconsistent sizes.
        InputError: ``out_dir`` cannot be written.
    """
    texts = list(corpus_texts)
    if not texts:
        raise DataError("the tokenizer corpus is empty (no SFT rows)")
    tokenizer = train_tokenizer(texts, vocab_size=vocab_size, pretokenizer=pretokenizer,
                                model_max_length=max_position_embeddings)
    config = tiny_config(tokenizer, hidden_size=hidden_size, layers=layers, heads=heads, kv_heads=kv_heads,
                         intermediate_size=intermediate_size, max_position_embeddings=max_position_embeddings)
    torch.manual_seed(seed)
    model = Qwen3ForCausalLM(config)
    model.generation_config = GenerationConfig(
        bos_token_id=config.bos_token_id,
        eos_token_id=[tokenizer.eos_token_id, tokenizer.pad_token_id],
        pad_token_id=tokenizer.pad_token_id,
        do_sample=False,
    )
    out = Path(out_dir)
    with on_path(out, "write the model"):
        out.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(out)
        tokenizer.save_pretrained(out)
    return out


def corpus_stats(tokenizer: PreTrainedTokenizerBase, texts: Sequence[str]) -> dict[str, float]:
    """Token counts of the corpus under ``tokenizer``.

    Args:
        tokenizer: a trained tokenizer.
        texts: rendered conversations.

    Returns:
        ``{"rows", "tokens", "mean", "p95", "max"}`` (tokens per conversation).
    """
    lengths = sorted(len(ids) for ids in tokenizer(list(texts), add_special_tokens=False)["input_ids"])
    return {
        "rows": len(lengths),
        "tokens": sum(lengths),
        "mean": round(statistics.fmean(lengths), 1),
        "p95": lengths[min(len(lengths) - 1, int(0.95 * len(lengths)))],
        "max": lengths[-1],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``toolc model tiny``: builds the tiny model from a compiled dataset's SFT text.

    Args:
        argv: arguments after ``toolc model tiny`` (``None``: ``sys.argv[1:]``).

    Returns:
        Exit status 0.

    Raises:
        ToolcError: a bad dataset directory, sizes or output directory (the command line prints it).
    """
    from toolc.train.data import iter_corpus

    parser = argparse.ArgumentParser(
        prog="toolc model tiny",
        description="Build a small random-init Qwen3 model whose BPE tokenizer is trained on a compiled dataset.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--data", required=True, help="compiled dataset directory (toolc build -o DIR)")
    parser.add_argument("-o", "--output", default="models/tiny", help="output model directory")
    parser.add_argument("--vocab-size", type=int, default=DEFAULT_VOCAB_SIZE,
                        help="vocabulary size including Qwen3's 26 added tokens")
    parser.add_argument("--hidden-size", type=int, default=DEFAULT_HIDDEN_SIZE, help="model width")
    parser.add_argument("--layers", type=int, default=DEFAULT_LAYERS, help="decoder layers")
    parser.add_argument("--heads", type=int, default=DEFAULT_HEADS, help="attention heads")
    parser.add_argument("--kv-heads", type=int, default=DEFAULT_KV_HEADS, help="key/value heads (GQA)")
    parser.add_argument("--intermediate-size", type=int, default=None, help="MLP width (default 3 x hidden size)")
    parser.add_argument("--max-positions", type=int, default=DEFAULT_MAX_POSITIONS, help="longest sequence (tokens)")
    parser.add_argument("--seed", type=int, default=0, help="weight initialisation seed")
    parser.add_argument("--pretokenizer", choices=PRETOKENIZERS, default=DEFAULT_PRETOKENIZER,
                        help="chars: Han characters and digits one token each, free merges elsewhere (short "
                        "sequences, fast CPU training); qwen: Qwen3's own split regex, saved as a Qwen2Tokenizer")
    args = parser.parse_args(argv)
    texts = list(iter_corpus(args.data, "train"))
    out = build_tiny_model(
        texts, args.output, vocab_size=args.vocab_size, hidden_size=args.hidden_size, layers=args.layers,
        heads=args.heads, kv_heads=args.kv_heads, intermediate_size=args.intermediate_size,
        max_position_embeddings=args.max_positions, seed=args.seed, pretokenizer=args.pretokenizer,
    )
    from toolc.train.model import load_causal_lm, load_tokenizer

    tokenizer = load_tokenizer(out)
    model = load_causal_lm(out)
    stats = corpus_stats(tokenizer, texts)
    params = sum(p.numel() for p in model.parameters())
    print(f"tiny model -> {out}")
    print(f"  parameters: {params:,} ({model.config.num_hidden_layers} layers x {model.config.hidden_size} wide)")
    print(f"  vocabulary: {len(tokenizer):,} tokens (eos {tokenizer.eos_token}, pad {tokenizer.pad_token})")
    print(f"  corpus: {stats['rows']} conversations, {stats['tokens']:,} tokens "
          f"(mean {stats['mean']}, p95 {stats['p95']}, max {stats['max']} per conversation)")
    return 0


if __name__ == "__main__":  # `python -m` gets the error handling of `toolc model tiny`
    from toolc.cli import main as toolc_main

    sys.exit(toolc_main(["model", "tiny", *sys.argv[1:]]))
