"""Writers stage, schema: the column types of a format's rows, as ``datasets`` features, without importing ``datasets``.

``datasets`` (and with it pandas, huggingface_hub, fsspec) takes about a second to import, more than
Chatette needs to write 10,000 sentences; a build only needs the Arrow schema of its rows and the
``datasets`` features stored in it. :class:`Value`, :class:`List` and :class:`Features` describe a schema the
way ``datasets`` does (``datasets.features``, 4.x/5.x: ``Value``, ``Json``, ``List`` and nested dicts for structs; only
what toolc's formats use) and give:

* :attr:`Features.arrow_schema`: the same ``pyarrow.Schema`` ``datasets.Features.arrow_schema`` gives,
  metadata included (``{"huggingface": json.dumps({"info": {"features": ...}})}``), so
  ``load_dataset("parquet")`` restores the features of a file written with it;
* :meth:`Features.to_datasets`: the ``datasets.Features`` itself, for callers that want it.

``tests/test_writers.py`` checks both against ``datasets`` for every registered format and dataset kind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

__all__ = ["Features", "Json", "List", "Value"]

_ARROW = {"string": pa.string, "int64": pa.int64, "int32": pa.int32, "int8": pa.int8, "bool": pa.bool_,
          "float64": pa.float64}


@dataclass(frozen=True)
class Value:
    """A scalar column or field (``datasets.Value``); ``dtype`` is one of ``string``, ``int64``, ``int32``,
    ``int8``, ``bool``, ``float64``.

    Raises:
        ValueError: another dtype.
    """

    dtype: str

    def __post_init__(self) -> None:
        if self.dtype not in _ARROW:
            raise ValueError(f"unsupported dtype `{self.dtype}`; expected one of {', '.join(_ARROW)}")


@dataclass(frozen=True)
class Json:
    """A JSON value of any shape (``datasets.Json``): stored in Arrow's ``arrow.json`` extension type (JSON text)."""


@dataclass(frozen=True)
class List:
    """A list of ``feature`` values (``datasets.List``, variable length); ``feature`` is a :class:`Value`, a
    :class:`List` or a dict of field name -> feature (a struct)."""

    feature: Any


def _arrow_type(feature: Any) -> pa.DataType:
    if isinstance(feature, Value):
        return _ARROW[feature.dtype]()
    if isinstance(feature, Json):
        return pa.json_()
    if isinstance(feature, List):
        return pa.list_(_arrow_type(feature.feature))
    if isinstance(feature, dict):
        return pa.struct([pa.field(k, _arrow_type(v)) for k, v in feature.items()])
    raise TypeError(f"not a feature: {feature!r}")


def _encode(feature: Any) -> Any:
    """``datasets``' serialised form of a feature (``Features.to_dict``)."""
    if isinstance(feature, Value):
        return {"dtype": feature.dtype, "_type": "Value"}
    if isinstance(feature, Json):
        return {"_type": "Json"}
    if isinstance(feature, List):
        return {"feature": _encode(feature.feature), "_type": "List"}
    if isinstance(feature, dict):
        return {k: _encode(v) for k, v in feature.items()}
    raise TypeError(f"not a feature: {feature!r}")


class Features(dict):
    """Column name -> feature, in column order (``datasets.Features``)."""

    @property
    def arrow_schema(self) -> pa.Schema:
        """The Arrow schema of the rows, with the ``datasets`` features in its ``huggingface`` metadata."""
        fields = [pa.field(name, _arrow_type(feature)) for name, feature in self.items()]
        return pa.schema(fields).with_metadata({"huggingface": json.dumps({"info": {"features": self.to_dict()}})})

    def to_dict(self) -> dict[str, Any]:
        """The serialised features, as ``datasets.Features.to_dict`` gives them."""
        return {name: _encode(feature) for name, feature in self.items()}

    def to_datasets(self) -> Any:
        """The equal ``datasets.Features`` (imports ``datasets``)."""
        from datasets import Features as DatasetsFeatures

        return DatasetsFeatures.from_dict(self.to_dict())
