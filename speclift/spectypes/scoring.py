"""Detection by keys, for files without a `$schema` line and that are not Polyaxon v1.

A document is reduced to a set of features (see :class:`~speclift.spectypes.record.Rule`). Each rule names the
`type:` values that select it and weighs the features that speak for (or against) it; the best score at or above
_MIN_SCORE wins, a tie goes to the rule whose words appear in the file name, then to the rule ranked first
(:data:`~speclift.spectypes.registry.DETECTION_ORDER`).
"""

from __future__ import annotations

from typing import Any

from speclift.spectypes.record import BOUND, DECLARED, SpecType
from speclift.spectypes.registry import ranked_rules, short_name

_TYPE_WEIGHT = 4  # a `type:` value that names the rule
_MIN_SCORE = 4

# How reasons spell the derived features.
_DERIVED = {DECLARED: "inputs declared with type/default/optional", BOUND: "inputs bound to values or paths"}
_VALUE_KEYS = ("auth_mode", "kind", "version", "broker")  # keys whose value is a feature too (`kind=hub`)
_INPUT_DECLARATION_KEYS = frozenset({"default", "optional", "min", "max", "enum", "description"})


def _fold(name: str) -> str:
    return name.replace("_", "").lower()


def _fold_feature(feature: str) -> str:
    """`auth_mode=aad_token` -> `authmode=aad_token`, `resources.requests` -> `resources.requests`."""
    key, sep, value = feature.partition("=")
    return ".".join(_fold(part) for part in key.split(".")) + sep + value.lower()


# The rules, numbered in rank order; the tables below are indexed by that number.
_RANKED = ranked_rules()
_SPECS: tuple[SpecType, ...] = tuple(spec for spec, _ in _RANKED)
_WHAT = tuple(rule.what or spec.title for spec, rule in _RANKED)
_WORDS = tuple(rule.words for _, rule in _RANKED)
_SIGNS = tuple({_fold_feature(f): w for f, w in rule.signs.items()} for _, rule in _RANKED)
_REQUIRES = tuple(tuple(_fold_feature(f) for f in rule.requires) for _, rule in _RANKED)
_ANY_OF = tuple(tuple(_fold_feature(f) for f in rule.any_of) for _, rule in _RANKED)
_UNTYPED = tuple(n for n, (_, rule) in enumerate(_RANKED) if rule.untyped)
_ANY_TYPE = tuple(n for n, (_, rule) in enumerate(_RANKED) if rule.any_type)


def _build_index() -> tuple[dict[str, tuple[tuple[int, int], ...]], dict[str, tuple[int, ...]]]:
    """Folded feature -> (rule number, weight) pairs; folded `type:` value -> rule numbers."""
    index: dict[str, list[tuple[int, int]]] = {}
    by_type: dict[str, list[int]] = {}
    for number, (_, rule) in enumerate(_RANKED):
        for feature, weight in rule.signs.items():
            index.setdefault(_fold_feature(feature), []).append((number, weight))
        for kind in rule.types:
            by_type.setdefault(_fold(kind), []).append(number)
    return {k: tuple(v) for k, v in index.items()}, {k: tuple(v) for k, v in by_type.items()}


_INDEX, _BY_TYPE = _build_index()
# Parents whose keys become features (`resources` for `resources.requests`): only those the rules name.
_NESTED = frozenset(f.split(".", 1)[0] for f in _INDEX if "." in f and "=" not in f)
_VALUED = frozenset(_fold(k) for k in _VALUE_KEYS)

_FOLDED: dict[str, str] = {}  # key -> folded key; the same keys come back file after file


def _folded(name: str) -> str:
    folded = _FOLDED.get(name)
    if folded is None:
        if len(_FOLDED) > 4096:  # a bound, so that odd input cannot grow it
            _FOLDED.clear()
        folded = _FOLDED[name] = _fold(name)
    return folded


def _features(data: dict[str, Any]) -> dict[str, str]:
    """Folded feature -> how it was written. One pass over the top level, one level down where asked."""
    features: dict[str, str] = {}
    for key, value in data.items():
        name = key if isinstance(key, str) else str(key)  # `on:` loads as True
        folded = _folded(name)
        features[folded] = name
        if folded in _NESTED and isinstance(value, dict):
            for sub in value:
                features[folded + "." + _folded(str(sub))] = f"{name}.{sub}"
        elif folded in _VALUED and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            features[f"{folded}={str(value).lower()}"] = f"{name}: {value}"
    inputs = data.get("inputs")
    if isinstance(inputs, dict):
        for value in inputs.values():
            if isinstance(value, dict):
                if "path" in value or "value" in value:
                    features[BOUND] = _DERIVED[BOUND]
                elif "type" in value or _INPUT_DECLARATION_KEYS & value.keys():
                    features[DECLARED] = _DERIVED[DECLARED]
            elif value is not None:
                features[BOUND] = _DERIVED[BOUND]
    return features


def best_by_keys(data: dict[str, Any], filename: str) -> tuple[SpecType, str] | None:
    """The spec type the keys speak for most, with the reason; None when none reaches the minimum score."""
    kind = data.get("type")
    typed = _BY_TYPE.get(_fold(kind), ()) if isinstance(kind, str) else ()
    candidates = _UNTYPED if kind is None else typed + _ANY_TYPE
    if not candidates:
        return None
    features = _features(data)
    scores = dict.fromkeys(candidates, 0)
    for number in typed:
        scores[number] = _TYPE_WEIGHT
    for feature in features:
        for number, weight in _INDEX.get(feature, ()):
            if number in scores:
                scores[number] += weight
    best: list[int] = []
    top = _MIN_SCORE
    for number, score in scores.items():
        if score < top or not all(f in features for f in _REQUIRES[number]):
            continue
        if _ANY_OF[number] and not any(f in features for f in _ANY_OF[number]):
            continue
        if score > top:
            best, top = [number], score
        else:
            best.append(number)
    if not best:
        return None
    winner = min(best)  # the rule ranked first, unless the file name speaks for another
    tie = ""
    if len(best) > 1:
        lowered = filename.lower()
        named = [n for n in best if any(word in lowered for word in _WORDS[n])]
        if named:
            winner, tie = min(named), f"; file name {filename!r} breaks the tie"
    return _SPECS[winner], _reason(winner, features, kind if winner in typed else None, top, best, tie)


def _reason(number: int, features: dict[str, str], kind: str | None, score: int, tied: list[int], tie: str) -> str:
    """The `type:` and the keys that counted for the winner, and who else scored as high."""
    signs = _SIGNS[number]
    decided = [shown for feature, shown in features.items() if signs.get(feature, 0) > 0]
    if kind is not None:
        decided.insert(0, f"type: {kind}")
    others = [short_name(_SPECS[n]) for n in tied if n != number]
    also = f"; as likely: {', '.join(others)}" if others and not tie else ""
    return f"{_WHAT[number]} by its keys ({', '.join(decided)}; score {score}){tie}{also}"
