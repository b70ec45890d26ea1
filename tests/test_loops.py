"""A reply that lists what a tool returned: ``{for x in r.items}...{endfor}`` writes its text once per item, the
ground truth quotes every item's values, and ``toolc check`` refuses a loop it cannot run (docs/language.md,
"Lists in replies")."""

from __future__ import annotations

import pytest

from test_behaviours import TODAY, compiled, rows
from toolc.compiler.build import check
from toolc.compiler.exprs import text_of
from toolc.compiler.ground_truth import turn_truth

SPEC = """\
locale zh_CN

tool list_files "列出目录里的文件" {
    directory: string "目录"
    returns list[{
        name: string = names
        size_kb: int(1..900)
        kind: "text" | "image"
    }](0..5)
}

tool query "查询订单" {
    limit: int(1..20)
    returns { total: int(20..99), rows: list[{ id: int(1000..9999), amount: float(1..500) }](limit) }
}

slot names = "a.txt" | "b.png" | "c.md" | "d.csv"
slot dir = "~/文档" | "~/图片"
slot n = int(2..9)
slot kind_zh = { "text": "文本", "image": "图片" }

scenario files {
    user "{dir}里有什么？"
    call list_files(directory=dir) -> f
    assistant "{dir}中有{len(f)}个文件：{for x in f}\\n- {x.name}（{x.size_kb} KB，{kind_zh[x.kind]}）{endfor}"
}

scenario inline {
    user "{dir}里都有哪些文件？"
    call list_files(directory=dir) -> f
    assistant "有{for x in f}{x.name}{sep}、{lastsep}和{endfor}。"
}

scenario top {
    user "列出前{n}笔订单"
    call query(limit=n) -> q
    assistant "共{q.total}笔，前{len(q.rows)}笔：{for o in q.rows}(\\n|；)- {o.id}：{o.amount}元{endfor}"
}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return compiled(tmp_path_factory.mktemp("loops") / "l.tool", SPEC)


def test_a_listing_reply_names_every_item_the_tool_returned(built):
    """Every file of the result, in order, with its size and its kind in the conversation's words (a keyed pick
    inside the loop reads the item); an empty listing lists nothing; the ground truth quotes every item's values."""
    prog = built[0]
    sizes = set()
    for c in rows(built, "files", 40):
        files = c.calls[0].result
        reply = c.messages[-1].content
        head, *lines = reply.split("\n")
        assert head.endswith(f"有{len(files)}个文件：")
        kinds = {"text": "文本", "image": "图片"}
        assert lines == [f"- {x['name']}（{x['size_kb']} KB，{kinds[x['kind']]}）" for x in files]
        sizes.add(len(files))
        facts = turn_truth(prog, prog.scenarios["files"], c, c.decisions[-1], TODAY).facts
        assert set(facts) == {v for x in files for v in (x["name"], str(x["size_kb"]))}
    assert 0 in sizes and 5 in sizes


def test_the_text_of_a_loop_draws_anew_for_each_item(built):
    """A choice inside a loop is drawn for each item."""
    newlines = set()
    for c in rows(built, "top", 40):
        reply = c.messages[-1].content
        for o in c.calls[0].result["rows"]:
            assert f"- {o['id']}：{text_of(o['amount'])}元" in reply
        newlines.add(reply.count("\n"))
    assert len(newlines) > 3


@pytest.mark.parametrize("reply, code, says", [
    ('"{for x in f}{x.sise_kb}{endfor}"', "E106", "did you mean `size_kb`"),
    ('"{for x in f[0]}{x}{endfor}"', "E322", "`f[0]` is not a list"),
    ('"{for dir in f}{dir.name}{endfor}"', "E105", "loop variable `dir`"),
    ('"{for x in g}{x.name}{endfor}"', "E107", "unknown result `g`"),
    ('"{for x in f}{x.name}{endfor}{x.name}"', "E107", "unknown result `x`"),
    ('"{for x in f}{x.name}"', "E002", "unclosed `{for ...}` loop"),
    ('"{for x in f}{kind_zh[x.knd]}{endfor}"', "E106", "no field `knd`"),
])
def test_a_loop_that_cannot_run_is_a_spec_error_at_its_place(tmp_path, reply, code, says):
    lines = SPEC.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith('    assistant "{dir}'))
    lines[at] = f"    assistant {reply}"
    text = "\n".join(lines)
    spec = tmp_path / "l.tool"
    spec.write_text(text, encoding="utf-8")
    _, diags = check([spec])
    errors = diags.errors
    assert [e.code for e in errors] == [code], diags.render()
    assert says in errors[0].message + (errors[0].hint or "")
    assert errors[0].span.line == at + 1


def test_a_user_turn_cannot_loop(tmp_path):
    spec = tmp_path / "l.tool"
    spec.write_text(SPEC.replace('user "{dir}里有什么？"', 'user "{for x in dir}{x}{endfor}"'), encoding="utf-8")
    _, diags = check([spec])
    assert [e.code for e in diags.errors] == ["E322"] and "user turn" in diags.errors[0].message


def test_the_verification_reads_a_listed_value_in_the_result_it_came_from(built):
    """The values a loop quotes are checked against the result the loop reads, as any other quote: a reply listing
    a size the tool never returned fails the semantic check."""
    prog, ex, verifier = built
    conv = next(c for c in rows(built, "files", 40) if c.calls[0].result)
    quotes = conv.quotes[len(conv.messages) - 1]
    assert {base for base, _, _, _ in quotes} == {"f"}
    size = conv.calls[0].result[0]["size_kb"]
    conv.quotes[len(conv.messages) - 1] = [("f", 1000 + size, str(1000 + size), None)] + quotes
    conv.messages[-1] = conv.messages[-1].__class__("assistant", conv.messages[-1].content + f" {1000 + size}")
    assert verifier.failure(conv)[0] == "semantic" and "not in the result `f`" in str(verifier.failure(conv))


def test_a_list_in_words_puts_its_separators_between_the_items(built):
    """``{sep}`` between two items, ``{lastsep}`` between the last two: 有a.txt、b.png和c.md。, one item alone, and the
    separators quote nothing."""
    prog = built[0]
    sizes = set()
    for c in rows(built, "inline", 40):
        names = [x["name"] for x in c.calls[0].result]
        said = "、".join(names[:-1]) + "和" + names[-1] if len(names) > 1 else "".join(names)
        assert c.messages[-1].content == f"有{said}。"
        assert turn_truth(prog, prog.scenarios["inline"], c, c.decisions[-1], TODAY).facts == tuple(dict.fromkeys(names))
        sizes.add(len(names))
    assert {1, 2, 3} <= sizes


def test_a_separator_reads_no_item(tmp_path):
    spec = tmp_path / "l.tool"
    spec.write_text(SPEC.replace("{x.name}{sep}、{lastsep}和{endfor}", "{x.name}{sep}、{x.size_kb}{endfor}"),
                    encoding="utf-8")
    _, diags = check([spec])
    assert [e.code for e in diags.errors] == ["E107"] and "between two items" in diags.errors[0].message
