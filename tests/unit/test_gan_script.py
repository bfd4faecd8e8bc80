"""core.lessons.gan.script: the GAN page's "show the code" is a standalone script for the config on screen. Every
network and data set gives valid Python with the config's settings; two scripts really run (in a subprocess, offline,
QUICK_RUN=1: 256 images, a few steps), build networks of exactly the engine's sizes and save a PNG of 36 samples."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from core.lessons.gan import gan, networks, script
from tests.helpers import run_learner_script


@pytest.mark.parametrize("network", networks.NETWORKS)
@pytest.mark.parametrize("dataset", ["mnist", "fashion_mnist"])
def test_every_network_and_data_set_gives_a_script_that_compiles(network, dataset):
    config = gan.course_config(dataset=dataset) if network == "course" else gan.gan_config(network, dataset=dataset)
    source = script.gan_script(config)
    compile(source, f"gan_{network}_{dataset}.py", "exec")
    assert "QUICK_RUN" in source and "import keras" in source and script.SAMPLES_FILE in source


def test_the_script_says_the_settings_on_screen():
    config = gan.page_default_config().replace(
        epochs=40, batch_size=32, params={"image_class": 7, "label_smoothing": 0.2}
    )
    source = script.gan_script(config)
    assert "EPOCHS = 1 if QUICK_RUN else 40" in source and "BATCH_SIZE = 32" in source
    assert "IMAGE_CLASS = 7" in source and "LABEL_SMOOTHING = 0.2" in source
    assert "keras.optimizers.Adam(learning_rate=0.0002, beta_1=0.5)" in source
    assert "layers.LeakyReLU(0.2)" in source and "MAX_TRAIN_IMAGES = 6000" in source
    course = script.gan_script(gan.course_config())
    assert "keras.optimizers.Adam(learning_rate=0.001)" in course and "beta_1" not in course
    assert "STEPS_PER_EPOCH = 5 if QUICK_RUN else 100" in course and "EPOCHS = 1 if QUICK_RUN else 100" in course
    assert "LeakyReLU" not in course and "BatchNormalization" not in course and "LABEL_SMOOTHING = 0.0" in course
    with pytest.raises(ValueError, match="gan task"):
        script.gan_script(_other_config())


def _other_config():
    from core.training.config import default_config

    return default_config("regression")


def run_script(source: str, tmp_path, name: str) -> str:
    return run_learner_script(source, tmp_path, name)


# The course's network (random batches, two discriminator updates) on digits, and the DCGAN on one class of clothes
# (the other loader): the improved dense network differs from them only in strings checked above. About 20 s each.
@pytest.mark.parametrize(
    "name, config",
    [
        ("course", gan.course_config()),
        ("dcgan_fashion", gan.gan_config("dcgan", dataset="fashion_mnist", params={"image_class": 3})),
    ],
)
def test_the_script_runs_offline_builds_the_engine_s_networks_and_saves_samples(name, config, tmp_path):
    output = run_script(script.gan_script(config), tmp_path, name)
    match = re.search(r"Generator: ([\d,]+) parameters; discriminator: ([\d,]+)", output)
    assert match, output[-2000:]
    latent_dim = config.param("latent_dim")
    network = config.param("network")
    assert int(match.group(1).replace(",", "")) == networks.build_generator(network, latent_dim).count_params()
    assert int(match.group(2).replace(",", "")) == networks.build_discriminator(network).count_params()
    assert "Training on 256 images" in output and "d_loss" in output
    picture = Image.open(tmp_path / script.SAMPLES_FILE)
    assert picture.size == (6 * 28, 6 * 28)
