"""What a finished training shows a learner: pure functions over a trained model and its data (no Streamlit).

The training engine (``core.training.engine``) trains and stores models; the pages then ask questions about them:

- the first example's line, epoch by epoch (:func:`replay_identity_training`): the single Dense unit of the
  ``linear_identity`` task is trained by full-batch SGD, so every epoch is one exactly known step. Replaying it from
  the same initial weights gives the engine's numbers (a unit test checks it against a real training), and works
  just as well for a model served from the store, which carries no per-epoch log of its weights;
- a classifier on its held-out images (:func:`classify`): predictions, the confusion matrix
  (``sklearn.metrics.confusion_matrix``), the mistakes it is most sure of (:func:`misclassified_indices`);
- what the first layer looks for (:func:`first_layer_weight_images`): each Dense unit's input weights as an image,
  or each convolution kernel;
- a regression model on its held-out rows (:func:`regression_results`), with its error in the data's own units.

Keras is imported only by the functions that need it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.lessons.first_network import IDENTITY_TRAIN_X
from core.lessons.training import IMAGE_DATASETS
from core.training.blocks import predict_in_chunks, scale_images
from core.training.config import TrainConfig

# ---------------------------------------------------------------------------------------------------------------
# The first example: one Dense unit learns y = x
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityTrajectory:
    """The neuron's weight, bias and loss after 0, 1, ..., ``epochs`` epochs (index 0: before training).

    ``losses[e]`` is the mean squared error on the five points with ``weights[e]`` and ``biases[e]``, so
    ``losses[:-1]`` is what Keras reports as each epoch's loss (measured on the batch before its update): Keras'
    loss of epoch ``e + 1`` is the loss of the neuron after ``e`` epochs. The page draws both on one axis, "epochs
    done" (0 = before training), where they agree point for point.
    """

    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    x_train: np.ndarray
    y_train: np.ndarray

    @property
    def epochs(self) -> int:
        return len(self.weights) - 1

    def predict(self, epoch: int, x: float | np.ndarray) -> float | np.ndarray:
        """What the neuron answers for ``x`` after ``epoch`` epochs: w * x + b."""
        if not 0 <= epoch <= self.epochs:
            raise ValueError(f"epoch must be from 0 to {self.epochs}, got {epoch}.")
        return self.weights[epoch] * np.asarray(x, dtype=np.float32) + self.biases[epoch]


def identity_initial_weights(seed: int) -> tuple[float, float]:
    """The neuron's weight and bias before training: the task's GlorotUniform(seed) kernel and a zero bias."""
    import keras

    kernel = keras.initializers.GlorotUniform(seed=seed)(shape=(1, 1))
    return float(np.asarray(kernel).reshape(-1)[0]), 0.0


#: The optimizers whose every epoch :func:`replay_identity_training` recomputes exactly (the app's SGD default and
#: the course's Adam).
REPLAYABLE_OPTIMIZERS = ("sgd", "adam")
ADAM_BETA_1, ADAM_BETA_2, ADAM_EPSILON = 0.9, 0.999, 1e-7  # Keras' defaults, as the task builds Adam


def replay_identity_training(config: TrainConfig) -> IdentityTrajectory:
    """Every epoch of the ``linear_identity`` training, recomputed step by step in float32.

    With a batch holding all five points, one epoch is exactly one step on the gradient of the mean squared error,
    ``dw = 2 * mean((w*x + b - y) * x)`` and ``db = 2 * mean(w*x + b - y)``. Plain SGD moves by ``lr * gradient``;
    Adam (the course's optimizer, Keras' defaults) by ``lr_t * m / (sqrt(v) + epsilon)`` with its running averages
    ``m`` and ``v`` of the gradient and its square, so each of its steps is about ``lr`` whatever the gradient's
    size. Other optimizers or smaller batches (whose order depends on the shuffle) cannot be replayed this simply.
    """
    if config.task != "linear_identity":
        raise ValueError(f"Only the linear_identity task can be replayed, got the {config.task} task.")
    if config.optimizer not in REPLAYABLE_OPTIMIZERS:
        raise ValueError(f"Only plain SGD and Adam can be replayed step by step, got the {config.optimizer} optimizer.")
    n_points = len(IDENTITY_TRAIN_X)
    if config.batch_size < n_points:
        raise ValueError(
            f"The replay needs one batch holding all {n_points} points (batch_size >= {n_points}), "
            f"got batch_size={config.batch_size}."
        )
    initial_weight, initial_bias = identity_initial_weights(config.seed)
    return replay_identity_steps(
        config.optimizer, config.learning_rate, config.epochs, initial_weight=initial_weight, initial_bias=initial_bias
    )


def replay_identity_steps(
    optimizer: str, learning_rate: float, epochs: int, *, initial_weight: float, initial_bias: float = 0.0
) -> IdentityTrajectory:
    """The neuron's full-batch training on the five points from any start (see :func:`replay_identity_training`):
    e.g. from the initial weight that the course's own script draws, to say what the course's settings give there."""
    if optimizer not in REPLAYABLE_OPTIMIZERS:
        raise ValueError(f"Only plain SGD and Adam can be replayed step by step, got the {optimizer} optimizer.")
    x = IDENTITY_TRAIN_X.reshape(-1).astype(np.float32)
    y = x.copy()
    parameters = np.array([initial_weight, initial_bias], dtype=np.float32)  # w, b
    learning_rate, two = np.float32(learning_rate), np.float32(2.0)
    beta_1, beta_2, epsilon = np.float32(ADAM_BETA_1), np.float32(ADAM_BETA_2), np.float32(ADAM_EPSILON)
    one = np.float32(1.0)
    first_moment = np.zeros(2, dtype=np.float32)
    second_moment = np.zeros(2, dtype=np.float32)
    weights = np.empty(epochs + 1, dtype=np.float32)
    biases = np.empty(epochs + 1, dtype=np.float32)
    losses = np.empty(epochs + 1, dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):  # a too-high learning rate diverges: the numbers show it
        for epoch in range(epochs + 1):
            weight, bias = parameters
            errors = weight * x + bias - y
            weights[epoch], biases[epoch], losses[epoch] = weight, bias, np.mean(errors * errors)
            gradient = np.array([two * np.mean(errors * x), two * np.mean(errors)], dtype=np.float32)
            if optimizer == "sgd":
                parameters = (parameters - learning_rate * gradient).astype(np.float32)
                continue
            step = np.float32(epoch + 1)
            alpha = learning_rate * np.sqrt(one - beta_2**step) / (one - beta_1**step)
            first_moment = (first_moment + (gradient - first_moment) * (one - beta_1)).astype(np.float32)
            second_moment = (second_moment + (gradient * gradient - second_moment) * (one - beta_2)).astype(np.float32)
            parameters = (parameters - first_moment * alpha / (np.sqrt(second_moment) + epsilon)).astype(np.float32)
    for array in (weights, biases, losses):
        array.flags.writeable = False
    return IdentityTrajectory(weights=weights, biases=biases, losses=losses, x_train=x, y_train=y)


# ---------------------------------------------------------------------------------------------------------------
# Classifiers
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassificationResults:
    """A classifier's answers on held-out examples. ``confusion[true, predicted]`` counts examples."""

    probabilities: np.ndarray  # (n, classes)
    predictions: np.ndarray  # (n,) argmax
    labels: np.ndarray  # (n,) true classes
    confusion: np.ndarray  # (classes, classes)
    class_names: tuple[str, ...]

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.predictions == self.labels)) if len(self.labels) else 0.0


def confusion_matrix(labels: Sequence[int], predictions: Sequence[int], n_classes: int) -> np.ndarray:
    """Counts of (true class, predicted class), every class present even when it never occurs: rows are the true
    classes, columns the predicted ones."""
    from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

    if n_classes < 1:
        raise ValueError(f"n_classes must be at least 1, got {n_classes}.")
    labels, predictions = np.asarray(labels).reshape(-1), np.asarray(predictions).reshape(-1)
    if labels.shape != predictions.shape:
        raise ValueError(f"{len(labels)} labels but {len(predictions)} predictions: they must match one to one.")
    for name, values in (("labels", labels), ("predictions", predictions)):
        if len(values) and (values.min() < 0 or values.max() >= n_classes):
            raise ValueError(f"{name} must be class numbers from 0 to {n_classes - 1}.")
    return sklearn_confusion_matrix(labels, predictions, labels=np.arange(n_classes))


def classify(model, x: np.ndarray, labels: np.ndarray, class_names: Sequence[str]) -> ClassificationResults:
    """Run ``model`` on held-out examples ``x`` and compare with their true ``labels``."""
    labels = np.asarray(labels, dtype=np.int64).reshape(-1)
    if len(x) != len(labels):
        raise ValueError(f"{len(x)} examples but {len(labels)} labels.")
    probabilities = predict_in_chunks(model, np.asarray(x, dtype=np.float32)).astype(np.float32)
    if probabilities.ndim != 2 or probabilities.shape[1] != len(class_names):
        raise ValueError(
            f"The model gives {probabilities.shape[-1]} outputs per example but there are {len(class_names)} classes."
        )
    predictions = probabilities.argmax(axis=1)
    return ClassificationResults(
        probabilities=probabilities,
        predictions=predictions,
        labels=labels,
        confusion=confusion_matrix(labels, predictions, len(class_names)),
        class_names=tuple(class_names),
    )


def misclassified_indices(
    labels: Sequence[int], predictions: Sequence[int], probabilities: np.ndarray | None = None, limit: int | None = 16
) -> np.ndarray:
    """Positions of the wrongly classified examples, at most ``limit`` (None: all): the ones the model was most
    sure of first (the most instructive mistakes) when ``probabilities`` are given, else in their original order."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative, got {limit}.")
    labels, predictions = np.asarray(labels).reshape(-1), np.asarray(predictions).reshape(-1)
    if labels.shape != predictions.shape:
        raise ValueError(f"{len(labels)} labels but {len(predictions)} predictions: they must match one to one.")
    wrong = np.flatnonzero(labels != predictions)
    if probabilities is not None and len(wrong):
        confidence = np.asarray(probabilities)[wrong, predictions[wrong]]
        wrong = wrong[np.argsort(-confidence, kind="stable")]
    return wrong if limit is None else wrong[:limit]


@dataclass(frozen=True)
class ImageTestSet:
    """Held-out images as the image models take them: float32 (n, height, width, 1) in 0..1."""

    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    description: str


def image_test_set(config: TrainConfig) -> ImageTestSet:
    """The test images of an ``image_classifier`` config, scaled exactly as the task does (pixels / 255).

    Only the test split is scaled (the training split of Fashion-MNIST alone would be 190 MB of float32).
    """
    from core.data.loaders import load_dataset

    if config.task != "image_classifier":
        raise ValueError(f"image_test_set takes an image_classifier config, got the {config.task} task.")
    if config.dataset not in IMAGE_DATASETS:
        raise ValueError(f"No test images for the data set {config.dataset!r}.")
    dataset = load_dataset(config.dataset, prefer_download=config.full_data)
    return ImageTestSet(
        x_test=scale_images(dataset.x_test),
        y_test=np.asarray(dataset.y_test, dtype=np.int64),
        class_names=tuple(dataset.class_names),
        description=dataset.provenance.description,
    )


@dataclass(frozen=True)
class WeightImages:
    """What the first layer's units look at. ``kind``: "dense" (one image per unit: its weight on every pixel) or
    "conv" (one small image per convolution kernel). ``images``: (n, height, width), raw weights."""

    kind: str
    images: np.ndarray
    layer_name: str
    total_units: int


def first_layer_weight_images(model, max_units: int = 16) -> WeightImages:
    """The first Dense layer's input weights reshaped to the image (an MLP), or the first Conv2D's kernels (a CNN).

    A model whose input is not an image (the 2-D toy sets) has nothing to show: ValueError.
    """
    import keras

    if max_units < 1:
        raise ValueError(f"max_units must be at least 1, got {max_units}.")
    input_shape = tuple(model.inputs[0].shape[1:])
    if len(input_shape) != 3:
        raise ValueError(f"The model's input is not an image (its shape is {input_shape}).")
    height, width, channels = input_shape
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            kernel = np.asarray(layer.get_weights()[0])  # (k, k, channels, filters)
            count = min(max_units, kernel.shape[-1])
            # One picture per kernel; colour inputs (several channels) are averaged into one.
            images = kernel.mean(axis=2).transpose(2, 0, 1)[:count]
            return WeightImages("conv", images.astype(np.float32), layer.name, int(kernel.shape[-1]))
        if isinstance(layer, keras.layers.Dense):
            kernel = np.asarray(layer.get_weights()[0])  # (height * width * channels, units)
            if kernel.shape[0] != height * width * channels:
                raise ValueError(f"The first Dense layer takes {kernel.shape[0]} inputs, not the image's pixels.")
            count = min(max_units, kernel.shape[1])
            images = kernel[:, :count].T.reshape(count, height, width, channels).mean(axis=3)
            return WeightImages("dense", images.astype(np.float32), layer.name, int(kernel.shape[1]))
    raise ValueError("The model has no Dense or Conv2D layer.")


def scale_each_image(images: np.ndarray) -> np.ndarray:
    """Each image divided by its own largest absolute value (-1..1, zero stays zero): weights of different units
    have different scales, and one colour scale for all would leave most of them grey."""
    images = np.asarray(images, dtype=np.float32)
    largest = np.abs(images).reshape(len(images), -1).max(axis=1) if len(images) else np.zeros(0)
    largest = np.where(largest > 0, largest, 1.0).reshape(-1, *([1] * (images.ndim - 1)))
    return images / largest


# ---------------------------------------------------------------------------------------------------------------
# Regression
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegressionResults:
    """Predictions on the held-out rows, in the data's own units, and the errors that matter to a learner."""

    actual: np.ndarray
    predicted: np.ndarray
    mae: float
    rmse: float
    baseline_mae: float  # always predicting the training rows' mean
    baseline_rmse: float = float("nan")  # the same "model", measured like ``rmse``: the RMSE's reference

    @property
    def improvement(self) -> float:
        """How much smaller the model's MAE is than the baseline's, as a fraction (0.3 = 30 % smaller)."""
        return 1.0 - self.mae / self.baseline_mae if self.baseline_mae > 0 else 0.0

    @property
    def rmse_improvement(self) -> float:
        """The same for the RMSE: how much smaller than always predicting the training mean (negative: worse)."""
        return 1.0 - self.rmse / self.baseline_rmse if self.baseline_rmse > 0 else 0.0


def regression_results(model, x_test: np.ndarray, y_test: np.ndarray, baseline_prediction: float) -> RegressionResults:
    """``model`` (predicting in the target's units, as the store keeps it) on the held-out rows."""
    actual = np.asarray(y_test, dtype=np.float64).reshape(-1)
    if len(x_test) != len(actual) or not len(actual):
        raise ValueError(f"Need the same, non-zero number of rows and targets, got {len(x_test)} and {len(actual)}.")
    predicted = predict_in_chunks(model, np.asarray(x_test, dtype=np.float32)).reshape(-1).astype(np.float64)
    errors = predicted - actual
    return RegressionResults(
        actual=actual,
        predicted=predicted,
        mae=float(np.mean(np.abs(errors))),
        rmse=float(np.sqrt(np.mean(errors**2))),
        baseline_mae=float(np.mean(np.abs(baseline_prediction - actual))),
        baseline_rmse=float(np.sqrt(np.mean((baseline_prediction - actual) ** 2))),
    )


#: The regression tables a page knows by name (:func:`regression_target_kind` says "other" for any other table).
REGRESSION_TARGET_KINDS = ("diabetes", "house_prices")


def regression_target_kind(target_name: str) -> str:
    """Which regression data set a target belongs to, so a page can say the error in its units:
    "diabetes" (disease progression points), "house_prices" (thousands of dollars) or "other"."""
    name = (target_name or "").lower()
    if "disease progression" in name:
        return "diabetes"
    if "$1000" in name or "home" in name or "house" in name:
        return "house_prices"
    return "other"


#: Columns a page must never list bare: what each one encodes, for the sentence that explains it. Boston house
#: prices' ``B`` is 1000 (Bk - 0.63)^2, Bk the proportion of Black residents of the town: race, written into the
#: features of a price model by the data set's 1978 authors (and why scikit-learn removed ``load_boston``).
SENSITIVE_FEATURES = {"B": "race"}


def sensitive_features(feature_names: Sequence[str]) -> tuple[str, ...]:
    """The features of a regression table that encode a protected attribute (see :data:`SENSITIVE_FEATURES`), in
    their table order: the page names what each is and why it is a problem wherever it lists the features."""
    return tuple(name for name in feature_names if name in SENSITIVE_FEATURES)
