"""Generative adversarial networks: a generator learns to draw digits (or clothes) by fooling a discriminator.

The task ``gan`` (kind "generative") trains, through the engine like every other job, one of two networks
(``params["network"]``):

- ``"dense"``: the course's GAN. Generator 100 -> 256 -> 512 -> 1024 -> 784 (tanh), discriminator 784 -> 1024 ->
  512 -> 256 -> 1 (sigmoid), with the fixes that make it train: LeakyReLU instead of ReLU, batch normalisation in
  the generator, dropout in the discriminator, one-sided label smoothing (real images are labelled 0.9, not 1) and
  Adam with beta_1 = 0.5.
- ``"dcgan"``: a small DCGAN (keras-io's "DCGAN to generate face images", scaled down to 28x28): transposed
  convolutions up from 7x7 in the generator, strided convolutions down in the discriminator.

The data is MNIST or Fashion-MNIST from :mod:`core.data.images` (the full sets online, the embedded ones offline), all
classes or one (``params["image_class"]``), scaled to -1..1 like the generator's tanh output.

Training follows keras-io's "DCGAN" example: a :class:`keras.Model` subclass (:class:`AdversarialPair`) with its own
``train_step`` (one discriminator update on a real and a generated batch, then one generator update), trained by
``model.fit`` on batches of images alone. Its logs: ``d_loss``, ``g_loss``, ``d_real`` (mean D(x) on real images)
and ``d_fake`` (mean D(G(z)) on generated ones). After every epoch the engine records the generator's drawings of one
fixed noise batch as a PNG grid (:func:`grid_artifact`); they are stored with the model (``keep_artifacts``), so the
gallery of a stored model goes from noise to digits. The model kept in the store is the generator alone: a plain
Sequential model that loads in safe mode.

Quality, measured with the draw page's digit classifier (:func:`core.lessons.draw.digit_classifier_config`): the
mean top-class confidence over 1,000 samples, how many of the ten digits appear and how evenly (an Inception-score-
like number, 1 to 10), and the Fréchet distance between the classifier's features of generated and real test digits
(:func:`generator_scores`).

Importing this module is cheap (numpy only): Keras and TensorFlow are imported by the functions that need them.
"""

from __future__ import annotations

import base64
import io
import warnings
from typing import Any

import numpy as np

from core.training import blocks
from core.training.config import MAX_SEED, TrainConfig
from core.training.task import Task, TaskData

TASK_NAME = "gan"
NETWORKS = ("dense", "dcgan")
DATASETS = ("mnist", "fashion_mnist")
IMAGE_SIZE = 28
MIN_LATENT_DIM, MAX_LATENT_DIM = 2, 256
MAX_LABEL_SMOOTHING = 0.3
#: The gallery keeps every epoch's grid; the engine keeps at most 200 artefacts per job.
MAX_GAN_EPOCHS = 200
#: The fixed noise batch drawn after every epoch: a GRID_SIDE x GRID_SIDE grid.
GRID_SIDE = 6
#: The seed of the fixed noise batch is derived from the config's seed (the same grid for the same config).
FIXED_NOISE_OFFSET = 7919
LEAKY_SLOPE = 0.2
ADAM_BETA_1 = 0.5  # the DCGAN paper's momentum: the default 0.9 makes the adversarial game oscillate
SCORE_SAMPLES = 1000
#: A class counts as present when at least this share of the samples is classified as it.
PRESENT_SHARE = 0.01
SCORING_WATCHER = "gan-scoring"

#: The default config, chosen by measuring (bench/gan_quality.py): see DEFAULT_* below.
DEFAULT_NETWORK = "dense"
DEFAULT_EPOCHS = 120
DEFAULT_BATCH_SIZE = 64
DEFAULT_LEARNING_RATE = 0.0002
#: Images per epoch: the embedded MNIST has 4,000 training digits, Fashion-MNIST and the full MNIST 60,000. Capping
#: an epoch keeps the default's training time (and its gallery) about the same wherever the app runs.
DEFAULT_MAX_TRAIN_IMAGES = 6000


# ---------------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------------


def to_tanh_range(images: np.ndarray) -> np.ndarray:
    """uint8 images (N, 28, 28) 0..255 -> float32 (N, 28, 28, 1) in -1..1, the range of the generator's tanh."""
    return (np.asarray(images, dtype=np.float32)[..., np.newaxis] - 127.5) / 127.5


def to_uint8(images: Any) -> np.ndarray:
    """Generator outputs (N, 28, 28[, 1]) in -1..1 -> uint8 (N, 28, 28) 0..255."""
    array = np.asarray(images, dtype=np.float32)
    if array.ndim == 4:
        array = array[..., 0]
    return np.clip(np.rint((array + 1.0) * 127.5), 0, 255).astype(np.uint8)


def _load_data(config: TrainConfig) -> TaskData:
    from core.data.loaders import load_dataset

    dataset = load_dataset(config.dataset, prefer_download=config.full_data)
    image_class = config.param("image_class")
    train_rows = np.arange(len(dataset.x_train))
    test_rows = np.arange(len(dataset.x_test))
    if image_class != "all":
        train_rows = np.flatnonzero(dataset.y_train == image_class)
        test_rows = np.flatnonzero(dataset.y_test == image_class)
    order = np.random.default_rng(config.seed).permutation(train_rows)
    if config.max_train_samples is not None:
        order = order[: config.max_train_samples]
    if len(order) < config.batch_size:
        raise ValueError(
            f"Only {len(order)} training images for a batch of {config.batch_size}: choose a smaller batch."
        )
    class_names = tuple(dataset.class_names)
    which = "all classes" if image_class == "all" else f"only class {class_names[image_class]}"
    return TaskData(
        x_train=to_tanh_range(dataset.x_train[order]),
        y_train=np.asarray(dataset.y_train[order], dtype=np.int64),
        x_validation=None,
        y_validation=None,
        # Real test images (0..1), the reference of the Fréchet distance.
        x_test=blocks.scale_images(dataset.x_test[test_rows]),
        y_test=np.asarray(dataset.y_test[test_rows], dtype=np.int64),
        input_shape=(IMAGE_SIZE, IMAGE_SIZE, 1),
        class_names=class_names,
        description=f"{dataset.provenance.description} The GAN trains on {len(order):,} images ({which}).",
        online=dataset.provenance.online,
        extras={
            "image_class": image_class,
            "n_train_images": int(len(order)),
            "latent_dim": config.param("latent_dim"),
            "preprocessing": "pixels scaled to -1..1 (x / 127.5 - 1), shape (28, 28, 1)",
        },
    )


def _fit_arguments(config: TrainConfig, data: TaskData) -> dict[str, Any]:
    """Batches of images alone (a GAN has no targets), reshuffled every epoch by a stateless shuffle seeded by
    ``(config.seed, epoch)`` as in :func:`core.blocks.make_fit_arguments`. Only full batches: batch normalisation
    and the adversarial balance both suffer from a last batch of a few images."""
    import tensorflow as tf

    n_rows = len(data.x_train)
    steps_per_epoch = n_rows // config.batch_size
    with tf.device("/CPU:0"):
        images = tf.constant(data.x_train)
    seed = tf.constant(config.seed, dtype=tf.int64)

    def one_epoch_of_batches(epoch):
        order = tf.random.experimental.stateless_shuffle(tf.range(n_rows, dtype=tf.int64), seed=tf.stack([seed, epoch]))
        return tf.data.Dataset.from_tensor_slices(order[: steps_per_epoch * config.batch_size]).batch(config.batch_size)

    training = (
        tf.data.Dataset.range(config.epochs)
        .flat_map(one_epoch_of_batches)
        .map(lambda rows: tf.gather(images, rows))
        .prefetch(2)
    )
    return {"x": training, "steps_per_epoch": steps_per_epoch, "epochs": config.epochs, "shuffle": False, "verbose": 0}


# ---------------------------------------------------------------------------------------------------------------
# The networks
# ---------------------------------------------------------------------------------------------------------------


def _seeds(seed: int, count: int) -> list[int]:
    return [int(value) for value in np.random.default_rng(seed).integers(0, MAX_SEED, size=count)]


def build_generator(network: str, latent_dim: int, seed: int = 0):
    """The generator: noise (latent_dim,) -> image (28, 28, 1) in -1..1. Built-in layers only (safe-mode loading)."""
    import keras
    from keras import layers

    seeds = iter(_seeds(seed, 8))

    def init():
        return keras.initializers.GlorotUniform(seed=next(seeds))

    if network == "dense":
        hidden = []
        for position, units in enumerate((256, 512, 1024), start=1):
            hidden += [
                layers.Dense(units, kernel_initializer=init(), name=f"dense_{position}"),
                layers.LeakyReLU(LEAKY_SLOPE, name=f"leaky_relu_{position}"),
                layers.BatchNormalization(momentum=0.8, name=f"batch_norm_{position}"),
            ]
        body = hidden + [
            layers.Dense(IMAGE_SIZE * IMAGE_SIZE, activation="tanh", kernel_initializer=init(), name="pixels"),
            layers.Reshape((IMAGE_SIZE, IMAGE_SIZE, 1), name="image"),
        ]
    elif network == "dcgan":
        body = [
            layers.Dense(7 * 7 * 128, kernel_initializer=init(), name="dense_1"),
            layers.BatchNormalization(name="batch_norm_1"),
            layers.LeakyReLU(LEAKY_SLOPE, name="leaky_relu_1"),
            layers.Reshape((7, 7, 128), name="reshape_7x7"),
            layers.Conv2DTranspose(64, 4, strides=2, padding="same", kernel_initializer=init(), name="up_14x14"),
            layers.BatchNormalization(name="batch_norm_2"),
            layers.LeakyReLU(LEAKY_SLOPE, name="leaky_relu_2"),
            layers.Conv2DTranspose(
                1, 4, strides=2, padding="same", activation="tanh", kernel_initializer=init(), name="image"
            ),
        ]
    else:
        raise ValueError(f"The GAN's network is one of {', '.join(NETWORKS)}, got {network!r}.")
    return keras.Sequential([keras.Input(shape=(latent_dim,), name="noise"), *body], name=f"generator_{network}")


def build_discriminator(network: str, seed: int = 0):
    """The discriminator: image (28, 28, 1) -> probability that it is real."""
    import keras
    from keras import layers

    seeds = iter(_seeds(seed + 1, 12))

    def init():
        return keras.initializers.GlorotUniform(seed=next(seeds))

    if network == "dense":
        body: list = [layers.Flatten(name="flatten")]
        for position, units in enumerate((1024, 512, 256), start=1):
            body += [
                layers.Dense(units, kernel_initializer=init(), name=f"dense_{position}"),
                layers.LeakyReLU(LEAKY_SLOPE, name=f"leaky_relu_{position}"),
                layers.Dropout(0.3, seed=next(seeds), name=f"dropout_{position}"),
            ]
    elif network == "dcgan":
        body = [
            layers.Conv2D(32, 4, strides=2, padding="same", kernel_initializer=init(), name="down_14x14"),
            layers.LeakyReLU(LEAKY_SLOPE, name="leaky_relu_1"),
            layers.Conv2D(64, 4, strides=2, padding="same", kernel_initializer=init(), name="down_7x7"),
            layers.LeakyReLU(LEAKY_SLOPE, name="leaky_relu_2"),
            layers.Flatten(name="flatten"),
            layers.Dropout(0.3, seed=next(seeds), name="dropout"),
        ]
    else:
        raise ValueError(f"The GAN's network is one of {', '.join(NETWORKS)}, got {network!r}.")
    body.append(layers.Dense(1, activation="sigmoid", kernel_initializer=init(), name="real_probability"))
    return keras.Sequential(
        [keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 1), name="image"), *body], name=f"discriminator_{network}"
    )


def fixed_noise(config: TrainConfig) -> np.ndarray:
    """The noise batch the gallery draws after every epoch (GRID_SIDE**2 vectors), the same for the same config."""
    rng = np.random.default_rng(config.seed + FIXED_NOISE_OFFSET)
    return rng.standard_normal((GRID_SIDE * GRID_SIDE, config.param("latent_dim"))).astype(np.float32)


_adversarial_pair_class: type | None = None


def adversarial_pair_class() -> type:
    """:class:`AdversarialPair`, defined on first use so that importing this module does not import Keras."""
    global _adversarial_pair_class
    if _adversarial_pair_class is not None:
        return _adversarial_pair_class
    import keras
    import tensorflow as tf

    class AdversarialPair(keras.Model):
        """A generator and a discriminator trained against each other by ``fit`` (keras-io's DCGAN pattern).

        Each step: the discriminator learns to tell a real batch (target ``1 - label_smoothing``) from a generated
        one (target 0); then the generator learns to make the discriminator say "real" (target 1) on fresh noise.
        Only the generator is kept after training (the task's ``finalize``).
        """

        def __init__(self, generator, discriminator, latent_dim: int, label_smoothing: float, seed: int, **kwargs):
            super().__init__(**kwargs)
            self.generator = generator
            self.discriminator = discriminator
            self.latent_dim = latent_dim
            self.label_smoothing = label_smoothing
            self.seed_generator = keras.random.SeedGenerator(seed)
            self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
            self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
            self.d_real_tracker = keras.metrics.Mean(name="d_real")
            self.d_fake_tracker = keras.metrics.Mean(name="d_fake")
            self.fixed_noise: np.ndarray | None = None

        def compile(self, d_optimizer, g_optimizer):
            super().compile()
            self.d_optimizer = d_optimizer
            self.g_optimizer = g_optimizer
            self.loss_fn = keras.losses.BinaryCrossentropy()

        @property
        def metrics(self):
            # Listed here so that fit resets them at the start of every epoch.
            return [self.d_loss_tracker, self.g_loss_tracker, self.d_real_tracker, self.d_fake_tracker]

        def call(self, noise, training=False):
            return self.generator(noise, training=training)

        def train_step(self, real_images):
            batch_size = tf.shape(real_images)[0]
            noise = keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)
            real_targets = tf.fill((batch_size, 1), 1.0 - self.label_smoothing)
            fake_targets = tf.zeros((batch_size, 1))

            with tf.GradientTape() as tape:
                generated = self.generator(noise, training=True)
                real_predictions = self.discriminator(real_images, training=True)
                fake_predictions = self.discriminator(generated, training=True)
                d_loss = self.loss_fn(real_targets, real_predictions) + self.loss_fn(fake_targets, fake_predictions)
            gradients = tape.gradient(d_loss, self.discriminator.trainable_weights)
            self.d_optimizer.apply_gradients(zip(gradients, self.discriminator.trainable_weights))

            noise = keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)
            with tf.GradientTape() as tape:
                judged = self.discriminator(self.generator(noise, training=True), training=True)
                g_loss = self.loss_fn(tf.ones((batch_size, 1)), judged)
            gradients = tape.gradient(g_loss, self.generator.trainable_weights)
            self.g_optimizer.apply_gradients(zip(gradients, self.generator.trainable_weights))

            self.d_loss_tracker.update_state(d_loss)
            self.g_loss_tracker.update_state(g_loss)
            self.d_real_tracker.update_state(tf.reduce_mean(real_predictions))
            self.d_fake_tracker.update_state(tf.reduce_mean(fake_predictions))
            return {metric.name: metric.result() for metric in self.metrics}

    _adversarial_pair_class = AdversarialPair
    return AdversarialPair


def _optimizer(config: TrainConfig):
    import keras

    if config.optimizer == "adam":
        return keras.optimizers.Adam(learning_rate=config.learning_rate, beta_1=ADAM_BETA_1)
    return blocks.make_optimizer(config.optimizer, config.learning_rate)


def _build_model(config: TrainConfig, data: TaskData):
    network = config.param("network")
    latent_dim = config.param("latent_dim")
    pair = adversarial_pair_class()(
        build_generator(network, latent_dim, config.seed),
        build_discriminator(network, config.seed),
        latent_dim=latent_dim,
        label_smoothing=config.param("label_smoothing"),
        seed=config.seed,
        name=f"gan_{network}",
    )
    pair.compile(d_optimizer=_optimizer(config), g_optimizer=_optimizer(config))
    pair.fixed_noise = fixed_noise(config)
    return pair


def _keep_generator(model, data: TaskData):
    """The model the store keeps: the generator alone (a plain Sequential model)."""
    return model.generator


# ---------------------------------------------------------------------------------------------------------------
# Drawing samples
# ---------------------------------------------------------------------------------------------------------------


def generate(generator, noise: np.ndarray) -> np.ndarray:
    """uint8 images (N, 28, 28) the generator draws for ``noise`` (N, latent_dim), in inference mode."""
    noise = np.asarray(noise, dtype=np.float32)
    outputs = [np.asarray(generator(noise[start : start + 512], training=False)) for start in range(0, len(noise), 512)]
    return to_uint8(np.concatenate(outputs, axis=0)) if outputs else np.zeros((0, IMAGE_SIZE, IMAGE_SIZE), np.uint8)


def latent_dim_of(generator) -> int:
    return int(generator.inputs[0].shape[-1])


def random_noise(count: int, latent_dim: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((count, latent_dim)).astype(np.float32)


def sample_images(generator, count: int, seed: int) -> np.ndarray:
    """``count`` fresh samples (uint8, N x 28 x 28) from noise drawn with ``seed``."""
    if not 1 <= int(count) <= 10_000:
        raise ValueError(f"Between 1 and 10,000 samples can be drawn at once, got {count!r}.")
    return generate(generator, random_noise(int(count), latent_dim_of(generator), int(seed)))


def interpolate_images(generator, seed_from: int, seed_to: int, steps: int = 10) -> np.ndarray:
    """The generator's images along a path between the noise vectors of two seeds (uint8, steps x 28 x 28).

    Spherical interpolation: Gaussian noise vectors lie near a sphere, and a straight line between two of them
    passes through shorter vectors than the generator ever saw (pale, blurry middles)."""
    if not 2 <= int(steps) <= 64:
        raise ValueError(f"An interpolation has 2 to 64 steps, got {steps!r}.")
    latent_dim = latent_dim_of(generator)
    start = random_noise(1, latent_dim, int(seed_from))[0].astype(np.float64)
    end = random_noise(1, latent_dim, int(seed_to))[0].astype(np.float64)
    cosine = np.dot(start, end) / (np.linalg.norm(start) * np.linalg.norm(end))
    angle = np.arccos(np.clip(cosine, -1.0, 1.0))
    fractions = np.linspace(0.0, 1.0, int(steps))
    if angle < 1e-6:
        path = np.stack([(1 - f) * start + f * end for f in fractions])
    else:
        path = np.stack(
            [(np.sin((1 - f) * angle) * start + np.sin(f * angle) * end) / np.sin(angle) for f in fractions]
        )
    return generate(generator, path.astype(np.float32))


def tile_images(images: np.ndarray, columns: int, padding: int = 0, background: int = 0) -> np.ndarray:
    """uint8 images (N, H, W) laid out in a grid with ``columns`` columns (and ``padding`` pixels between)."""
    images = np.asarray(images, dtype=np.uint8)
    count, height, width = images.shape
    columns = max(1, min(int(columns), count))
    rows = -(-count // columns)
    grid = np.full(
        (rows * height + (rows - 1) * padding, columns * width + (columns - 1) * padding), background, np.uint8
    )
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        top, left = row * (height + padding), column * (width + padding)
        grid[top : top + height, left : left + width] = image
    return grid


def png_bytes(grid: np.ndarray, scale: int = 1) -> bytes:
    """A uint8 grey image as PNG bytes, enlarged ``scale`` times with sharp pixels."""
    from PIL import Image

    picture = Image.fromarray(np.asarray(grid, dtype=np.uint8), mode="L")
    if scale > 1:
        picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def grid_artifact(model, data: TaskData) -> dict[str, Any]:
    """After every epoch: the fixed noise batch drawn by the current generator, as a JSON-ready PNG grid."""
    generator = getattr(model, "generator", model)
    noise = getattr(model, "fixed_noise", None)
    if noise is None:
        noise = random_noise(GRID_SIDE * GRID_SIDE, latent_dim_of(generator), FIXED_NOISE_OFFSET)
    grid = tile_images(generate(generator, noise), GRID_SIDE)
    return {"png": base64.b64encode(png_bytes(grid)).decode("ascii"), "columns": GRID_SIDE, "count": len(noise)}


def artifact_grid(artifact) -> np.ndarray:
    """The uint8 grid image of a :func:`grid_artifact` (decoded from its PNG)."""
    from PIL import Image

    picture = Image.open(io.BytesIO(base64.b64decode(artifact["png"])))
    return np.asarray(picture.convert("L"), dtype=np.uint8)


def artifact_images(artifact) -> np.ndarray:
    """The individual uint8 images (N, 28, 28) of a :func:`grid_artifact`."""
    grid = artifact_grid(artifact)
    columns = int(artifact["columns"])
    count = int(artifact["count"])
    images = [
        grid[row * IMAGE_SIZE : (row + 1) * IMAGE_SIZE, column * IMAGE_SIZE : (column + 1) * IMAGE_SIZE]
        for row, column in (divmod(index, columns) for index in range(count))
    ]
    return np.stack(images)


# ---------------------------------------------------------------------------------------------------------------
# Measuring the generator with the digit classifier
# ---------------------------------------------------------------------------------------------------------------


def classifier_config() -> TrainConfig:
    """The classifier that scores generated digits: the draw page's CNN (the same stored model)."""
    from core.lessons.draw import digit_classifier_config

    return digit_classifier_config()


def scoring_classifier(wait: bool = True, timeout: float | None = None):
    """The trained digit classifier from the engine (from the store, or trained now when ``wait``), else None.

    With ``wait=False`` it never waits: the GAN's own evaluation runs inside the engine's worker, where waiting for
    another job of the same engine would wait forever.
    """
    from core.training.engine import get_engine

    handle = get_engine().request(classifier_config(), SCORING_WATCHER)
    if not handle.done and not wait:
        handle.stop()
        return None
    snapshot = handle.wait(timeout)
    return handle.model if snapshot.state == "finished" else None


def frechet_distance(features_a: np.ndarray, features_b: np.ndarray) -> float:
    """The Fréchet distance between two Gaussians fitted to two sets of feature vectors (FID's formula)."""
    from scipy import linalg

    features_a = np.asarray(features_a, dtype=np.float64)
    features_b = np.asarray(features_b, dtype=np.float64)
    mean_a, mean_b = features_a.mean(axis=0), features_b.mean(axis=0)
    covariance_a = np.cov(features_a, rowvar=False)
    covariance_b = np.cov(features_b, rowvar=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a singular product (dead ReLU features) is handled just below
        root, _ = linalg.sqrtm(covariance_a @ covariance_b, disp=False)
        if not np.all(np.isfinite(root)):
            # FID's usual remedy: a tiny offset on the diagonals makes the product's square root well defined.
            offset = np.eye(len(covariance_a)) * 1e-6
            root, _ = linalg.sqrtm((covariance_a + offset) @ (covariance_b + offset), disp=False)
    root = np.real(root)
    distance = np.sum((mean_a - mean_b) ** 2) + np.trace(covariance_a + covariance_b - 2.0 * root)
    return float(max(distance, 0.0))


def class_scores(probabilities: np.ndarray) -> dict[str, Any]:
    """Confidence, classes present and evenness of a classifier's probabilities (N, classes) for generated images.

    ``inception_score`` is exp(E[KL(p(y|x) || p(y))]): 1 when every sample looks alike or nothing is recognised,
    the number of classes when each sample is one class with certainty and all classes are equally common.
    """
    probabilities = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-12, 1.0)
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)
    n_classes = probabilities.shape[1]
    predictions = probabilities.argmax(axis=1)
    counts = np.bincount(predictions, minlength=n_classes)
    marginal = probabilities.mean(axis=0)
    divergence = np.sum(probabilities * (np.log(probabilities) - np.log(marginal)), axis=1)
    return {
        "mean_confidence": float(probabilities.max(axis=1).mean()),
        "class_counts": [int(count) for count in counts],
        "classes_present": int(np.sum(counts >= max(1, PRESENT_SHARE * len(predictions)))),
        "inception_score": float(np.exp(divergence.mean())),
    }


def generator_scores(
    generator, classifier, real_images: np.ndarray, n_samples: int = SCORE_SAMPLES, seed: int = 0
) -> dict[str, Any]:
    """The quality of ``generator`` judged by a digit ``classifier`` on ``n_samples`` fresh samples:
    :func:`class_scores` plus ``frechet_distance`` between the classifier's features of the samples and of
    ``real_images`` (N, 28, 28[, 1], 0..1 or 0..255)."""
    from core.lessons.draw import classifier_features

    samples = sample_images(generator, n_samples, seed).astype(np.float32) / 255.0
    probabilities = blocks.predict_in_chunks(classifier, samples[..., np.newaxis])
    scores = class_scores(probabilities)
    generated_features = classifier_features(classifier, samples)
    real_features = classifier_features(classifier, real_images)
    scores["frechet_distance"] = frechet_distance(generated_features, real_features)
    scores["n_samples"] = int(n_samples)
    scores["n_real"] = int(len(real_images))
    return scores


def _evaluate(generator, data: TaskData) -> dict[str, Any]:
    """Test metrics of a trained generator: the scores when the data are digits and the classifier is ready."""
    metrics: dict[str, Any] = {"n_train_images": int(len(data.x_train))}
    if "0" not in data.class_names:  # Fashion-MNIST: a digit classifier has nothing to say
        return metrics
    classifier = scoring_classifier(wait=False)
    if classifier is not None:
        metrics.update(generator_scores(generator, classifier, data.x_test))
    return metrics


# ---------------------------------------------------------------------------------------------------------------
# The task
# ---------------------------------------------------------------------------------------------------------------


def _validate(config: TrainConfig) -> None:
    if config.architecture:
        raise ValueError("The GAN's layers are fixed by params['network'] (dense or dcgan): leave architecture empty.")
    if config.validation_split != 0:
        raise ValueError("A GAN has no validation rows: validation_split must be 0.")
    if config.epochs > MAX_GAN_EPOCHS:
        raise ValueError(f"A GAN here trains for at most {MAX_GAN_EPOCHS} epochs (its gallery keeps every one).")
    network = config.param("network")
    if network not in NETWORKS:
        raise ValueError(f"The GAN's network is one of {', '.join(NETWORKS)}, got {network!r}.")
    image_class = config.param("image_class")
    if image_class != "all" and not (isinstance(image_class, int) and 0 <= image_class <= 9):
        raise ValueError(f"image_class is 'all' or a class number from 0 to 9, got {image_class!r}.")
    latent_dim = config.param("latent_dim")
    if not isinstance(latent_dim, int) or not MIN_LATENT_DIM <= latent_dim <= MAX_LATENT_DIM:
        raise ValueError(
            f"latent_dim must be a whole number from {MIN_LATENT_DIM} to {MAX_LATENT_DIM}, got {latent_dim!r}."
        )
    smoothing = config.param("label_smoothing")
    if (
        not isinstance(smoothing, (int, float))
        or isinstance(smoothing, bool)
        or not 0 <= smoothing <= MAX_LABEL_SMOOTHING
    ):
        raise ValueError(f"label_smoothing must be a number from 0 to {MAX_LABEL_SMOOTHING}, got {smoothing!r}.")


def gan_config(network: str = DEFAULT_NETWORK, **overrides: Any) -> TrainConfig:
    """A GAN config: ``network`` "dense" (the course's) or "dcgan"; ``overrides`` change other fields, and
    ``params`` other settings (``image_class``, ``latent_dim``, ``label_smoothing``)."""
    params = {**dict(overrides.pop("params", None) or {}), "network": network}
    return TrainConfig(task=TASK_NAME, params=params, **overrides)


GAN_TASK = Task(
    name=TASK_NAME,
    kind="generative",
    datasets=DATASETS,
    default_dataset="mnist",
    defaults={
        "architecture": (),
        "optimizer": "adam",
        "learning_rate": DEFAULT_LEARNING_RATE,
        "batch_size": DEFAULT_BATCH_SIZE,
        "epochs": DEFAULT_EPOCHS,
        "validation_split": 0.0,
        "max_train_samples": DEFAULT_MAX_TRAIN_IMAGES,
    },
    options=frozenset({"max_train_samples"}),
    param_defaults={"network": DEFAULT_NETWORK, "image_class": "all", "latent_dim": 100, "label_smoothing": 0.1},
    online_dataset=lambda config: config.dataset,
    load_data=_load_data,
    build_model=_build_model,
    finalize=_keep_generator,
    evaluate=_evaluate,
    validate=_validate,
    epoch_artifact=grid_artifact,
    keep_artifacts=True,
    fit_arguments=_fit_arguments,
    description="A generator learns to draw digits or clothes by fooling a discriminator (dense GAN or DCGAN).",
)


def page_default_config() -> TrainConfig:
    """The config the GAN page opens with (and that ``python -m core.prewarm`` stores ahead of a workshop)."""
    return gan_config()


def get_task_data(config: TrainConfig) -> TaskData:
    """The data of a GAN config exactly as the engine trains on it (e.g. the real test digits for the scores)."""
    return _load_data(config)


def prewarm_configs() -> list[TrainConfig]:
    """The page's defaults, trained ahead of a workshop by ``python -m core.prewarm``."""
    return [page_default_config()]
