"""Grammar stage: the lark grammar of the `.tool` language (input: package data; output: grammar text).

``tool.lark`` ships as package data (``[tool.setuptools.package-data] grammars = ["*.lark"]`` in
pyproject.toml) and is read through :mod:`importlib.resources`, so an installed wheel finds it as well
as a source checkout does.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

#: File name of the grammar inside this package.
GRAMMAR_FILE = "tool.lark"


@lru_cache(maxsize=1)
def grammar_text() -> str:
    """Returns the text of ``tool.lark`` (lark grammar syntax, https://lark-parser.readthedocs.io/en/stable/grammar.html).

    Returns:
        The grammar as a string (UTF-8 decoded).

    Raises:
        FileNotFoundError: the package was installed without its data file (a packaging bug).
    """
    return resources.files(__name__).joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")
