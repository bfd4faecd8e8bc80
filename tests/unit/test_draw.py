"""The draw page's core: MNIST-style preprocessing of a canvas drawing (centring, aspect ratio, empty, full and
edge drawings, anything that is not an image), real MNIST digits surviving a trip through a canvas-like rendering,
and the digit classifier task (configs, a tiny training through the engine, the helpers other pages use)."""

from __future__ import annotations

import numpy as np
import pytest

from core.lessons import draw as digit_canvas
from core.lessons.draw import CanvasError, prepare_canvas_digit
from core.lessons.training import CNN_ARCHITECTURE, COURSE_MLP_ARCHITECTURE
from core.training import registry
from core.training.config import TrainConfig
from tests.helpers import run_learner_script

SIZE = 280


def canvas_with(*rectangles, rgba=True):
    """A black 280x280 canvas (transparent, as the component returns it) with white rectangles
    (top, left, bottom, right)."""
    image = np.zeros((SIZE, SIZE, 4), dtype=np.uint8)
    for top, left, bottom, right in rectangles:
        image[top:bottom, left:right] = 255
    return image if rgba else image[..., 0]


def centre_of_mass(image):
    rows, columns = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (columns * image).sum() / image.sum()


def ink_box(image, threshold=0.1):
    rows = np.flatnonzero((image > threshold).any(axis=1))
    columns = np.flatnonzero((image > threshold).any(axis=0))
    return rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1


def test_a_drawing_in_a_corner_is_centred_on_its_centre_of_mass():
    # An "L" in the top-left corner: its centre of mass, not its box, goes to the middle.
    digit = prepare_canvas_digit(canvas_with((10, 10, 120, 30), (100, 10, 120, 90)))
    assert digit.status == "ok" and digit.image.shape == (28, 28) and digit.image.dtype == np.float32
    row, column = centre_of_mass(digit.image)
    assert row == pytest.approx(14, abs=1.0) and column == pytest.approx(14, abs=1.0)
    assert digit.image.min() >= 0.0 and digit.image.max() == pytest.approx(1.0)
    assert max(ink_box(digit.image)) <= 20


def test_the_longer_side_becomes_20_pixels_and_the_aspect_ratio_is_kept():
    tall = prepare_canvas_digit(canvas_with((40, 120, 240, 160)))  # 200 x 40: a "1"
    height, width = ink_box(tall.image)
    assert height == 20 and width == pytest.approx(4, abs=1)
    wide = prepare_canvas_digit(canvas_with((130, 40, 150, 240)))  # 20 x 200: a dash
    height, width = ink_box(wide.image)
    assert width == 20 and height == pytest.approx(2, abs=1)


def test_the_stroke_colour_and_the_canvas_format_do_not_matter():
    rectangles = ((40, 100, 240, 130), (40, 100, 60, 200))
    reference = prepare_canvas_digit(canvas_with(*rectangles)).image
    gray_uint8 = canvas_with(*rectangles, rgba=False)
    opaque_rgb = np.repeat(gray_uint8[..., None], 3, axis=2)
    for image in (gray_uint8, opaque_rgb, gray_uint8 / 255.0, gray_uint8 > 0, gray_uint8[..., None].astype(np.int64)):
        np.testing.assert_allclose(prepare_canvas_digit(image).image, reference, atol=1e-5)


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((SIZE, SIZE, 4), np.uint8),
        np.full((SIZE, SIZE, 4), [255, 255, 255, 0], np.uint8),  # white but fully transparent: nothing drawn
        np.zeros((SIZE, SIZE), np.float32),
    ],
)
def test_an_empty_canvas_is_reported_not_read(image):
    digit = prepare_canvas_digit(image)
    assert digit.status == "empty" and digit.image is None and not digit.readable


def test_a_dot_is_too_small_to_read():
    digit = prepare_canvas_digit(canvas_with((100, 100, 110, 110)))
    assert digit.status == "too_small" and digit.image is None


def test_a_full_canvas_gives_an_image_and_a_warning_status():
    digit = prepare_canvas_digit(np.full((SIZE, SIZE, 4), 255, np.uint8))
    assert digit.status == "too_full" and digit.touches_edge
    assert digit.image.shape == (28, 28) and np.isfinite(digit.image).all()


def test_a_drawing_at_the_very_edge_is_read_and_flagged():
    digit = prepare_canvas_digit(canvas_with((0, 250, 200, 280)))
    assert digit.status == "ok" and digit.touches_edge and digit.image is not None
    assert not prepare_canvas_digit(canvas_with((40, 120, 240, 160))).touches_edge


@pytest.mark.parametrize(
    "bad, message",
    [
        (None, "no image"),
        ("a digit", "pixel numbers"),
        (np.array([object()] * 100), "pixel numbers"),
        (np.zeros(100), "height x width"),
        (np.zeros((SIZE, SIZE, 2)), "height x width"),
        (np.zeros((4, 4)), "from 8 to 4096"),
        (np.zeros((5000, 10)), "from 8 to 4096"),
        (np.full((SIZE, SIZE), np.nan), "not numbers"),
        (np.full((SIZE, SIZE), -1.0), "from 0 to 1"),
        (np.full((SIZE, SIZE), 300, np.int32), "from 0 to 255"),
        (np.zeros((SIZE, SIZE), np.complex64), "pixel numbers"),
        ([[1, 2], [3]], "could not be read"),
    ],
)
def test_anything_that_is_not_an_image_is_a_canvas_error_with_a_sentence(bad, message):
    with pytest.raises(CanvasError, match=message):
        prepare_canvas_digit(bad)
    assert issubclass(CanvasError, ValueError)


def test_real_mnist_digits_keep_their_label_through_a_canvas_like_rendering():
    """Upscaled to the canvas and back through the page's preprocessing, digits stay recognisable: a k-NN on the
    training pixels reads them as well as the original test images."""
    from sklearn.neighbors import KNeighborsClassifier

    from core.data.images import load_mnist

    mnist = load_mnist()
    classifier = KNeighborsClassifier(n_neighbors=3).fit(
        mnist.x_train.reshape(len(mnist.x_train), -1) / 255.0, mnist.y_train
    )
    images, labels = mnist.x_test[:300], mnist.y_test[:300]
    plain = np.mean(classifier.predict(images.reshape(len(images), -1) / 255.0) == labels)
    rendered = [digit_canvas.render_as_canvas_strokes(image, thickness=0) for image in images]
    assert rendered[0].shape == (SIZE, SIZE, 4) and rendered[0].dtype == np.uint8
    prepared = np.stack([prepare_canvas_digit(image).image for image in rendered])
    round_trip = np.mean(classifier.predict(prepared.reshape(len(prepared), -1)) == labels)
    assert plain > 0.85
    assert round_trip >= plain - 0.03, (plain, round_trip)


# ---------------------------------------------------------------------------------------------------------------
# The task and the helpers
# ---------------------------------------------------------------------------------------------------------------


def test_the_classifier_configs_are_stable_and_distinct():
    cnn = digit_canvas.digit_classifier_config()
    assert cnn == digit_canvas.digit_classifier_config("cnn") and cnn.key == digit_canvas.digit_classifier_config().key
    mlp = digit_canvas.digit_classifier_config("mlp")
    assert mlp.key != cnn.key and mlp.architecture == COURSE_MLP_ARCHITECTURE
    assert cnn.param("model") == "cnn" and mlp.param("model") == "mlp"
    assert cnn in registry.prewarm_configs() and mlp in registry.prewarm_configs()
    with pytest.raises(ValueError, match="one of cnn, mlp"):
        digit_canvas.digit_classifier_config("resnet")
    with pytest.raises(ValueError, match="one of cnn, mlp"):
        TrainConfig(task="digit_canvas", params={"model": "resnet"})
    with pytest.raises(ValueError, match="Dense and Dropout"):
        digit_canvas.digit_classifier_config("mlp", architecture=CNN_ARCHITECTURE)


def test_random_stroke_width_thins_keeps_or_thickens_each_image():
    import tensorflow as tf

    images = np.zeros((64, 28, 28, 1), np.float32)
    images[:, 10:18, 13:15] = 1.0  # a 2-pixel-wide bar
    changed = digit_canvas.random_stroke_width(tf.constant(images), tf.constant([0, 1], tf.int64)).numpy()
    widths = sorted({int(image[14, :, 0].sum()) for image in changed})
    assert widths == [0, 2, 4]  # eroded away, kept, dilated
    again = digit_canvas.random_stroke_width(tf.constant(images), tf.constant([0, 1], tf.int64)).numpy()
    np.testing.assert_array_equal(changed, again)  # stateless: the same seed, the same batch


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    """The CNN and the MLP trained for one epoch on 300 digits through the engine, then loaded back from the store
    by a second engine (as a fresh server would, in safe mode)."""
    from core.training.engine import TrainingEngine
    from core.training.model_store import ModelStore

    store = tmp_path_factory.mktemp("digit_store")
    configs = {
        name: digit_canvas.digit_classifier_config(name, epochs=1, max_train_samples=300)
        for name in digit_canvas.MODEL_CHOICES
    }
    trainer = TrainingEngine(store=ModelStore(store), max_workers=1)
    try:
        for config in configs.values():
            snapshot = trainer.request(config, "test").wait(timeout=300)
            assert snapshot.state == "finished", snapshot.message
            assert snapshot.test_metrics["n_test"] == 1000
    finally:
        trainer.shutdown()
    reader = TrainingEngine(store=ModelStore(store), max_workers=1)
    models = {}
    for name, config in configs.items():
        handle = reader.request(config, "reader")
        assert handle.snapshot().from_store
        models[name] = handle.model
    yield models
    reader.shutdown()


def test_predictions_feature_maps_and_features(tiny_models):
    image = prepare_canvas_digit(canvas_with((40, 120, 240, 160))).image
    for model in tiny_models.values():
        probabilities = digit_canvas.predict_digit(model, image)
        assert probabilities.shape == (10,) and probabilities.sum() == pytest.approx(1.0)
        features = digit_canvas.classifier_features(model, np.stack([image, image, image]))
        assert features.shape == (3, 128) and np.isfinite(features).all()
        np.testing.assert_allclose(features[0], features[2], rtol=1e-5)
    maps = digit_canvas.first_layer_feature_maps(tiny_models["cnn"], image)
    assert maps.shape == (32, 28, 28)
    assert digit_canvas.first_layer_feature_maps(tiny_models["mlp"], image) is None
    uint8_batch = (np.stack([image]) * 255).astype(np.uint8)
    np.testing.assert_allclose(
        digit_canvas.classifier_features(tiny_models["cnn"], uint8_batch),
        digit_canvas.classifier_features(tiny_models["cnn"], np.stack([image])),
        atol=1e-2,
    )
    with pytest.raises(CanvasError, match="28x28"):
        digit_canvas.predict_digit(tiny_models["cnn"], np.zeros((10, 10)))


def test_confidence_threshold():
    assert digit_canvas.confident(np.array([0.9] + [0.1 / 9] * 9))
    assert not digit_canvas.confident(np.full(10, 0.1))


# --- Issue 17: pooling, reference levels, the page's script ---------------------------------------------------


def test_pooling_maps_are_the_first_convolution_max_pooled_2x2(tiny_models):
    image = prepare_canvas_digit(canvas_with((40, 120, 240, 160))).image
    before, after = digit_canvas.pooling_feature_maps(tiny_models["cnn"], image)
    assert before.shape == (32, 28, 28) and after.shape == (32, 14, 14)
    # The real pooled activations are the maximum of each 2x2 square of the real convolution maps.
    np.testing.assert_allclose(after, before.reshape(32, 14, 2, 14, 2).max(axis=(2, 4)), rtol=1e-5, atol=1e-6)
    assert digit_canvas.pooling_feature_maps(tiny_models["mlp"], image) is None
    chosen = digit_canvas.strongest_filters(before, 8)
    assert len(chosen) == 8 and chosen == sorted(chosen)
    assert before[chosen].max() == before.max()


def test_reference_levels_are_chance_and_the_majority_class():
    levels = digit_canvas.reference_levels([1, 1, 1, 2, 3, 0, 1, 9, 9, 9])
    assert levels.chance == pytest.approx(0.1)
    assert (levels.majority_class, levels.majority, levels.n_test, levels.tied) == (1, pytest.approx(0.4), 10, False)
    with pytest.raises(ValueError, match="no test labels"):
        digit_canvas.reference_levels([])
    with pytest.raises(ValueError, match="from 0 to 9"):
        digit_canvas.reference_levels([3, 10])
    # The built-in set's 1,000 held-out digits are stratified: 100 of each, so the majority class is chance too.
    built_in = digit_canvas.held_out_reference_levels(full_data=False)
    assert built_in.n_test == 1000 and built_in.majority == pytest.approx(0.1) and built_in.tied


def test_the_mlps_script_has_no_augmentation_and_reads_a_test_digit():
    source = digit_canvas.drawing_script(digit_canvas.digit_classifier_config("mlp"))
    assert "RandomRotation" not in source and "random_stroke_width" not in source
    assert 'layers.Dense(128, activation="relu")' in source and "layers.Dropout(0.5)" in source
    assert "image = x_test[0, :, :, 0]" in source and "after pooling" not in source
    compile(source, "draw_mlp.py", "exec")
    with pytest.raises(ValueError, match="digit_canvas"):
        digit_canvas.drawing_script(TrainConfig(task="linear_identity"))


# One run (the CNN: augmentation, the drawing, the pooled maps); the MLP's script differs only in strings. ~60 s.
def test_the_pages_script_runs_offline_and_reads_the_drawing(tmp_path):
    import re

    model = "cnn"
    image = prepare_canvas_digit(canvas_with((40, 120, 240, 160))).image
    source = digit_canvas.drawing_script(digit_canvas.digit_classifier_config(model), image)
    assert "RandomRotation" in source and "your drawing" in source
    output = run_learner_script(source, tmp_path, "draw")
    assert 0.0 <= float(re.search(r"Test accuracy: ([\d.]+)", output).group(1)) <= 1.0
    assert re.search(r"Chance: 0\.100, always \d: 0\.\d+", output)
    assert re.search(r"Prediction: \d \(\d+%\)", output)
    assert "Feature maps: (28, 28, 32) -> after pooling: (14, 14, 32)" in output
    # The same layers as the engine builds: the same number of weights.
    total = int(re.search(r"Total params: ([\d,]+)", output).group(1).replace(",", ""))
    config = digit_canvas.digit_classifier_config(model)
    task = registry.get_task(config.task)
    assert total == task.build_model(config, task.load_data(config)).count_params()
