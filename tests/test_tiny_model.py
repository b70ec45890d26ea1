"""Tiny Qwen3 model builder (train.tiny) and model loading (train.model): tokenizer, template, determinism, errors."""

import time

import pytest


from tests.train_fixtures import TOOLS, make_dataset_dir, render_qwen, tiny_model
from toolc.cli import main as toolc_main
from toolc.train import model as model_mod
from toolc.train.data import iter_corpus, load_sft
from toolc.train.model import ModelNotFoundError, load_causal_lm, load_reward_model, load_tokenizer
from toolc.train.tiny import PRETOKENIZERS, QWEN3_ADDED_TOKENS, build_tiny_model, corpus_stats, main

pytestmark = pytest.mark.training


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    data = make_dataset_dir(root)
    return data, tiny_model(root, data_dir=data)


@pytest.fixture(scope="module", params=PRETOKENIZERS)
def each_pretokenizer(request, tmp_path_factory, built):
    data, _ = built
    out = tmp_path_factory.mktemp(f"tiny-{request.param}")
    path = build_tiny_model(iter_corpus(data), out, vocab_size=700, hidden_size=32, layers=1, heads=2, kv_heads=1,
                            pretokenizer=request.param)
    return request.param, data, path


def test_loads_back_as_qwen3(built):
    _, path = built
    tok, lm = load_tokenizer(path), load_causal_lm(path)
    assert lm.config.model_type == "qwen3"
    assert type(lm).__name__ == "Qwen3ForCausalLM"
    assert lm.config.vocab_size == len(tok)
    assert tok.eos_token == "<|im_end|>" and tok.pad_token == "<|endoftext|>"
    assert tok.bos_token is None
    assert lm.config.eos_token_id == tok.eos_token_id
    assert tok.eos_token_id in lm.generation_config.eos_token_id
    assert sum(p.numel() for p in lm.parameters()) < 500_000


def test_special_tokens_are_single_tokens_in_qwen3_order(each_pretokenizer):
    kind, _, path = each_pretokenizer
    tok = load_tokenizer(path)
    assert type(tok).__name__ == {"qwen": "Qwen2Tokenizer", "chars": "TokenizersBackend", "words": "TokenizersBackend"}[kind]
    ids = [tok.convert_tokens_to_ids(t) for t, _ in QWEN3_ADDED_TOKENS]
    assert ids == list(range(ids[0], ids[0] + len(QWEN3_ADDED_TOKENS)))  # contiguous, Qwen3's order
    for token, special in QWEN3_ADDED_TOKENS:
        token_id = tok.convert_tokens_to_ids(token)
        assert tok.encode(token, add_special_tokens=False) == [token_id]
        assert tok.encode(f"x{token}y", add_special_tokens=False).count(token_id) == 1
        assert tok.decode([token_id]) == token
        # special tokens vanish with skip_special_tokens; tool/think markers stay for the response parser
        assert (tok.decode([token_id], skip_special_tokens=True) == "") == special


def test_text_round_trips(each_pretokenizer):
    _, data, path = each_pretokenizer
    tok = load_tokenizer(path)
    for text in list(iter_corpus(data))[:12] + ["未见过的字：龘靐 and émoji 🙂"]:
        assert tok.decode(tok.encode(text, add_special_tokens=False)) == text


def test_chars_pretokenizer_gives_shorter_sequences_and_single_han_chars(tmp_path, built):
    data, _ = built
    corpus = list(iter_corpus(data))
    mean = {}
    for kind in PRETOKENIZERS:
        path = build_tiny_model(corpus, tmp_path / kind, vocab_size=2000, hidden_size=32, layers=1, heads=2,
                                kv_heads=1, pretokenizer=kind)
        mean[kind] = corpus_stats(load_tokenizer(path), corpus)["mean"]
    assert mean["chars"] < 0.8 * mean["qwen"]
    tok = load_tokenizer(tmp_path / "chars")
    for text in ("查一下的天气怎么样", "2025-04-24"):  # Han characters and digits never merge with neighbours
        pieces = [tok.decode([i]) for i in tok.encode(text, add_special_tokens=False)]
        assert "".join(pieces) == text and all(len(p) <= 1 or p.isascii() and not any(c.isdigit() for c in p)
                                                for p in pieces)


def _value_ids(tok, text: str, value: str, after: int = 0) -> list[int] | None:
    """Token ids covering the first occurrence of ``value`` in ``text`` at or after ``after``, or ``None`` when a
    token crosses the value's edge (the value is then no token span of its own)."""
    start = text.index(value, after)
    end = start + len(value)
    enc = tok(text, add_special_tokens=False, return_offsets_mapping=True)
    spans = list(zip(enc["input_ids"], enc["offset_mapping"]))
    if any(a < start < b or a < end < b for _, (a, b) in spans):
        return None
    return [i for i, (a, b) in spans if start <= a and b <= end and b > a]


def test_words_pretokenizer_tokenizes_a_value_the_same_in_the_user_turn_and_the_call(tmp_path, built):
    data, _ = built
    path = build_tiny_model(iter_corpus(data), tmp_path / "words", vocab_size=700, hidden_size=32, layers=1, heads=2,
                            kv_heads=1, pretokenizer="words")
    tok = load_tokenizer(path)
    checked = 0
    for row in load_sft(data, "train"):
        text = tok.apply_chat_template(row["messages"], tools=row["tools"] or None, tokenize=False)
        user = next(m["content"] for m in row["messages"] if m["role"] == "user")
        first_call = text.index("<tool_call>\n{")
        for message in row["messages"]:
            for call in message.get("tool_calls") or []:
                for value in call["function"]["arguments"].values():
                    if isinstance(value, str) and value in user:
                        in_user = _value_ids(tok, text, value, text.index(user))
                        assert in_user and _value_ids(tok, text, value, first_call) == in_user, value
                        checked += 1
    assert checked >= 10
    # values the tokenizer never saw: a Latin word after a space, Han characters, an e-mail address, a path
    for value in ("Zhytomyr", "鹤岗", "qiu.lan@example.net", "./data/orders_2025.csv"):
        text = tok.apply_chat_template(
            [{"role": "user", "content": f"Check {value} tomorrow, please"},
             {"role": "assistant", "content": "", "tool_calls": [
                 {"type": "function", "function": {"name": "get_weather", "arguments": {"city": value}}}]}],
            tools=[TOOLS["get_weather"]], tokenize=False)
        in_user = _value_ids(tok, text, value, text.index("Check"))
        assert in_user and _value_ids(tok, text, value, text.index('"city": "')) == in_user, value


def test_chat_template_is_trl_qwen3_and_renders_identically(each_pretokenizer):
    from trl.chat_template_utils import (
        get_training_chat_template,
        qwen3_chat_template,
        qwen3_training_chat_template,
    )

    _, data, path = each_pretokenizer
    tok = load_tokenizer(path)
    assert tok.chat_template == qwen3_chat_template
    # TRL recognises it, so assistant-only loss gets the generation-tagged training variant
    assert get_training_chat_template(tok) == qwen3_training_chat_template
    ds = load_sft(data, "train")
    for row in ds.select(range(6)):
        mine = tok.apply_chat_template(row["messages"], tools=row["tools"] or None, tokenize=False)
        assert mine == render_qwen(row["messages"], row["tools"])
    gen = tok.apply_chat_template([{"role": "user", "content": "hi"}], tools=[TOOLS["get_weather"]],
                                  tokenize=False, add_generation_prompt=True)
    assert gen.endswith("<|im_start|>assistant\n") and '"name": "get_weather"' in gen


def test_build_is_deterministic(tmp_path, built):
    data, _ = built
    corpus = list(iter_corpus(data))
    kwargs = {"vocab_size": 500, "hidden_size": 32, "layers": 1, "heads": 2, "kv_heads": 1, "seed": 3}
    a = build_tiny_model(corpus, tmp_path / "a", **kwargs)
    b = build_tiny_model(corpus, tmp_path / "b", **kwargs)
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir())
    assert "model.safetensors" in files and "tokenizer.json" in files
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    c = build_tiny_model(corpus, tmp_path / "c", **{**kwargs, "seed": 4})
    assert (c / "model.safetensors").read_bytes() != (a / "model.safetensors").read_bytes()


def test_cli(tmp_path, capsys, built):
    data, _ = built
    out = tmp_path / "m"
    assert main(["--data", str(data), "-o", str(out), "--vocab-size", "450", "--hidden-size", "32",
                 "--layers", "1", "--heads", "2", "--kv-heads", "1"]) == 0
    printed = capsys.readouterr().out
    assert "parameters:" in printed and "vocabulary:" in printed
    assert load_causal_lm(out).config.num_hidden_layers == 1
    assert toolc_main(["model", "tiny", "--data", str(tmp_path / "missing"), "-o", str(out)]) == 2
    assert "toolc build" in capsys.readouterr().err


def test_corpus_falls_back_to_openai_rows(tmp_path):
    data = make_dataset_dir(tmp_path)
    qwen = list(iter_corpus(data))
    for f in (data / "sft" / "qwen").iterdir():
        f.unlink()
    (data / "sft" / "qwen").rmdir()
    assert list(iter_corpus(data)) == qwen


def test_reward_model_head(built):
    _, path = built
    tok = load_tokenizer(path)
    rm = load_reward_model(path)
    assert rm.config.num_labels == 1 and rm.config.pad_token_id == tok.pad_token_id
    out = rm(**tok(["<|im_start|>user\nhi<|im_end|>\n"], return_tensors="pt"))
    assert tuple(out.logits.shape) == (1, 1)


def test_missing_hub_model_fails_fast_with_one_line(monkeypatch):
    monkeypatch.setattr(model_mod, "hub_reachable", lambda timeout=3.0: False)
    start = time.perf_counter()
    with pytest.raises(ModelNotFoundError) as err:
        load_causal_lm("toolc-test-org/not-a-cached-model")
    assert time.perf_counter() - start < 5
    message = str(err.value)
    assert "\n" not in message
    assert "not found locally and the Hub is unreachable" in message and "toolc model tiny" in message
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        load_tokenizer("./no/such/dir/x")
