"""The chat-template environment (compiler/families/jinja_env.py) renders what jinja2's own sandbox renders: its
shortcuts (dict items read without the failed attribute look-up first, attributes of built-in types allowed once
per type, a tool definition's ``tojson`` text made once) change no text and no refusal."""

from __future__ import annotations

import json

import jinja2
import jinja2.ext
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from toolc.compiler.families.jinja_env import compile_template

TEMPLATE = """\
{%- for m in messages -%}
[{{ m.role }}|{{ m.content | trim }}|{{ (m.items | string)[:12] }}|{{ m.get('role') }}|{{ m.missing is defined }}]
{%- if m.content.startswith('hi') %} starts{% endif %}
{%- if m.tool_calls %}{% for c in m.tool_calls %} {{ c.function.name }}={{ c.function.arguments | tojson }}
{%- endfor %}{% endif %}
{{ "{0}-{1}".format(m.role, loop.index) }} {{ m.content.split(' ') | length }} {{ (m.values | string)[:18] }}
{% endfor -%}
{%- for t in tools %}{{ t | tojson }}
{{ t | tojson(indent=2) }}
{{ t.function.name | upper }} {{ t.keys | string | length > 0 }}
{% endfor -%}
{{ messages[0].__class__ is defined }} {{ "x".__class__ is defined }}
{%- set ns = namespace(n=0, last='') %}
{%- for m in messages %}{% set ns.n = ns.n + loop.index0 %}{% set ns.last = m.role %}
{{ loop.first }}{{ loop.last }}{{ loop.revindex }} {{ ns.n }} {{ ns.last }} {{ ns.missing is defined }}
{%- endfor %}
"""


def reference_environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = lambda x, ensure_ascii=False, indent=None, separators=None, sort_keys=False: json.dumps(
        x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)
    return env


@pytest.mark.parametrize("rounds", [1, 3])
def test_renders_as_the_plain_sandbox(rounds):
    tool = {"type": "function", "function": {"name": "get", "description": "é", "parameters": {"type": "object"}}}
    messages = [
        {"role": "user", "content": "hi there ", "items": 1},  # an item named like a dict method: the method wins
        {"role": "assistant", "content": "", "tool_calls": [
            {"type": "function", "function": {"name": "get", "arguments": {"values": [1, "二"], "keys": None}}}]},
        {"role": "tool", "content": "{\"a\": 1}", "values": "v"},
    ]
    ours = compile_template(TEMPLATE)
    reference = reference_environment().from_string(TEMPLATE)
    for _ in range(rounds):  # later rounds go through what the first one remembered
        assert ours.render(messages=messages, tools=[tool, tool]) == reference.render(messages=messages, tools=[tool, tool])


def test_unsafe_attributes_stay_refused():
    with pytest.raises(jinja2.exceptions.SecurityError):
        compile_template("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
    with pytest.raises(jinja2.exceptions.SecurityError):
        compile_template("{% for m in messages %}{{ m.clear() }}{% endfor %}").render(messages=[{"a": 1}])
    # an attribute allowed once on another type is still checked: a bound str.format read through it is wrapped
    class Holder:
        def __init__(self, value):
            self.value = value

    with pytest.raises(jinja2.exceptions.SecurityError):
        compile_template("{{ a.value }}{{ b.value(m) }}").render(a=Holder(1), b=Holder("{0.__class__.__mro__}".format), m={})
    # str.format stays the sandbox's safe formatter after any number of uses
    with pytest.raises(jinja2.exceptions.SecurityError):
        compile_template("{{ '{0}'.format(1) }}{{ '{0}'.format(2) }}{{ '{0.__class__.__mro__}'.format(m) }}").render(m={})
