"""End-to-end builds of tests/data/mini.tool: files, formats, schema validity, determinism, atomicity."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from toolc.compiler.build import BuildError, build
from toolc.compiler.checker import check_calls, gold_from_call, parse_tool_calls, validate_call
from toolc.compiler.record import ToolCall
from toolc.vocab import FORMATS, PERTURBATIONS

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini.tool"
TODAY = dt.date(2025, 4, 23)


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("b") / "out"
    manifest = build([MINI], out, today=TODAY, progress=False)
    return out, manifest


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_kind_format_and_split_is_written_and_loads(built):
    from datasets import load_dataset

    out, m = built
    for kind in ("sft", "rm", "ppo"):
        for fmt in m["formats"]:
            for split in ("train", "test"):
                for ext, loader in (("jsonl", "json"), ("parquet", "parquet")):
                    p = out / kind / fmt / f"{split}.{ext}"
                    assert p.is_file(), p
                ds = load_dataset("json", data_files=str(out / kind / fmt / f"{split}.jsonl"), split="train")
                pq = load_dataset("parquet", data_files=str(out / kind / fmt / f"{split}.parquet"), split="train")
                assert len(ds) == len(pq) == m["rows"][kind][split], (kind, fmt, split)
    assert tuple(m["formats"]) == FORMATS[:5]
    assert m["rows"]["sft"]["train"] + m["rows"]["sft"]["test"] == 300
    assert m["rows"]["ppo"]["train"] + m["rows"]["ppo"]["test"] == 100


def test_manifest_records_plan_and_counts(built):
    out, m = built
    assert m["dataset"] == "mini" and m["seed"] == 7 and m["today"] == "2025-04-23"
    assert set(m["scenarios"]) == {"weather.single", "weather.vague", "weather.compare", "trip.plan",
                                   "money.convert", "smalltalk"}
    assert m["tools"]["get_weather"] > 0 and m["tools"]["search_restaurants"] > 0
    # labels are drawn by the FC-RewardBench mix (compiler/perturb.py): the frequent ones show up in 200 rows
    assert {"value", "tool", "missing", "no_call", "spurious_call"} <= set(m["perturbations"]), m["perturbations"]
    assert set(m["perturbations"]) <= set(m["perturbations_requested"]) <= set(PERTURBATIONS)
    assert all(len(h["sha256"]) == 64 for h in m["specs"].values())
    assert m["turns"]["clarify"] > 0 and m["turns"]["none"] > 0 and m["turns"]["call"] > 0


def test_every_call_is_valid_against_its_tool_schema(built):
    out, _ = built
    n = 0
    for split in ("train", "test"):
        for row in _rows(out / "sft" / "openai" / f"{split}.jsonl"):
            tools = {t["function"]["name"]: t for t in row["tools"]}
            for msg in row["messages"]:
                for tc in msg.get("tool_calls") or []:
                    call = ToolCall(tc["function"]["name"], tc["function"]["arguments"])
                    assert validate_call(call, tools[call.name]) == [], (call, row["id"])
                    n += 1
    assert n > 300


def test_rm_rejected_is_really_wrong_and_labelled(built):
    out, _ = built
    rows = _rows(out / "rm" / "openai" / "train.jsonl")
    assert {r["perturbation"] for r in rows} <= set(PERTURBATIONS)
    for r in rows:
        tools = r["tools"]
        by_name = {t["function"]["name"]: t for t in tools}
        chosen, rejected = r["chosen"][0], r["rejected"][0]
        assert chosen != rejected
        gold = [gold_from_call(ToolCall(tc["function"]["name"], tc["function"]["arguments"]),
                               by_name[tc["function"]["name"]]) for tc in chosen.get("tool_calls") or []]
        pred_calls = rejected.get("tool_calls") or []
        if r["perturbation"] == "format":
            assert not parse_tool_calls(rejected["content"]).format_ok
        elif gold and pred_calls:
            pred = [ToolCall(tc["function"]["name"], tc["function"]["arguments"]) for tc in pred_calls]
            assert not check_calls(pred, gold, tools).ok, r
        else:
            assert bool(gold) != bool(pred_calls), r  # no_call / spurious_call


def test_ppo_rows_carry_ground_truth_and_expectation(built):
    out, _ = built
    rows = _rows(out / "ppo" / "openai" / "train.jsonl")
    assert {r["expect"] for r in rows} == {"call", "clarify", "none"}
    for r in rows:
        gt = json.loads(r["ground_truth"])
        assert gt["expect"] == r["expect"] and gt["no_call"] == (r["expect"] != "call")
        assert (r["expect"] == "call") == bool(gt.get("calls"))
        assert r["prompt"][-1]["role"] in ("user", "tool")
        if r["expect"] == "clarify":  # names the parameter it asks for, with the words that name it
            assert gt["missing"] and all(m["name"] and m["words"] for m in gt["missing"])


def test_test_split_uses_held_out_templates_only(built):
    out, _ = built
    def firsts(split):  # (scenario, first user template) pairs
        return {(r["scenario"], r["template"].split("+")[0]) for r in _rows(out / "sft" / "openai" / f"{split}.jsonl")}
    train, test = firsts("train"), firsts("test")
    # every scenario of mini.tool has >= 2 alternatives in its first user step: test ones never appear in train
    assert test and not (train & test), train & test


def test_held_out_slot_values_do_not_leak_into_train(built):
    out, _ = built
    def cities(path):
        vals = set()
        for r in _rows(path):
            for m in r["messages"]:
                for tc in m.get("tool_calls") or []:
                    args = tc["function"]["arguments"]
                    if tc["function"]["name"] == "get_weather":
                        vals.add(args["city"])
        return vals
    train, test = cities(out / "sft" / "openai" / "train.jsonl"), cities(out / "sft" / "openai" / "test.jsonl")
    assert test and train and not (train & test)


def test_same_inputs_give_byte_identical_files(tmp_path, built):
    out, _ = built
    again = tmp_path / "again"
    build([MINI], again, today=TODAY, progress=False)
    assert _tree_digest(out) == _tree_digest(again)


def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """The build turns automatic collection off while it makes rows (compiler.generate.gc_for_rows); a program
    that builds in-process gets the collector back as it was, also when the build is interrupted."""
    import gc

    from toolc.compiler.generate import gc_for_rows

    before = gc.get_threshold()
    gc.set_threshold(500, 5, 5)
    try:
        build([MINI], tmp_path / "a", today=TODAY, formats=["openai"], progress=False)
        assert gc.get_threshold() == (500, 5, 5) and gc.isenabled()
        with pytest.raises(KeyboardInterrupt), gc_for_rows():
            assert not gc.isenabled()
            raise KeyboardInterrupt
        assert gc.get_threshold() == (500, 5, 5) and gc.isenabled()
        gc.disable()  # a caller that turned it off itself keeps it off
        with gc_for_rows():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.set_threshold(*before)


def test_cyclic_garbage_made_with_rows_is_collected_every_so_many_rows():
    """With automatic collection off, rows_made collects the young generations every ROWS_PER_COLLECTION rows:
    a user simulator that makes reference cycles leaves at most that many rows' worth behind."""
    import gc
    import weakref

    from toolc.compiler import generate

    class Node:
        pass

    def cycle():
        a, b = Node(), Node()
        a.other, b.other = b, a
        return weakref.ref(a)

    with generate.gc_for_rows():
        ref = cycle()
        generate.rows_made(generate.ROWS_PER_COLLECTION - 1)
        assert ref() is not None  # not yet: nothing collects it automatically
        generate.rows_made(1)
        assert ref() is None
    assert gc.isenabled()


def test_other_seed_or_date_changes_output(tmp_path, built):
    out, _ = built
    b = tmp_path / "b"
    build([MINI], b, today=TODAY, seed=8, formats=["openai"], progress=False)
    assert (b / "sft/openai/train.jsonl").read_bytes() != (out / "sft/openai/train.jsonl").read_bytes()


def test_adding_a_scenario_leaves_other_scenarios_rows_unchanged(tmp_path):
    base = MINI.read_text(encoding="utf-8").replace("sft 300", "sft 40 each")
    extra = base.replace("dataset mini", """scenario money.extra {
    user "{amount}{cur}换成{cur as to}"
    call convert_currency(amount=amount, from_currency=cur, to_currency=to)
}

dataset mini""")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a/s.tool").write_text(base, encoding="utf-8")
    (tmp_path / "b/s.tool").write_text(extra, encoding="utf-8")
    build([tmp_path / "a/s.tool"], tmp_path / "oa", today=TODAY, formats=["openai"], progress=False)
    build([tmp_path / "b/s.tool"], tmp_path / "ob", today=TODAY, formats=["openai"], progress=False)
    for split in ("train", "test"):
        a = _rows(tmp_path / "oa/sft/openai" / f"{split}.jsonl")
        b = [r for r in _rows(tmp_path / "ob/sft/openai" / f"{split}.jsonl") if r["scenario"] != "money.extra"]
        for r in a + b:
            r.pop("source")  # the spec file path differs between the two trees
        assert a == b


def test_failed_build_leaves_previous_output_intact(tmp_path, built):
    out = tmp_path / "out"
    build([MINI], out, today=TODAY, formats=["openai"], progress=False)
    before = _tree_digest(out)
    bad = tmp_path / "bad.tool"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("call get_weather(city=a)", "call get_wether(city=a)"),
                   encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build([bad], out, today=TODAY, progress=False)
    assert "get_wether" in exc.value.diags.render()
    assert _tree_digest(out) == before
    assert not list(tmp_path.glob(".out.tmp-*"))


def test_unknown_dataset_and_format_are_reported(tmp_path):
    with pytest.raises(BuildError) as exc:
        build([MINI], tmp_path / "o", dataset="mnii", progress=False)
    assert "did you mean `mini`" in exc.value.diags.render()
    with pytest.raises(BuildError) as exc:
        build([MINI], tmp_path / "o", formats=["opneai"], progress=False)
    assert "did you mean `openai`" in exc.value.diags.render()
    assert not (tmp_path / "o").exists()


def _template_messages(messages: list[dict]) -> list[dict]:
    """openai-format messages -> apply_chat_template input (arguments decoded, nulls dropped)."""
    out = []
    for m in messages:
        d = {"role": m["role"], "content": m["content"] or ""}
        if m.get("tool_calls"):
            d["tool_calls"] = [{"type": "function", "function": {"name": c["function"]["name"],
                                "arguments": c["function"]["arguments"]}} for c in m["tool_calls"]]
        if m.get("name"):
            d["name"] = m["name"]
        out.append(d)
    return out


def test_built_qwen_text_equals_apply_chat_template_of_built_openai_rows(built):
    from writer_fixtures import make_qwen_tokenizer

    out, _ = built
    tok = make_qwen_tokenizer("qwen3")
    for split in ("train", "test"):
        openai_rows = _rows(out / "sft" / "openai" / f"{split}.jsonl")
        qwen_rows = _rows(out / "sft" / "qwen" / f"{split}.jsonl")
        assert [r["id"] for r in openai_rows] == [r["id"] for r in qwen_rows]
        for o, q in zip(openai_rows, qwen_rows):
            text = tok.apply_chat_template(_template_messages(o["messages"]), tools=o["tools"],
                                           tokenize=False)
            assert text == q["text"], o["id"]


def test_sft_rows_say_what_each_assistant_turn_does(built):
    out, _ = built
    seen = set()
    for r in _rows(out / "sft" / "openai" / "train.jsonl"):
        expects = json.loads(r["expects"])
        turns = [m for m in r["messages"] if m["role"] == "assistant"]
        assert len(expects) == len(turns)
        for e, m in zip(expects, turns):
            assert (e == "call") == bool(m["tool_calls"])
            seen.add(e)
    assert seen == {"call", "clarify", "none"}


def test_the_collector_stays_off_after_a_build_only_for_a_process_that_ends_with_it(tmp_path, monkeypatch):
    """Cyclic garbage collection is off while rows are made; a build called from a program (or a test) turns it back
    on, the `toolc build` console script leaves it off (its process ends with the build: the collection that followed
    traversed all the build kept, ~0.1 s of the README build, to free what the process's end frees)."""
    import gc

    from toolc import cli

    assert gc.isenabled()
    try:
        build([MINI], tmp_path / "a", today=TODAY, sft=20, rm=0, ppo=0, progress=False, jobs=1)
        assert gc.isenabled()
        build([MINI], tmp_path / "b", today=TODAY, sft=20, rm=0, ppo=0, progress=False, jobs=1, gc_after=False)
        assert not gc.isenabled()
        gc.enable()
        assert cli.main(["build", str(MINI), "-o", str(tmp_path / "c"), "--sft", "20", "--rm", "0", "--ppo", "0",
                         "--today", TODAY.isoformat(), "--no-progress", "--jobs", "1"]) == 0
        assert gc.isenabled()  # main called in-process: not the end of the process
        monkeypatch.setattr(cli, "_SCRIPT", True)
        assert cli.main(["build", str(MINI), "-o", str(tmp_path / "d"), "--sft", "20", "--rm", "0", "--ppo", "0",
                         "--today", TODAY.isoformat(), "--no-progress", "--jobs", "1"]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
