"""Slot stage, Faker providers: which provider methods a spec may name for a locale, and the signatures their
arguments must bind to (input: a locale; output: provider names and ``inspect.Signature`` objects).

Faker access is whitelisted (LANGUAGE.md non-negotiable 2): only public provider methods of the locale's generator,
minus :data:`FAKER_DENYLIST` (bytes, containers, files, internals). Working out the methods and their signatures
imports Faker and makes the locale's generator (~0.1 s), so they are kept in toolc's cache folder per Faker version
and locale (:mod:`toolc.user_cache`) and a later check reads them back without importing Faker.
"""

from __future__ import annotations

import inspect
from functools import lru_cache

import orjson

from toolc.user_cache import cache_file, keep, read_json, source_version

from .slots import faker_for

__all__ = ["FAKER_DENYLIST", "faker_providers", "provider_signature", "provider_table"]

#: Provider methods that exist on Faker but must not be used as slots (non-scalar, bytes, files, internals).
FAKER_DENYLIST = frozenset(
    """add_provider binary cache_pattern csv del_arguments dsv enum factories fixed_width format
    get_arguments get_formatter get_providers image items json json_bytes locales optional parse provider
    psv pydict pyiterable pylist pyobject pyset pystruct pytuple random random_choices random_elements
    random_sample seed seed_instance seed_locale set_arguments set_formatter tar tsv unique weights xml zip
    zip_code_in_state""".split()
)


@lru_cache(maxsize=None)
def faker_providers(locale: str) -> frozenset[str]:
    """Names of the Faker providers a spec may name for ``locale``: :func:`provider_table` less
    :data:`FAKER_DENYLIST`."""
    return frozenset(n for n in provider_table(locale) if n not in FAKER_DENYLIST)


@lru_cache(maxsize=None)
def provider_signature(locale: str, provider: str) -> inspect.Signature | None:
    """The signature of a provider of ``locale``'s Faker (what its arguments must bind to: parameter names, kinds and
    which have defaults, not the defaults themselves), rebuilt from :func:`provider_table`; ``None`` when the provider
    has none (a C function) or is not one."""
    params = provider_table(locale).get(provider)
    if params is None:
        return None
    return inspect.Signature([inspect.Parameter(name, inspect._ParameterKind(kind),
                                                default=_HAS_DEFAULT if has_default else inspect.Parameter.empty)
                              for name, kind, has_default in params])


#: The default of each parameter :func:`provider_signature` rebuilds with one (binding reads only that there is one).
_HAS_DEFAULT = object()


@lru_cache(maxsize=None)
def provider_table(locale: str) -> dict[str, list | None]:
    """Every public provider method of ``locale``'s Faker (denylisted ones included), name -> its parameters as
    ``[name, kind (inspect.Parameter.kind), has a default]`` (``None``: no signature).

    Kept in toolc's cache folder per Faker version and locale (:func:`toolc.user_cache.cache_file`) and read back
    without importing Faker: working it out imports Faker and makes the locale's generator (~0.1 s of every check
    and build of a spec with Faker slots; with the build's pools also kept there, a build then never imports Faker).
    """
    version = source_version("faker")
    path = cache_file(f"faker-providers-{version}-{locale}.json") if version else None
    stored = read_json(path)
    if isinstance(stored, dict) and stored and all(
            isinstance(k, str) and (v is None or isinstance(v, list) and all(map(_is_parameter, v)))
            for k, v in stored.items()):
        return stored
    fk = faker_for(locale)
    gen = fk if not hasattr(fk, "_factory_map") else fk[fk.locales[0]]
    table: dict[str, list | None] = {}
    for name in sorted(dir(gen)):
        if name.startswith("_"):
            continue
        try:
            attr = getattr(gen, name)
        except Exception:  # noqa: BLE001 - Faker raises on some deprecated attributes
            continue
        if inspect.ismethod(attr) and getattr(attr.__self__, "__class__", None) is not None and \
                attr.__self__.__class__.__module__.startswith("faker.providers"):
            try:
                params = inspect.signature(attr).parameters.values()
            except ValueError:  # no signature (a C function)
                table[name] = None
                continue
            table[name] = [[p.name, int(p.kind), p.default is not inspect.Parameter.empty] for p in params]
    keep(path, orjson.dumps(table))
    return table


def _is_parameter(x: object) -> bool:
    """Whether ``x`` is a parameter as :func:`provider_table` writes it: ``[name, kind, has a default]``."""
    return isinstance(x, list) and len(x) == 3 and isinstance(x[0], str) and type(x[1]) is int and \
        0 <= x[1] <= 4 and type(x[2]) is bool
