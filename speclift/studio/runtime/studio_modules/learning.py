"""The classic learner modules ("Initialize Model"): their parameters and the scikit-learn model each one becomes.

Every learner module (``two_class_logistic_regression`` and its siblings) reads its classic parameters and writes an
untrained model folder (``models``). The table ``LEARNERS`` holds, per classic module, its parameters (name, kind,
classic default, whether the generated program carries it) and the function that maps their values to a
scikit-learn estimator. A ``Range for ...`` parameter holds the values Tune Model Hyperparameters sweeps for one
single parameter (``Param.sweeps``); the sweep calls the same mapping with each combination of values, so the
classic-to-scikit-learn translation lives here only.

A range value is a list (``"0.1; 0.5; 1.0"``, commas also accepted, ``"1-4"`` for the integers 1 to 4), or the
range builder's JSON (``{"useRangeBuilder": true, "minValue": 1, "maxValue": 100, "count": 3, "isLogarithmic":
true}``: ``count`` values from min to max inclusive, evenly spaced on a linear or logarithmic scale).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import cli
from .errors import StudioError
from .models import ModelSpec, read_model, wrapped, write_model

SINGLE = "single"
RANGE = "range"
MODE = "Create trainer mode"
SEED = "Random number seed"
UNKNOWN_LEVELS = "Allow unknown levels in categorical features"


@dataclass(frozen=True)
class Param:
    """One classic parameter of a learner module."""

    name: str
    kind: str  # string | integer | number | boolean (as the catalogue names kinds)
    default: str
    carried: bool = True
    note: str = ""  # for a parameter not carried: what becomes of it
    sweeps: str | None = None  # for a "Range for ..." parameter: the single parameter whose values it lists
    alias_of: str | None = None  # a Parameter Range twin of a single parameter ("Number of hidden nodes1")


@dataclass
class Built:
    """What a learner's mapping produces from its parameter values."""

    estimator: str
    parameters: dict[str, Any]
    scalers: list[str] = field(default_factory=list)
    scoring: dict[str, Any] = field(default_factory=lambda: {"probabilities": "predict_proba"})
    ignored: frozenset[str] = frozenset()  # single parameters that do not apply to this configuration


@dataclass(frozen=True)
class Learner:
    name: str
    task: str
    params: tuple[Param, ...]
    build: Callable[[Values], Built]
    unknown_levels: str = UNKNOWN_LEVELS  # the parameter saying whether unseen categories are allowed

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    @property
    def carried(self) -> tuple[Param, ...]:
        return tuple(param for param in self.params if param.carried)


class Values:
    """A learner's parameter values (the classic strings), read as the kind each one has."""

    def __init__(self, learner: Learner, values: Mapping[str, str]):
        self.learner = learner
        self.values = dict(values)

    def text(self, name: str) -> str:
        if name in self.values:
            return self.values[name]
        return self.learner.param(name).default

    def number(self, name: str, minimum: float | None = None) -> float:
        text = self.text(name).strip()
        try:
            value = float(text)
        except ValueError:
            raise StudioError(f"the parameter {name!r} is {text!r}, not a number") from None
        if math.isnan(value) or (minimum is not None and value < minimum):
            raise StudioError(f"the parameter {name!r} is {text!r}; it must be at least {minimum:g}")
        return value

    def integer(self, name: str, minimum: int | None = None) -> int:
        text = self.text(name).strip()
        try:
            value = int(text) if re.fullmatch(r"[+-]?\d+", text) else int(float(text))
        except ValueError:
            raise StudioError(f"the parameter {name!r} is {text!r}, not an integer") from None
        if minimum is not None and value < minimum:
            raise StudioError(f"the parameter {name!r} is {text!r}; it must be at least {minimum}")
        return value

    def boolean(self, name: str) -> bool:
        text = self.text(name).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise StudioError(f"the parameter {name!r} is {self.text(name)!r}, not True or False")

    def seed(self) -> int | None:
        """The random number seed, or None when left blank (classic then seeded from the clock)."""
        text = self.text(SEED).strip()
        return None if text == "" else self.integer(SEED, 0)

    def choice(self, name: str, options: Mapping[str, str]) -> str:
        """Which of ``options`` (a spelling without spaces and case -> its meaning) the value names."""
        key = re.sub(r"[^a-z0-9]", "", self.text(name).lower())
        for spelling, meaning in options.items():
            if key == spelling or key.startswith(spelling):
                return meaning
        known = ", ".join(sorted(set(options.values())))
        raise StudioError(f"the parameter {name!r} is {self.text(name)!r}; expected one of: {known}")


# ---------------------------------------------------------------------------------------------------- describing


def mode_of(values: Values) -> str:
    if not any(param.name == MODE for param in values.learner.params):
        return SINGLE
    return values.choice(MODE, {"singleparameter": SINGLE, "parameterrange": RANGE})


def parse_range(text: str, kind: str, name: str) -> list[Any]:
    """The values a range parameter lists (see the module docstring), as ints for an integer parameter."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except ValueError:
            raise StudioError(f"the parameter {name!r} is neither a list of values nor range JSON: {text!r}") from None
        if not isinstance(document, dict):
            raise StudioError(f"the parameter {name!r} is neither a list of values nor range JSON: {text!r}")
        if document.get("useRangeBuilder"):
            return _range_builder(document, kind, name)
        stripped = str(document.get("literal", ""))
    values: list[Any] = []
    for item in re.split(r"[;,]", stripped):
        item = item.strip()
        if not item:
            continue
        span = re.fullmatch(r"(-?\d+)\s*-\s*(-?\d+)", item)
        try:
            if span:
                values.extend(range(int(span.group(1)), int(span.group(2)) + 1))
            else:
                values.append(float(item))
        except ValueError:
            raise StudioError(f"the parameter {name!r} lists {item!r}, which is not a number") from None
    if not values:
        raise StudioError(f"the parameter {name!r} lists no values: {text!r}")
    return [_as_kind(value, kind) for value in values]


def _range_builder(document: Mapping[str, Any], kind: str, name: str) -> list[Any]:
    try:
        low, high = float(document["minValue"]), float(document["maxValue"])
        count = int(document.get("count", 2))
    except (KeyError, TypeError, ValueError):
        raise StudioError(f"the parameter {name!r} is range JSON without minValue, maxValue and count") from None
    logarithmic = bool(document.get("isLogarithmic", False))
    if count < 1 or high < low or (logarithmic and low <= 0):
        raise StudioError(f"the parameter {name!r} describes an empty range")
    if count == 1:
        points = [low]
    elif logarithmic:
        step = (math.log(high) - math.log(low)) / (count - 1)
        points = [math.exp(math.log(low) + step * index) for index in range(count)]
    else:
        points = [low + (high - low) * index / (count - 1) for index in range(count)]
    result: list[Any] = []
    for point in points:
        value = _as_kind(point, kind)
        if value not in result:
            result.append(value)
    return result


def _as_kind(value: float, kind: str) -> Any:
    return round(value) if kind == "integer" else float(value)


def format_value(value: Any) -> str:
    """A swept value as the classic parameter string (so a combination can be described like a graph's values)."""
    if isinstance(value, bool):
        return "True" if value else "False"
    return repr(value) if isinstance(value, float) else str(value)


def describe(learner: Learner, given: Mapping[str, str]) -> ModelSpec:
    """The untrained model a learner module writes for the classic parameter values ``given``."""
    unknown = sorted(set(given) - {param.name for param in learner.carried})
    if unknown:
        raise StudioError(f"{learner.name} has no parameter {unknown[0]!r}")
    classic = {param.name: given.get(param.name, param.default) for param in learner.carried}
    values = Values(learner, classic)
    mode = mode_of(values)
    ranges: dict[str, list[Any]] = {}
    range_names: dict[str, str] = {}
    for param in learner.carried:
        if param.sweeps is not None:
            target = learner.param(param.sweeps)
            ranges[target.name] = parse_range(values.text(param.name), target.kind, param.name)
            range_names[target.name] = param.name
    effective = dict(classic)
    if mode == RANGE:
        # classic Train Model uses each range's first value; the Parameter Range twins stand in for their singles
        for param in learner.carried:
            if param.alias_of is not None:
                effective[param.alias_of] = classic[param.name]
        effective.update({name: format_value(candidates[0]) for name, candidates in ranges.items()})
    built = learner.build(Values(learner, effective))
    for name in built.ignored:
        ranges.pop(name, None)
        range_names.pop(name, None)
    allow_unknown = Values(learner, effective).boolean(learner.unknown_levels) if _has(learner, learner.unknown_levels) else True
    return ModelSpec(
        module=learner.name,
        task=learner.task,
        estimator=built.estimator,
        parameters=built.parameters,
        mode=mode,
        ranges=ranges,
        range_names=range_names,
        preprocessing={"allow_unknown_levels": allow_unknown, "scalers": built.scalers},
        scoring=built.scoring,
        classic=classic,
        not_carried={param.name: param.note for param in learner.params if not param.carried},
    )


def respecify(spec: ModelSpec, combination: Mapping[str, Any]) -> ModelSpec:
    """The model ``spec`` describes with some single parameters set to other values (one run of a sweep)."""
    inner = wrapped(spec)
    if inner is not None:
        return wrapper_spec(spec.module, respecify(inner, combination))
    learner = LEARNERS.get(spec.module)
    if learner is None:
        raise StudioError(f"the model comes from {spec.module!r}, which is not a learner this runtime knows")
    classic = dict(spec.classic)
    classic.update({name: format_value(value) for name, value in combination.items()})
    if _has(learner, MODE):
        classic[MODE] = "SingleParameter"
    return describe(learner, classic)


def _has(learner: Learner, name: str) -> bool:
    return any(param.name == name and param.carried for param in learner.params)


# ---------------------------------------------------------------------------------------------------- programs

OUTPUT = "Untrained model"


def command_line(learner: Learner) -> cli.Module:
    """A learner module's command line: its carried parameters, one output port."""
    parameters = tuple(cli.Parameter(param.name, param.kind, param.default) for param in learner.carried)
    return cli.Module(learner.name, outputs=(OUTPUT,), parameters=parameters)


def learner_main(module: cli.Module, argv: list[str] | None) -> int:
    """The program of a learner module: write its untrained model."""
    learner = LEARNERS[module.name]

    def body(arguments: cli.Arguments) -> None:
        given = {param.name: arguments.text(param.name) for param in learner.carried if arguments.given(param.name)}
        write_model(arguments.output(OUTPUT), describe(learner, given))

    return cli.run(module, body, argv)


def wrapper_command_line(name: str) -> cli.Module:
    return cli.Module(name, inputs=(WRAPPED_PORT,), outputs=(OUTPUT,))


def wrapper_main(module: cli.Module, argv: list[str] | None) -> int:
    """The program of One-vs-All / One-vs-One Multiclass: wrap the connected two-class model."""

    def body(arguments: cli.Arguments) -> None:
        folder = arguments.input(WRAPPED_PORT)
        if folder is None:
            raise StudioError(f"the input port {WRAPPED_PORT!r} is not connected: connect a two-class learner")
        write_model(arguments.output(OUTPUT), wrapper_spec(module.name, read_model(folder, port=WRAPPED_PORT)))

    return cli.run(module, body, argv)


# ---------------------------------------------------------------------------------------------------- wrappers


WRAPPERS = {
    "One-vs-All Multiclass": "sklearn.multiclass.OneVsRestClassifier",
    "One-vs-One Multiclass": "sklearn.multiclass.OneVsOneClassifier",
}
WRAPPED_PORT = "Untrained binary classification model"


def wrapper_spec(name: str, inner: ModelSpec) -> ModelSpec:
    """One-vs-All / One-vs-One around a two-class learner's untrained model: one binary model per class (pair)."""
    if inner.kind != "untrained-model" or inner.task != "binary":
        state = "an untrained" if inner.kind == "untrained-model" else "a trained"
        raise StudioError(
            f"{name} wraps an untrained two-class model; the input holds {state} {inner.task} model ({inner.module})"
        )
    inner_document = json.loads(inner.to_json())
    inner_document.pop("format")
    # one-vs-one has no probabilities of its own; one-vs-all has them when the binary model has
    probabilities = (
        "predict_proba" if name.startswith("One-vs-All") and inner.scoring.get("probabilities") == "predict_proba" else "softmax"
    )
    return ModelSpec(
        module=name,
        task="multiclass",
        estimator=WRAPPERS[name],
        parameters={},
        mode=inner.mode,
        ranges=dict(inner.ranges),
        range_names=dict(inner.range_names),
        preprocessing=dict(inner.preprocessing),
        scoring={"probabilities": probabilities},
        classic={},
        not_carried={},
        wraps=inner_document,
    )


# ---------------------------------------------------------------------------------------------------- the learners

_L_BFGS_MEMORY = "scikit-learn's L-BFGS keeps its own history; the memory size has no equivalent and is reported"
_SPLITS = "scikit-learn's forest picks the best split among the sampled features; the split count is reported"
_DIAMETER = "scikit-learn initialises the weights itself (Glorot); the diameter is reported"
_RANGE_OF = "the values Tune Model Hyperparameters sweeps for {0!r}"


def _common(seed: bool = True, unknown: str = UNKNOWN_LEVELS) -> tuple[Param, ...]:
    params = [Param(unknown, "boolean", "True")]
    if seed:
        params.insert(0, Param(SEED, "integer", ""))
    return tuple(params)


def _mode() -> Param:
    return Param(MODE, "string", "SingleParameter")


def _range(name: str, sweeps: str, default: str) -> Param:
    return Param(name, "string", default, sweeps=sweeps)


# -- logistic regression

_LOGISTIC_PARAMS = (
    _mode(),
    Param("Optimization Tolerance", "number", "1E-07"),
    Param("L1 Regularization weight", "number", "1"),
    Param("L2 Regularizaton weight", "number", "1"),
    Param("Memory Size", "integer", "20", carried=False, note=_L_BFGS_MEMORY),
    _range("Range for optimization tolerance", "Optimization Tolerance", "0.00001; 0.00000001"),
    _range("Range for L1 regularization weight", "L1 Regularization weight", "0.0; 0.01; 0.1; 1.0"),
    _range("Range for L2 regularization weight", "L2 Regularizaton weight", "0.01; 0.1; 1.0"),
    Param(
        "Range for memory size for L-BFGS the lower the value the faster and less accurate the training",
        "string",
        "5; 20; 50",
        carried=False,
        note=_L_BFGS_MEMORY,
    ),
    *_common(),
)


def _logistic(values: Values) -> Built:
    l1 = values.number("L1 Regularization weight", 0)
    l2 = values.number("L2 Regularizaton weight", 0)
    total = l1 + l2
    # classic minimises loss + L1*|w|_1 + L2/2*|w|^2; divided by (L1 + L2) that is scikit-learn's C*loss + elastic net
    parameters: dict[str, Any] = {
        "C": 1.0 / total if total > 0 else 1e12,
        "l1_ratio": l1 / total if total > 0 else 0.0,
        "solver": "saga" if l1 > 0 else "lbfgs",
        "tol": values.number("Optimization Tolerance", 0),
        # saga (an L1 weight) converges slowly on unscaled features: room enough for it to reach the tolerance
        "max_iter": 10000,
        "random_state": values.seed(),
    }
    return Built("sklearn.linear_model.LogisticRegression", parameters)


# -- boosted decision trees

_BOOSTED_PARAMS = (
    _mode(),
    Param("Maximum number of leaves per tree", "integer", "20"),
    Param("Minimum number of training instances required to form a leaf", "integer", "10"),
    Param("The learning rate", "number", "0.2"),
    Param("Total number of trees constructed", "integer", "100"),
    _range("Range for maximum number of leaves per tree", "Maximum number of leaves per tree", "2; 8; 32; 128"),
    _range(
        "Range for minimum number of training instances required to form a leaf",
        "Minimum number of training instances required to form a leaf",
        "1; 10; 50",
    ),
    _range("Range for learning rate", "The learning rate", "0.025; 0.05; 0.1; 0.2; 0.4"),
    _range("Range for total number of trees constructed", "Total number of trees constructed", "20; 100; 500"),
    *_common(),
)


def _boosted(estimator: str) -> Callable[[Values], Built]:
    def build(values: Values) -> Built:
        # histogram gradient boosting bins the features first, as the classic MART implementation did
        parameters = {
            "max_leaf_nodes": max(2, values.integer("Maximum number of leaves per tree", 1)),
            "min_samples_leaf": values.integer("Minimum number of training instances required to form a leaf", 1),
            "learning_rate": values.number("The learning rate", 0),
            "max_iter": values.integer("Total number of trees constructed", 1),
            "early_stopping": False,
            "random_state": values.seed(),
        }
        return Built(estimator, parameters)

    return build


# -- decision forests

_FOREST_UNKNOWN = "Allow unknown values for categorical features"
_FOREST_PARAMS = (
    _mode(),
    Param("Resampling method", "string", "Bagging Resampling"),
    Param("Number of decision trees", "integer", "8"),
    Param("Maximum depth of the decision trees", "integer", "32"),
    Param("Number of random splits per node", "integer", "128", carried=False, note=_SPLITS),
    Param("Minimum number of samples per leaf node", "integer", "1"),
    _range("Range for number of decision trees", "Number of decision trees", "1; 8; 32"),
    _range("Range for the maximum depth of the decision trees", "Maximum depth of the decision trees", "1; 16; 64"),
    Param("Range for the number of random splits per node", "string", "1; 128; 1024", carried=False, note=_SPLITS),
    _range("Range for the minimum number of samples per leaf node", "Minimum number of samples per leaf node", "1; 4; 16"),
    Param(_FOREST_UNKNOWN, "boolean", "True"),
)


def _forest(estimator: str) -> Callable[[Values], Built]:
    def build(values: Values) -> Built:
        bagging = values.choice("Resampling method", {"bagging": "bagging", "replicate": "replicate"}) == "bagging"
        parameters = {
            "n_estimators": values.integer("Number of decision trees", 1),
            "max_depth": values.integer("Maximum depth of the decision trees", 1),
            "min_samples_leaf": values.integer("Minimum number of samples per leaf node", 1),
            # Replicate: every tree sees all the rows, the split choices stay random
            "bootstrap": bagging,
            # the classic module has no seed to set: a fixed one keeps runs repeatable
            "random_state": 0,
        }
        return Built(estimator, parameters)

    return build


# -- support vector machine, averaged perceptron

_SVM_PARAMS = (
    _mode(),
    Param("Number of iterations", "integer", "1"),
    _range("Range for number of iterations", "Number of iterations", "1; 10; 100"),
    Param("The value lambda", "number", "0.001"),
    _range("Range for lambda", "The value lambda", "0.00001; 0.0001; 0.001; 0.01; 0.1"),
    Param("Normalize the features", "boolean", "True"),
    Param("Perform a projection to the unit-ball", "boolean", "False"),
    *_common(),
)


def _svm(values: Values) -> Built:
    scalers = []
    if values.boolean("Normalize the features"):
        scalers.append("standard")
    if values.boolean("Perform a projection to the unit-ball"):
        scalers.append("unit-norm")
    lam = values.number("The value lambda", 0)
    if lam <= 0:
        raise StudioError("the parameter 'The value lambda' must be greater than 0")
    parameters = {
        # classic documents lambda as an L1 weight on a hinge loss: C = 1/(2*lambda) in scikit-learn's scaling
        "penalty": "l1",
        "loss": "squared_hinge",
        "dual": False,
        "C": 1.0 / (2.0 * lam),
        "max_iter": values.integer("Number of iterations", 1),
        "random_state": values.seed(),
    }
    return Built("sklearn.svm.LinearSVC", parameters, scalers=scalers, scoring={"probabilities": "sigmoid"})


_PERCEPTRON_PARAMS = (
    _mode(),
    Param("Initial learning rate", "number", "1"),
    Param("Maximum number of iterations", "integer", "10"),
    _range("Range for initial learning rate", "Initial learning rate", "0.1; 0.5; 1.0"),
    _range("Range for maximum number of iterations", "Maximum number of iterations", "1; 10"),
    *_common(),
)


def _perceptron(values: Values) -> Built:
    parameters = {
        # the averaged perceptron: perceptron loss, constant step, weights averaged over the updates
        "loss": "perceptron",
        "penalty": None,
        "learning_rate": "constant",
        "eta0": values.number("Initial learning rate", 0),
        "max_iter": values.integer("Maximum number of iterations", 1),
        "tol": None,
        "average": True,
        "random_state": values.seed(),
    }
    return Built("sklearn.linear_model.SGDClassifier", parameters, scoring={"probabilities": "sigmoid"})


# -- neural networks

_NORMALIZERS = {"minmax": "min-max", "gaussian": "standard", "binning": "quantile", "donotnormalize": "none"}


def _network_params(learning_rates: str) -> tuple[Param, ...]:
    return (
        _mode(),
        Param("Hidden layer specification", "string", "Fully-connected case"),
        Param("Hidden layer specification1", "string", "Fully-connected case", alias_of="Hidden layer specification"),
        Param("The initial learning weights diameter", "number", "0.1", carried=False, note=_DIAMETER),
        Param("The learning rate", "number", "0.1"),
        _range("Range for learning rate", "The learning rate", learning_rates),
        Param("The momentum", "number", "0"),
        Param("The type of normalizer", "string", "Min-Max normalizer"),
        Param("Number of hidden nodes", "string", "100"),
        Param("Number of hidden nodes1", "string", "100", alias_of="Number of hidden nodes"),
        Param("Number of learning iterations", "integer", "100"),
        _range("Range for number of learning iterations", "Number of learning iterations", "20; 40; 80; 160"),
        Param("Shuffle examples", "boolean", "True"),
        *_common(),
    )


def _network(estimator: str) -> Callable[[Values], Built]:
    def build(values: Values) -> Built:
        topology = values.choice("Hidden layer specification", {"fullyconnected": "fully-connected", "custom": "custom"})
        if topology == "custom":
            raise StudioError(
                "a Net# custom network definition is not converted: rebuild the network in a custom component, "
                "or set 'Hidden layer specification' to 'Fully-connected case'"
            )
        text = values.text("Number of hidden nodes")
        try:
            layers = tuple(int(part) for part in re.split(r"[,;]", text) if part.strip())
        except ValueError:
            raise StudioError(
                f"the parameter 'Number of hidden nodes' is {text!r}, not a comma-separated list of counts"
            ) from None
        if not layers or min(layers) < 1:
            raise StudioError(f"the parameter 'Number of hidden nodes' is {text!r}; give at least one layer size")
        iterations = values.integer("Number of learning iterations", 1)
        parameters = {
            "hidden_layer_sizes": list(layers),
            "activation": "logistic",
            "solver": "sgd",
            "learning_rate_init": values.number("The learning rate", 0),
            "momentum": values.number("The momentum", 0),
            "nesterovs_momentum": False,
            "max_iter": iterations,
            # classic ran every iteration: no early stop on a loss plateau
            "n_iter_no_change": iterations,
            "tol": 0.0,
            "shuffle": values.boolean("Shuffle examples"),
            "random_state": values.seed(),
        }
        normalizer = values.choice("The type of normalizer", _NORMALIZERS)
        return Built(estimator, parameters, scalers=[] if normalizer == "none" else [normalizer])

    return build


# -- regressors

_LINEAR_PARAMS = (
    Param("Solution method", "string", "Ordinary Least Squares"),
    _mode(),
    Param("Should input instances be normalized", "boolean", "True"),
    Param("Final hypothesis is averaged", "boolean", "True"),
    Param("Learning rate", "number", "0.1"),
    Param("Number of epochs over which algorithm iterates through examples", "integer", "10"),
    _range("Range for learning rate", "Learning rate", "0.025; 0.05; 0.1; 0.2"),
    _range(
        "Range for number of epochs over which algorithm iterates through examples",
        "Number of epochs over which algorithm iterates through examples",
        "1; 10; 100",
    ),
    Param("Decrease learning rate as iterations progress", "boolean", "True"),
    Param("L2 regularization term weight", "number", "0.001"),
    Param("L2 regularization weight", "number", "0.001"),
    _range("Range for L2 regularization term weight", "L2 regularization term weight", "0.001; 0.01; 0.1"),
    *_common(),
    Param("Include intercept term", "boolean", "True"),
)
_GRADIENT_ONLY = frozenset(
    {"Learning rate", "Number of epochs over which algorithm iterates through examples", "L2 regularization term weight"}
)


def _linear(values: Values) -> Built:
    method = values.choice("Solution method", {"ordinaryleastsquares": "ols", "onlinegradientdescent": "ogd"})
    if method == "ols":
        alpha = values.number("L2 regularization weight", 0)
        intercept = values.boolean("Include intercept term")
        if alpha == 0:
            return Built("sklearn.linear_model.LinearRegression", {"fit_intercept": intercept}, ignored=_GRADIENT_ONLY)
        return Built("sklearn.linear_model.Ridge", {"alpha": alpha, "fit_intercept": intercept}, ignored=_GRADIENT_ONLY)
    parameters = {
        "loss": "squared_error",
        "penalty": "l2",
        "alpha": values.number("L2 regularization term weight", 0),
        "learning_rate": "invscaling" if values.boolean("Decrease learning rate as iterations progress") else "constant",
        "eta0": values.number("Learning rate", 0),
        "max_iter": max(1, values.integer("Number of epochs over which algorithm iterates through examples", 0)),
        "tol": None,
        "average": values.boolean("Final hypothesis is averaged"),
        "random_state": values.seed(),
    }
    scalers = ["min-max"] if values.boolean("Should input instances be normalized") else []
    return Built("sklearn.linear_model.SGDRegressor", parameters, scalers=scalers)


_BAYESIAN_PARAMS = (Param("Regularization weight", "number", "1"), Param(UNKNOWN_LEVELS, "boolean", "True"))


def _bayesian(values: Values) -> Built:
    weight = values.number("Regularization weight", 0)
    if weight <= 0:
        raise StudioError("the parameter 'Regularization weight' must be greater than 0")
    # the weight is the ratio of the weights' prior precision to the noise precision: start from that ratio
    return Built("sklearn.linear_model.BayesianRidge", {"alpha_init": 1.0, "lambda_init": weight})


_POISSON_TOLERANCE = (
    "Tolerance parameter for optimization convergence the lower the value the slower and more accurate the fitting"
)
_POISSON_MEMORY = "Memory size for L-BFGS the lower the value the faster and less accurate the training"
_POISSON_PARAMS = (
    _mode(),
    Param(_POISSON_TOLERANCE, "number", "1E-07"),
    Param(
        "L1 regularization weight",
        "number",
        "1",
        carried=False,
        note="scikit-learn's PoissonRegressor has an L2 penalty only; the L1 weight is reported",
    ),
    Param("L2 regularization weight", "number", "1"),
    Param(_POISSON_MEMORY, "integer", "20", carried=False, note=_L_BFGS_MEMORY),
    _range("Range for optimization tolerance", _POISSON_TOLERANCE, "0.00001; 0.00000001"),
    Param(
        "Range for L1 regularization weight",
        "string",
        "0.0; 0.01; 0.1; 1.0",
        carried=False,
        note="scikit-learn's PoissonRegressor has an L2 penalty only; the L1 range is reported",
    ),
    _range("Range for L2 regularization weight", "L2 regularization weight", "0.01; 0.1; 1.0"),
    Param(
        "Range for memory size for L-BFGS the lower the value the faster and less accurate the training",
        "string",
        "5; 20; 50",
        carried=False,
        note=_L_BFGS_MEMORY,
    ),
    Param(SEED, "integer", "", carried=False, note="the Poisson fit is deterministic: no seed is needed"),
    Param(UNKNOWN_LEVELS, "boolean", "True"),
)


def _poisson(values: Values) -> Built:
    parameters = {
        "alpha": values.number("L2 regularization weight", 0),
        "tol": values.number(_POISSON_TOLERANCE, 0),
        "max_iter": 1000,
    }
    return Built("sklearn.linear_model.PoissonRegressor", parameters)


_QUANTILE_PARAMS = (
    _mode(),
    Param("Number of Trees", "integer", "100"),
    Param("Number of Leaves", "integer", "20"),
    Param("Minimum number of training instances required to form a leaf", "integer", "10"),
    Param("Bagging fraction", "number", "0.7"),
    Param(
        "Feature fraction",
        "number",
        "0.7",
        carried=False,
        note="scikit-learn samples features per split, not per tree; the per-tree fraction is reported",
    ),
    Param("Split fraction", "number", "0.7"),
    Param(
        "Quantile sample count",
        "integer",
        "100",
        carried=False,
        note="the quantiles come from every tree's prediction; the sample count is reported",
    ),
    Param("Quantiles to be estimated", "string", "0.25; 0.5; 0.75"),
    *_common(),
    _range("Range for total number of trees constructed", "Number of Trees", "16; 32; 64"),
    _range("Range for maximum number of leaves per tree", "Number of Leaves", "16; 32; 64"),
    _range(
        "Range for minimum number of training instances required to form a leaf",
        "Minimum number of training instances required to form a leaf",
        "1; 5; 10",
    ),
    _range("Range for bagging fraction", "Bagging fraction", "0.25; 0.5; 0.75"),
    Param(
        "Range for feature fraction",
        "string",
        "0.25; 0.5; 0.75",
        carried=False,
        note="scikit-learn samples features per split, not per tree; the per-tree fraction is reported",
    ),
    _range("Range for split fraction", "Split fraction", "0.25; 0.5; 0.75"),
    Param("Required quantile values", "string", "0.25; 0.5; 0.75", alias_of="Quantiles to be estimated"),
)


def _quantile_forest(values: Values) -> Built:
    text = values.text("Quantiles to be estimated")
    try:
        quantiles = [float(part) for part in re.split(r"[;,]", text) if part.strip()]
    except ValueError:
        raise StudioError(f"the parameter 'Quantiles to be estimated' is {text!r}, not a list of numbers") from None
    quantiles = [q for q in quantiles if 0 < q < 1]
    if not quantiles:
        raise StudioError(f"the parameter 'Quantiles to be estimated' is {text!r}; give quantiles between 0 and 1")
    bagging = values.number("Bagging fraction", 0)
    split = values.number("Split fraction", 0)
    if not (0 < bagging <= 1 and 0 < split <= 1):
        raise StudioError("the bagging and split fractions must be greater than 0 and at most 1")
    parameters = {
        "n_estimators": values.integer("Number of Trees", 1),
        "max_leaf_nodes": max(2, values.integer("Number of Leaves", 1)),
        "min_samples_leaf": values.integer("Minimum number of training instances required to form a leaf", 1),
        "max_samples": bagging,
        "max_features": split,
        "bootstrap": True,
        "random_state": values.seed(),
    }
    return Built("sklearn.ensemble.RandomForestRegressor", parameters, scoring={"quantiles": quantiles})


LEARNERS: dict[str, Learner] = {
    learner.name: learner
    for learner in (
        Learner("Two-Class Logistic Regression", "binary", _LOGISTIC_PARAMS, _logistic),
        Learner("Multiclass Logistic Regression", "multiclass", _LOGISTIC_PARAMS, _logistic),
        Learner(
            "Two-Class Boosted Decision Tree",
            "binary",
            _BOOSTED_PARAMS,
            _boosted("sklearn.ensemble.HistGradientBoostingClassifier"),
        ),
        Learner(
            "MultiClass Boosted Decision Tree",
            "multiclass",
            _BOOSTED_PARAMS,
            _boosted("sklearn.ensemble.HistGradientBoostingClassifier"),
        ),
        Learner(
            "Boosted Decision Tree Regression",
            "regression",
            _BOOSTED_PARAMS,
            _boosted("sklearn.ensemble.HistGradientBoostingRegressor"),
        ),
        Learner(
            "Two-Class Decision Forest",
            "binary",
            _FOREST_PARAMS,
            _forest("sklearn.ensemble.RandomForestClassifier"),
            _FOREST_UNKNOWN,
        ),
        Learner(
            "Multiclass Decision Forest",
            "multiclass",
            _FOREST_PARAMS,
            _forest("sklearn.ensemble.RandomForestClassifier"),
            _FOREST_UNKNOWN,
        ),
        Learner(
            "Decision Forest Regression",
            "regression",
            _FOREST_PARAMS,
            _forest("sklearn.ensemble.RandomForestRegressor"),
            _FOREST_UNKNOWN,
        ),
        Learner("Two-Class Support Vector Machine", "binary", _SVM_PARAMS, _svm),
        Learner("Two-Class Averaged Perceptron", "binary", _PERCEPTRON_PARAMS, _perceptron),
        Learner(
            "Two-Class Neural Network",
            "binary",
            _network_params("0.1; 0.2; 0.4"),
            _network("sklearn.neural_network.MLPClassifier"),
        ),
        Learner(
            "Multiclass Neural Network",
            "multiclass",
            _network_params("0.1; 0.2; 0.4"),
            _network("sklearn.neural_network.MLPClassifier"),
        ),
        Learner(
            "Neural Network Regression",
            "regression",
            _network_params("0.01; 0.02; 0.04"),
            _network("sklearn.neural_network.MLPRegressor"),
        ),
        Learner("Linear Regression", "regression", _LINEAR_PARAMS, _linear),
        Learner("Bayesian Linear Regression", "regression", _BAYESIAN_PARAMS, _bayesian),
        Learner("Poisson Regression", "regression", _POISSON_PARAMS, _poisson),
        Learner("Fast Forest Quantile Regression", "regression", _QUANTILE_PARAMS, _quantile_forest),
    )
}
