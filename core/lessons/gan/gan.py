"""The task ``"gan"``: a generator and a discriminator trained against each other by the engine.

:func:`gan_config` makes a config, :func:`page_default_config` is the page's (chosen by measuring,
``bench/gan_quality.py``). The model the store keeps is the generator alone; after every epoch the fixed noise batch
drawn by it is kept as a gallery image (:func:`core.lessons.gan.samples.grid_artifact`).
"""

from __future__ import annotations

from typing import Any

from core.lessons.gan.data import DATASETS, get_task_data
from core.lessons.gan.networks import (
    COURSE_BATCH_SIZE,
    COURSE_STEPS,
    COURSE_STEPS_PER_EPOCH,
    NETWORKS,
    adversarial_pair_class,
    build_discriminator,
    build_generator,
)
from core.lessons.gan.samples import fixed_noise, grid_artifact
from core.lessons.gan.scoring import generator_scores, scoring_classifier
from core.training import blocks
from core.training.config import TrainConfig
from core.training.task import Task, TaskData

TASK_NAME = "gan"
MIN_LATENT_DIM, MAX_LATENT_DIM = 2, 256
MAX_LABEL_SMOOTHING = 0.3
#: The gallery keeps every epoch's grid; the engine keeps at most 200 artefacts per job.
MAX_GAN_EPOCHS = 200
ADAM_BETA_1 = 0.5  # the DCGAN paper's momentum: the default 0.9 makes the adversarial game oscillate

#: The default config, chosen by measuring (bench/gan_quality.py): see DEFAULT_* below.
DEFAULT_NETWORK = "dense"
DEFAULT_EPOCHS = 120
DEFAULT_BATCH_SIZE = 64
DEFAULT_LEARNING_RATE = 0.0002
#: Images per epoch: the embedded MNIST has 4,000 training digits, Fashion-MNIST and the full MNIST 60,000. Capping
#: an epoch keeps the default's training time (and its gallery) about the same wherever the app runs.
DEFAULT_MAX_TRAIN_IMAGES = 6000

#: The course's GAN as written (network "course"): batch 128, Adam at Keras' defaults (learning rate 0.001,
#: beta_1 0.9), no label smoothing, 10,000 steps of random batches from the whole training set.
COURSE_LEARNING_RATE = 0.001
COURSE_EPOCHS = COURSE_STEPS // COURSE_STEPS_PER_EPOCH
#: The course's preset on the page runs 3,000 of the 10,000 steps (30 epochs of 100 steps): measured on this 2-core
#: machine (``python -m bench.gan_course_steps``), one step of the course's GAN took 44 ms on a quiet machine and
#: 70 ms on a busy one, so the whole 10,000 would keep a visitor waiting 7 to 12 minutes; 100 epochs run all of them.
COURSE_PRESET_EPOCHS = 30
COURSE_MEASURED_MS_PER_STEP = (44.0, 70.0)
#: What the course's GAN gave in that measurement (scored like the page, 1,000 samples, offline MNIST): after the
#: preset's 3,000 steps and after all 10,000, with real digits for reference. It fails either way.
COURSE_MEASURED_SCORES = {
    "preset": {"frechet_distance": 767.3, "inception_score": 1.71, "classes_present": 3, "mean_confidence": 0.69},
    "full": {"frechet_distance": 634.3, "inception_score": 1.64, "classes_present": 6, "mean_confidence": 0.68},
    "real": {"frechet_distance": 11.3, "inception_score": 9.73, "classes_present": 10, "mean_confidence": 0.99},
}
#: The course samples from the whole training set: MNIST's 60,000 digits (all of them, online or offline).
COURSE_MAX_TRAIN_IMAGES = 60_000


def _fit_arguments(config: TrainConfig, data: TaskData) -> dict[str, Any]:
    """Batches of images alone (a GAN has no targets), reshuffled every epoch by a stateless shuffle seeded by
    ``(config.seed, epoch)`` as in :func:`core.training.blocks.make_fit_arguments`. Only full batches: batch
    normalisation and the adversarial balance both suffer from a last batch of a few images."""
    import tensorflow as tf

    if config.param("network") == "course":
        return _course_fit_arguments(config, data)
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


def _course_fit_arguments(config: TrainConfig, data: TaskData) -> dict[str, Any]:
    """The course's sampling: every step a batch of random rows of the whole training set (with replacement, the
    course's ``np.random.randint``), :data:`COURSE_STEPS_PER_EPOCH` steps per epoch, drawn by a stateless random
    generator seeded by ``(config.seed, epoch)``."""
    import tensorflow as tf

    n_rows = len(data.x_train)
    steps = COURSE_STEPS_PER_EPOCH
    with tf.device("/CPU:0"):
        images = tf.constant(data.x_train)
    seed = tf.constant(config.seed, dtype=tf.int64)

    def one_epoch_of_batches(epoch):
        rows = tf.random.stateless_uniform(
            (steps, config.batch_size), seed=tf.stack([seed, epoch]), maxval=n_rows, dtype=tf.int64
        )
        return tf.data.Dataset.from_tensor_slices(rows)

    training = (
        tf.data.Dataset.range(config.epochs)
        .flat_map(one_epoch_of_batches)
        .map(lambda rows: tf.gather(images, rows))
        .prefetch(2)
    )
    return {"x": training, "steps_per_epoch": steps, "epochs": config.epochs, "shuffle": False, "verbose": 0}


def _optimizer(config: TrainConfig):
    import keras

    if config.optimizer == "adam" and config.param("network") == "course":
        return keras.optimizers.Adam(learning_rate=config.learning_rate)  # the course's Adam: Keras' beta_1 0.9
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
        separate_updates=network == "course",
        name=f"gan_{network}",
    )
    pair.compile(d_optimizer=_optimizer(config), g_optimizer=_optimizer(config))
    pair.fixed_noise = fixed_noise(config)
    return pair


def _keep_generator(model, data: TaskData):
    """The model the store keeps: the generator alone (a plain Sequential model)."""
    return model.generator


def _evaluate(generator, data: TaskData) -> dict[str, Any]:
    """Test metrics of a trained generator: the scores when the data are digits and the classifier is ready."""
    metrics: dict[str, Any] = {"n_train_images": int(len(data.x_train))}
    if "0" not in data.class_names:  # Fashion-MNIST: a digit classifier has nothing to say
        return metrics
    classifier = scoring_classifier(wait=False)
    if classifier is not None:
        metrics.update(generator_scores(generator, classifier, data.x_test))
    return metrics


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
    """A GAN config: ``network`` "dense" (the course's, improved), "dcgan" or "course" (the course's as written, see
    :func:`course_config`); ``overrides`` change other fields, and
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
    load_data=get_task_data,
    build_model=_build_model,
    finalize=_keep_generator,
    evaluate=_evaluate,
    validate=_validate,
    epoch_artifact=grid_artifact,
    keep_artifacts=True,
    fit_arguments=_fit_arguments,
    description="A generator learns to draw digits or clothes by fooling a discriminator (dense GAN or DCGAN).",
)


def course_config(**overrides: Any) -> TrainConfig:
    """The course's dense GAN exactly as written: no hidden activations, batch 128, Adam at Keras' defaults, no label
    smoothing, 10,000 steps (100 epochs of 100 random batches) on the whole training set."""
    params = {"label_smoothing": 0.0, **dict(overrides.pop("params", None) or {})}
    values = {
        "batch_size": COURSE_BATCH_SIZE,
        "learning_rate": COURSE_LEARNING_RATE,
        "epochs": COURSE_EPOCHS,
        "max_train_samples": COURSE_MAX_TRAIN_IMAGES,
        **overrides,
    }
    return gan_config("course", params=params, **values)


def steps_of(config: TrainConfig, n_train_images: int) -> int:
    """How many training steps (one discriminator and one generator update each) ``config`` takes."""
    if config.param("network") == "course":
        return config.epochs * COURSE_STEPS_PER_EPOCH
    return config.epochs * (n_train_images // config.batch_size)


def page_default_config() -> TrainConfig:
    """The config the GAN page opens with (and that ``python -m core.prewarm`` stores ahead of a workshop)."""
    return gan_config()


def prewarm_configs() -> list[TrainConfig]:
    """The page's defaults, trained ahead of a workshop by ``python -m core.prewarm``."""
    return [page_default_config()]
