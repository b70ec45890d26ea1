"""Native chat-template renderers (compiler/families/native.py) write the template's own text: on every row of the
bundled build, in every kind and with thinking on and off, and on generated conversations of odd shapes; input they
are not sure of goes to Jinja. (tests/test_family_renders.py compares the same writers with transformers'
``apply_chat_template``.)"""

from __future__ import annotations

import hashlib

import pytest
from family_fixtures import TODAY, bundled_records
from hypothesis import given, settings
from hypothesis import strategies as st

from toolc.compiler.families import get_family, trl_template
from toolc.compiler.families import native as native_module
from toolc.compiler.families.jinja_env import compile_template
from toolc.compiler.writers import ChatTemplateWriter

NATIVE_FAMILIES = ("qwen3", "qwen3_nothink")


def _jinja(family, messages, tools, add_generation_prompt=False):
    return compile_template(family.chat_template()).render(
        messages=messages, tools=tools or None, documents=None, add_generation_prompt=add_generation_prompt,
        **family.template_variables(TODAY))


def test_the_pinned_trl_templates_have_native_renderers():
    """The ``qwen`` format's template as the pinned TRL ships it is rendered natively (another text would not be)."""
    for name in NATIVE_FAMILIES:
        source = get_family(name).chat_template()
        assert native_module.native_renderer(source) is native_module.render_qwen3, name
    assert native_module.native_renderer(trl_template("qwen3") + " ") is None
    assert hashlib.sha256(trl_template("qwen3").encode()).hexdigest() in native_module.NATIVE


@pytest.mark.parametrize("name", NATIVE_FAMILIES)
def test_every_bundled_row_renders_as_the_template(name, monkeypatch):
    """Every SFT, RM and PPO record of the bundled build, through the writer (shared heads, RM prefixes) with and
    without the native renderer: the same rows, and the native one rendered every one of them."""
    records = bundled_records()
    family = get_family(name)
    calls = {"native": 0, "jinja": 0}
    render = native_module.render_qwen3

    def counted(*args):
        text = render(*args)
        calls["native" if text is not None else "jinja"] += 1
        return text
    monkeypatch.setitem(native_module.NATIVE, next(iter(native_module.NATIVE)), counted)
    native_module.native_renderer.cache_clear()
    fast = ChatTemplateWriter(family, today=TODAY)
    rows = {kind: [fast.render(r) for r in records[kind]] for kind in ("sft", "rm", "ppo")}
    monkeypatch.setattr(native_module, "NATIVE", {})
    native_module.native_renderer.cache_clear()
    try:
        slow = ChatTemplateWriter(family, today=TODAY)
        for kind, done in rows.items():
            assert done == [slow.render(r) for r in records[kind]], kind
    finally:
        native_module.native_renderer.cache_clear()
    assert calls["jinja"] == 0 and calls["native"] >= sum(len(v) for v in records.values())


_TEXT = st.sampled_from(["", "hi", "\n", "a\nb", "<think>\nplan\n</think>\n\nanswer", "x</think>y", "<think>only",
                         "<tool_response>\n{}\n</tool_response>", "<tool_response>", "天气", "  spaced  "])
_ARGS = st.one_of(st.dictionaries(st.sampled_from(["city", "n", "q"]),
                                  st.one_of(st.integers(-3, 3), _TEXT, st.lists(st.integers(0, 2), max_size=2)),
                                  max_size=3),
                  st.sampled_from(['{"city": "Oslo"}', "{}", "not json"]))
_CALL = st.builds(lambda name, args, wrapped: {"type": "function", "function": {"name": name, "arguments": args}}
                  if wrapped else {"name": name, "arguments": args},
                  st.sampled_from(["get_weather", "f"]), _ARGS, st.booleans())


@st.composite
def _message(draw):
    role = draw(st.sampled_from(["system", "user", "assistant", "tool", "other"]))
    m = {"role": role}
    if draw(st.booleans()) or role != "assistant":
        m["content"] = draw(_TEXT)
    if role == "assistant":
        if draw(st.booleans()):
            m["tool_calls"] = draw(st.lists(_CALL, min_size=1, max_size=3))
        if draw(st.integers(0, 3)) == 0:
            m["reasoning_content"] = draw(_TEXT)
    return m


_TOOL = {"type": "function", "function": {"name": "get_weather", "description": "Weather, é",
                                           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}


@settings(max_examples=400, deadline=None)
@given(messages=st.lists(_message(), max_size=7), tools=st.sampled_from([None, [], [_TOOL], [_TOOL, _TOOL]]),
       prompt=st.booleans(), name=st.sampled_from(NATIVE_FAMILIES))
def test_generated_conversations_render_as_the_template(messages, tools, prompt, name):
    """Odd shapes too: no system turn or a late one, results first or last, wrapped results as user turns, think
    blocks in content, reasoning given apart, calls with and without the ``function`` wrapper, JSON and string
    arguments, roles the template ignores."""
    family = get_family(name)
    text = native_module.render_qwen3(messages, tools or None, prompt, family.template_variables(TODAY))
    try:
        expected = _jinja(family, messages, tools, prompt)
    except Exception as exc:  # noqa: BLE001 - no messages: the template reads messages[0]; so must a render
        assert text is None
        with pytest.raises(type(exc)):
            family.render(messages, tools, add_generation_prompt=prompt, today=TODAY)
        return
    assert text == expected
    assert family.render(messages, tools, add_generation_prompt=prompt, today=TODAY).text == expected


@pytest.mark.parametrize("odd", [
    [{"role": "user", "content": ["a", "list"]}],                                  # content that is no string
    [{"role": "assistant", "tool_calls": [{"function": {"name": 3, "arguments": {}}}]}],  # a name, not a string
    [{"role": 1, "content": "x"}],                                                 # a role that is no string
    [{"role": "system"}, {"role": "user", "content": "x"}],                        # a system turn without text
    [{"role": "assistant", "tool_calls": [{"function": {"name": "f"}}]}],          # a call without arguments
])
def test_input_the_renderer_is_not_sure_of_goes_to_jinja(odd):
    family = get_family("qwen3")
    assert native_module.render_qwen3(odd, [_TOOL], False, family.template_variables(TODAY)) is None
    try:
        expected = _jinja(family, odd, [_TOOL])
    except Exception as exc:  # noqa: BLE001 - whatever the template makes of it, family.render makes too
        with pytest.raises(type(exc)):
            family.render(odd, [_TOOL], today=TODAY)
    else:
        assert family.render(odd, [_TOOL], today=TODAY).text == expected
