"""Test-wide settings: every AST node the parser builds without validation (``Node.make``) is also validated and
compared, in this process and in the toolc processes the tests start."""

import os

os.environ["TOOLC_CHECK_MADE"] = "1"

from toolc.dsl import ast_node  # noqa: E402

ast_node.CHECK_MADE = True
