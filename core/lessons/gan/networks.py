"""The GAN's two networks and the model that trains them against each other.

Three pairs (``NETWORKS``): ``"dense"``, the course's layer sizes with the fixes that make them train (LeakyReLU, batch
normalisation, dropout); ``"dcgan"``, a small DCGAN; ``"course"``, the course's dense GAN exactly as written: the same
layer sizes with *no* activation between them (the generator is then one linear map followed by tanh, the
discriminator a logistic regression on the pixels), trained as the course trains it (:data:`COURSE_STEPS_PER_EPOCH`).
"""

from __future__ import annotations

import numpy as np

from core.lessons.gan.data import IMAGE_SIZE
from core.training.config import MAX_SEED

NETWORKS = ("dense", "dcgan", "course")
LEAKY_SLOPE = 0.2
#: The course's network trains the course's way: every step draws a random batch of real images (with replacement)
#: instead of walking through the data, so an "epoch" of it is this many steps, and 100 epochs are the course's
#: 10,000 steps.
COURSE_STEPS_PER_EPOCH = 100
COURSE_STEPS = 10_000
COURSE_BATCH_SIZE = 128


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
    elif network == "course":
        # The course's generator as written: no activation between the Dense layers.
        body = [
            *(
                layers.Dense(units, kernel_initializer=init(), name=f"dense_{position}")
                for position, units in enumerate((256, 512, 1024), start=1)
            ),
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
    elif network == "course":
        # The course's discriminator as written: no activation between the Dense layers.
        body = [layers.Flatten(name="flatten")]
        body += [
            layers.Dense(units, kernel_initializer=init(), name=f"dense_{position}")
            for position, units in enumerate((1024, 512, 256), start=1)
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

        ``separate_updates=True`` is the course's step: the discriminator takes one optimizer step on the real batch,
        then another on the generated one (two ``train_on_batch`` calls in the course), then the generator one.
        """

        def __init__(
            self,
            generator,
            discriminator,
            latent_dim: int,
            label_smoothing: float,
            seed: int,
            separate_updates: bool = False,
            **kwargs,
        ):
            super().__init__(**kwargs)
            self.separate_updates = separate_updates
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

            if self.separate_updates:
                generated = self.generator(noise, training=False)  # the course's generator.predict(noise)
                d_loss = 0.0
                predictions = []
                for images, targets in ((real_images, real_targets), (generated, fake_targets)):
                    with tf.GradientTape() as tape:
                        judged_now = self.discriminator(images, training=True)
                        loss = self.loss_fn(targets, judged_now)
                    gradients = tape.gradient(loss, self.discriminator.trainable_weights)
                    self.d_optimizer.apply_gradients(zip(gradients, self.discriminator.trainable_weights))
                    d_loss += loss
                    predictions.append(judged_now)
                real_predictions, fake_predictions = predictions
            else:
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
