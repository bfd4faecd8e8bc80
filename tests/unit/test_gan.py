"""The GAN task (core/lessons/gan/) on tiny configs: it trains through the engine with its own train_step and reports
d_loss, g_loss, D(x) and D(G(z)); every epoch's sample grid comes back with the stored generator, which loads in
safe mode; the quality scores behave (a perfect even mix scores 10, one repeated class 1; identical feature sets
are at Fréchet distance 0); bad settings are refused with a sentence."""

from __future__ import annotations

import numpy as np
import pytest

from core.lessons.gan import gan, networks, samples, scoring
from core.lessons.gan.data import get_task_data
from core.training.config import TrainConfig


def tiny_config(network: str = "dense", **overrides) -> TrainConfig:
    values = {"epochs": 3, "batch_size": 32, "max_train_samples": 128, **overrides}
    return gan.gan_config(network, **values)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A tiny dense GAN trained by an engine over an empty store, then asked for again from a second engine."""
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    folder = tmp_path_factory.mktemp("gan_store")
    config = tiny_config()
    first = TrainingEngine(store=ModelStore(folder), max_workers=1)
    try:
        handle = first.request(config, "test")
        snapshot = handle.wait(timeout=300)
        model = handle.model
    finally:
        first.shutdown()
    second = TrainingEngine(store=ModelStore(folder), max_workers=1)
    try:
        again = second.request(config, "test").wait(timeout=120)
    finally:
        second.shutdown()
    return config, snapshot, model, again


def test_the_default_is_the_course_dense_gan_on_mnist():
    config = gan.page_default_config()
    assert config.task == "gan" and config.dataset == "mnist"
    assert config.param("network") == "dense" and config.param("latent_dim") == 100
    assert config.param("image_class") == "all" and 0 < config.param("label_smoothing") < 0.5
    generator = networks.build_generator("dense", 100)
    discriminator = networks.build_discriminator("dense")
    dense_units = [layer.units for layer in generator.layers if layer.__class__.__name__ == "Dense"]
    assert dense_units == [256, 512, 1024, 784]
    assert generator.output_shape == (None, 28, 28, 1)
    assert [layer.units for layer in discriminator.layers if layer.__class__.__name__ == "Dense"] == [1024, 512, 256, 1]
    assert discriminator.layers[-1].activation.__name__ == "sigmoid"


def test_the_dcgan_draws_28x28_images_in_the_tanh_range():
    generator = networks.build_generator("dcgan", 16, seed=1)
    images = np.asarray(generator(np.zeros((2, 16), np.float32), training=False))
    assert images.shape == (2, 28, 28, 1) and images.min() >= -1 and images.max() <= 1
    assert networks.build_discriminator("dcgan").output_shape == (None, 1)


def test_a_tiny_gan_trains_in_the_engine_and_logs_the_adversarial_metrics(trained):
    config, snapshot, model, _ = trained
    assert snapshot.state == "finished", snapshot.message
    for metric in ("d_loss", "g_loss", "d_real", "d_fake"):
        assert len(snapshot.history[metric]) == 3, metric
    assert all(0.0 <= value <= 1.0 for value in snapshot.history["d_real"] + snapshot.history["d_fake"])
    # The kept model is the generator alone: noise in, a 28x28 image out.
    assert model.input_shape == (None, 100) and model.output_shape == (None, 28, 28, 1)
    assert [epoch for epoch, _ in snapshot.artifacts] == [1, 2, 3]
    grid = samples.artifact_grid(snapshot.latest_artifact)
    assert grid.shape == (28 * samples.GRID_SIDE, 28 * samples.GRID_SIDE) and grid.dtype == np.uint8
    assert samples.artifact_images(snapshot.latest_artifact).shape == (samples.GRID_SIDE**2, 28, 28)


def test_the_gallery_and_the_generator_come_back_from_the_store(trained, tmp_path):
    import keras

    config, snapshot, model, again = trained
    assert again.from_store and again.state == "finished"
    assert [epoch for epoch, _ in again.artifacts] == [1, 2, 3]
    assert [dict(value) for _, value in again.artifacts] == [dict(value) for _, value in snapshot.artifacts]
    path = tmp_path / "generator.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    noise = samples.random_noise(4, 100, seed=3)
    np.testing.assert_allclose(np.asarray(loaded(noise)), np.asarray(model(noise, training=False)), atol=1e-5)


def test_new_samples_and_interpolations_are_reproducible(trained):
    _, _, model, _ = trained
    first = samples.sample_images(model, 8, seed=5)
    assert first.shape == (8, 28, 28) and first.dtype == np.uint8
    np.testing.assert_array_equal(first, samples.sample_images(model, 8, seed=5))
    assert not np.array_equal(first, samples.sample_images(model, 8, seed=6))
    strip = samples.interpolate_images(model, 1, 2, steps=10)
    assert strip.shape == (10, 28, 28)
    np.testing.assert_array_equal(strip[0], samples.sample_images(model, 1, seed=1)[0])
    np.testing.assert_array_equal(strip[-1], samples.sample_images(model, 1, seed=2)[0])
    with pytest.raises(ValueError, match="2 to 64"):
        samples.interpolate_images(model, 1, 2, steps=1)


def test_a_sample_grid_is_a_png():
    images = np.full((4, 28, 28), 200, np.uint8)
    grid = samples.tile_images(images, 2, padding=2, background=0)
    assert grid.shape == (58, 58)
    data = samples.png_bytes(grid, scale=3)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(data)).size == (174, 174)


def test_class_scores_reward_confident_and_even_samples():
    even = np.eye(10)[np.arange(1000) % 10]
    scores = scoring.class_scores(even)
    assert scores["mean_confidence"] == pytest.approx(1.0)
    assert scores["classes_present"] == 10 and scores["inception_score"] == pytest.approx(10.0, rel=1e-3)
    collapsed = scoring.class_scores(np.eye(10)[np.full(1000, 3)])
    assert collapsed["classes_present"] == 1 and collapsed["inception_score"] == pytest.approx(1.0, abs=1e-3)
    unsure = scoring.class_scores(np.full((100, 10), 0.1))
    assert unsure["mean_confidence"] == pytest.approx(0.1) and unsure["inception_score"] == pytest.approx(1.0)


def test_frechet_distance_is_zero_for_the_same_features_and_grows_with_a_shift():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(500, 8))
    assert scoring.frechet_distance(features, features) == pytest.approx(0.0, abs=1e-6)
    shifted = scoring.frechet_distance(features, features + 3.0)
    assert shifted == pytest.approx(8 * 9.0, rel=0.05)
    dead = features.copy()
    dead[:, 0] = 0.0  # a dead ReLU unit: a singular covariance must still give a number
    assert np.isfinite(scoring.frechet_distance(dead, features))


def test_one_class_only_trains_on_that_class():
    data = get_task_data(tiny_config(params={"image_class": 7}))
    assert set(np.unique(data.y_train)) == {7} and set(np.unique(data.y_test)) == {7}
    assert data.x_train.min() >= -1.0 and data.x_train.max() <= 1.0 and data.x_train.shape[1:] == (28, 28, 1)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"params": {"network": "transformer"}}, "dense, dcgan"),
        ({"params": {"image_class": 12}}, "class number from 0 to 9"),
        ({"params": {"latent_dim": 1}}, "latent_dim"),
        ({"params": {"label_smoothing": 0.9}}, "label_smoothing"),
        ({"epochs": 500}, "at most 200 epochs"),
        ({"validation_split": 0.1}, "no validation"),
        ({"dataset": "cifar10"}, "no data set"),
    ],
)
def test_bad_settings_are_refused_with_a_sentence(overrides, message):
    params = overrides.pop("params", {})
    with pytest.raises(ValueError, match=message):
        gan.gan_config(params.pop("network", "dense"), params=params, **overrides)


# -- figures -----------------------------------------------------------------------------------------------------


def test_the_losses_panel_has_a_y_title_and_dotted_guides_at_the_losses_of_a_guessing_discriminator():
    """d_loss sums two binary cross-entropies (2 ln 2 ~ 1.39 at chance), g_loss is one (ln 2 ~ 0.69): the panel marks
    both, labelled with their values, and titles its y axis; D(x) keeps its 0.5 line on the right."""
    import math

    from dashboard.figures import gan as figures
    from dashboard.i18n import translate

    history = {"d_loss": [1.30, 1.36], "g_loss": [0.80, 0.72], "d_real": [0.7, 0.6], "d_fake": [0.3, 0.4]}
    figure = figures.gan_curves_figure(history)
    losses = sorted((shape.y0, shape.line.dash) for shape in figure.layout.shapes if shape.yref == "y")
    assert [dash for _, dash in losses] == ["dot", "dot"]
    assert [level for level, _ in losses] == pytest.approx([math.log(2), 2 * math.log(2)])
    assert [shape.y0 for shape in figure.layout.shapes if shape.yref == "y2"] == [0.5]
    assert figure.layout.yaxis.title.text == translate("gan.curve.loss_axis", "en")
    labels = [annotation.text for annotation in figure.layout.annotations]
    assert translate("gan.curve.d_chance", "en", value="1.39") in labels
    assert translate("gan.curve.g_chance", "en", value="0.69") in labels


def test_the_outputs_panel_keeps_its_axis_on_its_right_out_of_the_gap_between_the_panels():
    from dashboard.figures import gan as figures
    from dashboard.i18n import translate

    history = {"d_loss": [1.30, 1.36], "g_loss": [0.80, 0.72], "d_real": [0.7, 0.6], "d_fake": [0.3, 0.4]}
    figure = figures.gan_curves_figure(history)
    assert figure.layout.yaxis2.side == "right"
    assert figure.layout.yaxis2.title.text == translate("gan.curve.output_axis", "en")
    assert figure.layout.yaxis.side in (None, "left")
    assert figure.layout.margin.r >= 60  # room for the right-hand title


def test_the_even_mix_line_is_left_out_for_a_generator_of_one_digit():
    from dashboard.figures import gan as figures

    counts, names = [100] * 10, [str(digit) for digit in range(10)]
    assert len(figures.class_counts_figure(counts, names).layout.shapes) == 1
    assert not figures.class_counts_figure(counts, names, even_line=False).layout.shapes


# ----------------------------------------------------------------------------------------------------------------
# The course's GAN as written (issue 17), the real-digit reference, the standalone script


def test_the_course_network_is_the_course_dense_gan_without_hidden_activations():
    generator = networks.build_generator("course", 100)
    discriminator = networks.build_discriminator("course")
    generator_dense = [layer for layer in generator.layers if layer.__class__.__name__ == "Dense"]
    discriminator_dense = [layer for layer in discriminator.layers if layer.__class__.__name__ == "Dense"]
    assert [layer.units for layer in generator_dense] == [256, 512, 1024, 784]
    assert [layer.units for layer in discriminator_dense] == [1024, 512, 256, 1]
    assert [layer.activation.__name__ for layer in generator_dense] == ["linear"] * 3 + ["tanh"]
    assert [layer.activation.__name__ for layer in discriminator_dense] == ["linear"] * 3 + ["sigmoid"]
    assert len(generator.layers) == 5 and len(discriminator.layers) == 5  # nothing else: no norm, no dropout
    # Without activations the generator is one matrix and one bias followed by tanh: tanh(z W + b).
    weight, bias = np.eye(100), np.zeros(100)
    for layer in generator_dense:
        kernel, layer_bias = (np.asarray(value, dtype=np.float64) for value in layer.get_weights())
        weight, bias = weight @ kernel, bias @ kernel + layer_bias
    noise = np.random.default_rng(0).standard_normal((4, 100)).astype(np.float32)
    drawn = np.asarray(generator(noise, training=False)).reshape(4, 784)
    np.testing.assert_allclose(drawn, np.tanh(noise @ weight + bias), atol=1e-4)


def test_the_course_config_is_the_course_s_settings_and_its_steps():
    config = gan.course_config()
    assert config.param("network") == "course" and config.batch_size == 128
    assert config.learning_rate == 0.001 and config.param("label_smoothing") == 0.0
    assert config.param("latent_dim") == 100 and config.dataset == "mnist"
    assert gan.steps_of(config, 4000) == 10_000  # 100 epochs of 100 random batches: the course's 10,000 steps
    assert gan.COURSE_PRESET_EPOCHS * networks.COURSE_STEPS_PER_EPOCH == 3000
    optimizer = gan._optimizer(config)
    assert optimizer.beta_1 == pytest.approx(0.9) and float(optimizer.learning_rate) == pytest.approx(0.001)
    assert gan._optimizer(gan.page_default_config()).beta_1 == pytest.approx(0.5)
    # The app's default is untouched (its bundled model stays valid).
    assert gan.page_default_config().param("network") == "dense" and gan.page_default_config().batch_size == 64


def test_a_course_step_updates_the_discriminator_twice_and_draws_random_batches():
    config = gan.course_config(epochs=1, batch_size=16, max_train_samples=64)
    data = get_task_data(config)
    pair = gan._build_model(config, data)
    arguments = gan._fit_arguments(config, data)
    assert arguments["steps_per_epoch"] == networks.COURSE_STEPS_PER_EPOCH
    history = pair.fit(**arguments)
    assert int(pair.g_optimizer.iterations) == networks.COURSE_STEPS_PER_EPOCH
    assert int(pair.d_optimizer.iterations) == 2 * networks.COURSE_STEPS_PER_EPOCH  # real, then generated
    assert set(history.history) >= {"d_loss", "g_loss", "d_real", "d_fake"}
    assert np.isfinite(history.history["d_loss"][0])


def _feature_classifier():
    """A small untrained classifier with the draw CNN's "features" layer, enough to compare scores."""
    import keras

    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(32, activation="relu", name="features"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def test_real_digits_give_the_reference_scores_and_are_closer_than_noise():
    data = get_task_data(gan.page_default_config())
    classifier = _feature_classifier()
    reference = scoring.real_digit_scores(classifier, data.x_test, data.x_train, n_samples=500)
    assert reference["n_samples"] == 500 and reference["n_train_sample"] == 500
    assert reference["n_real"] == len(data.x_test)
    assert sum(reference["class_counts"]) == 500 and 1.0 <= reference["inception_score"] <= 10.0
    noise = np.random.default_rng(0).uniform(0, 1, (500, 28, 28, 1)).astype(np.float32)
    noise_scores = scoring.real_digit_scores(classifier, data.x_test, noise, n_samples=500)
    assert 0 <= reference["frechet_distance"] < noise_scores["frechet_distance"] / 5
    # The same number of images as the generated samples; fewer test digits than asked: all of them.
    assert scoring.real_digit_scores(classifier, data.x_test[:50], data.x_train)["n_samples"] == 50
    with pytest.raises(ValueError, match="real"):
        scoring.real_digit_scores(classifier, data.x_test[:0], data.x_train)
