"""Test-wide settings: every AST node the parser builds without validation (``Node.make``) is also validated and
compared, in this process and in the toolc processes the tests start; Faker pools are drawn, not read from the pool
store of earlier runs (``TOOLC_NO_POOL_CACHE``: tests that change Faker or the budgets see their own pools; the store
has tests of its own, with their own cache folder)."""

import os

os.environ["TOOLC_CHECK_MADE"] = "1"
os.environ["TOOLC_NO_POOL_CACHE"] = "1"

from toolc.dsl import ast_node  # noqa: E402

ast_node.CHECK_MADE = True
