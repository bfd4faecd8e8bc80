"""core.training.views: the first example replayed epoch by epoch (checked against a real engine training), the
confusion matrix, the mistakes it picks, the first-layer weights as images, regression errors in the data's units."""

import numpy as np
import pytest

from core.lessons.training import CNN_ARCHITECTURE
from core.training import views
from core.training.config import LayerSpec, default_config
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore

# -- the first example -------------------------------------------------------------------------------------------


def test_the_replay_reproduces_the_engines_training_of_y_equals_x(tmp_path):
    config = default_config("linear_identity", epochs=60)
    engine = TrainingEngine(store=ModelStore(tmp_path / "store"))
    try:
        snapshot = engine.request(config, "test").wait(timeout=120)
    finally:
        engine.shutdown()
    assert snapshot.state == "finished", snapshot.message
    trajectory = views.replay_identity_training(config)
    assert trajectory.epochs == 60
    # Keras reports each epoch's loss before that epoch's step: the replay's losses[:-1].
    np.testing.assert_allclose(trajectory.losses[:-1], snapshot.history["loss"], rtol=1e-4, atol=1e-6)
    assert trajectory.weights[-1] == pytest.approx(snapshot.test_metrics["weight"], abs=1e-5)
    assert trajectory.biases[-1] == pytest.approx(snapshot.test_metrics["bias"], abs=1e-5)
    answer_for_six = dict(zip(snapshot.test_metrics["test_x"], snapshot.test_metrics["test_predictions"]))[6.0]
    assert float(trajectory.predict(60, 6.0)) == pytest.approx(answer_for_six, abs=1e-4)


def test_the_default_first_example_learns_y_equals_x():
    trajectory = views.replay_identity_training(default_config("linear_identity"))
    assert trajectory.weights[0] == pytest.approx(views.identity_initial_weights(0)[0])
    assert trajectory.biases[0] == 0.0
    assert trajectory.losses[-1] < 1e-4 < trajectory.losses[0]
    assert float(trajectory.predict(trajectory.epochs, 6.0)) == pytest.approx(6.0, abs=0.05)
    with pytest.raises(ValueError, match="epoch must be from 0 to 300"):
        trajectory.predict(301, 6.0)


def test_a_too_high_learning_rate_diverges_in_the_replay_without_warnings():
    trajectory = views.replay_identity_training(default_config("linear_identity", learning_rate=0.1))
    assert not np.isfinite(trajectory.losses[-1]) or trajectory.losses[-1] > 1e12


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"optimizer": "rmsprop"}, "Only plain SGD and Adam"),
        ({"batch_size": 2}, "batch_size >= 5"),
    ],
)
def test_the_replay_refuses_what_it_cannot_reproduce(changes, message):
    with pytest.raises(ValueError, match=message):
        views.replay_identity_training(default_config("linear_identity", **changes))
    with pytest.raises(ValueError, match="Only the linear_identity task"):
        views.replay_identity_training(default_config("toy_2d"))


# -- classifiers ------------------------------------------------------------------------------------------------


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    labels = [0, 0, 1, 1, 2, 2, 2]
    predictions = [0, 1, 1, 1, 0, 2, 2]
    matrix = views.confusion_matrix(labels, predictions, n_classes=4)
    expected = np.array([[1, 1, 0, 0], [0, 2, 0, 0], [1, 0, 2, 0], [0, 0, 0, 0]])
    np.testing.assert_array_equal(matrix, expected)
    assert matrix.sum() == len(labels)
    with pytest.raises(ValueError, match="3 labels but 2 predictions"):
        views.confusion_matrix([0, 1, 2], [0, 1], n_classes=3)
    with pytest.raises(ValueError, match="from 0 to 2"):
        views.confusion_matrix([0, 3], [0, 1], n_classes=3)


def test_misclassified_examples_come_most_confident_first():
    labels = np.array([0, 1, 2, 1, 0])
    predictions = np.array([0, 2, 2, 0, 1])
    probabilities = np.array([[0.9, 0.05, 0.05], [0.1, 0.3, 0.6], [0.0, 0.1, 0.9], [0.95, 0.05, 0.0], [0.2, 0.7, 0.1]])
    wrong = views.misclassified_indices(labels, predictions, probabilities, limit=None)
    np.testing.assert_array_equal(wrong, [3, 4, 1])  # sure of 0.95, 0.7, 0.6
    first_two = views.misclassified_indices(labels, predictions, probabilities, limit=2)
    np.testing.assert_array_equal(first_two, [3, 4])
    np.testing.assert_array_equal(views.misclassified_indices(labels, predictions), [1, 3, 4])
    assert len(views.misclassified_indices(labels, labels)) == 0


class _FixedModel:
    """Stands in for a Keras model: returns the probabilities it was given, row for row."""

    def __init__(self, probabilities):
        self.probabilities = np.asarray(probabilities, dtype=np.float32)
        self.calls = 0

    def __call__(self, x, training=False):
        start = self.calls
        self.calls += len(x)
        return self.probabilities[start : start + len(x)]


def test_classify_compares_predictions_with_labels():
    probabilities = [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4], [0.1, 0.9]]
    results = views.classify(_FixedModel(probabilities), np.zeros((4, 2)), [0, 1, 1, 1], ("a", "b"))
    np.testing.assert_array_equal(results.predictions, [0, 1, 0, 1])
    assert results.accuracy == pytest.approx(0.75)
    np.testing.assert_array_equal(results.confusion, [[1, 0], [1, 2]])
    with pytest.raises(ValueError, match="3 classes"):
        views.classify(_FixedModel(probabilities), np.zeros((4, 2)), [0, 1, 1, 1], ("a", "b", "c"))


def _image_model(architecture, shape=(8, 8, 1)):
    """A small image classifier built like the task builds it (Flatten placed by the same plan)."""
    import keras
    from keras import layers

    from core.training.blocks import image_layer_plan

    def make(spec):
        if spec.kind == "dense":
            return layers.Dense(spec.units, activation=spec.activation)
        if spec.kind == "dropout":
            return layers.Dropout(spec.rate)
        if spec.kind == "conv2d":
            return layers.Conv2D(spec.filters, spec.kernel_size, padding="same", activation=spec.activation)
        if spec.kind == "max_pooling2d":
            return layers.MaxPooling2D(spec.pool_size)
        return layers.Flatten()

    return keras.Sequential(
        [keras.Input(shape=shape)]
        + [make(spec) for spec in image_layer_plan(architecture)]
        + [layers.Dense(10, activation="softmax")]
    )


def test_first_layer_of_an_mlp_gives_one_image_per_unit():
    model = _image_model((LayerSpec.dense(20, "relu"), LayerSpec.dropout(0.5)), shape=(28, 28, 1))
    weights = views.first_layer_weight_images(model, max_units=16)
    assert weights.kind == "dense"
    assert weights.images.shape == (16, 28, 28)
    assert weights.total_units == 20
    kernel = model.layers[1].get_weights()[0]  # layers[0] is the Flatten
    np.testing.assert_allclose(weights.images[3], kernel[:, 3].reshape(28, 28), rtol=1e-6)


def test_first_layer_of_a_cnn_gives_its_kernels():
    weights = views.first_layer_weight_images(_image_model(CNN_ARCHITECTURE), max_units=16)
    assert weights.kind == "conv"
    assert weights.images.shape == (16, 3, 3)
    assert weights.total_units == 32


def test_a_model_on_points_has_no_weight_images():
    import keras

    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="not an image"):
        views.first_layer_weight_images(model)


def test_each_image_is_scaled_to_its_own_largest_weight():
    images = np.array([[[2.0, -4.0]], [[0.0, 0.0]], [[0.5, 0.25]]])
    scaled = views.scale_each_image(images)
    np.testing.assert_allclose(scaled, [[[0.5, -1.0]], [[0.0, 0.0]], [[1.0, 0.5]]])


def test_image_test_set_is_scaled_like_the_task():
    test_set = views.image_test_set(default_config("image_classifier", dataset="digits"))
    assert test_set.x_test.shape == (360, 8, 8, 1)
    assert test_set.x_test.dtype == np.float32 and 0.0 <= test_set.x_test.min() and test_set.x_test.max() <= 1.0
    assert len(test_set.y_test) == 360 and len(test_set.class_names) == 10
    with pytest.raises(ValueError, match="image_classifier"):
        views.image_test_set(default_config("toy_2d"))


# -- regression -------------------------------------------------------------------------------------------------


def test_regression_errors_are_in_the_targets_units():
    class Shifted:
        def __call__(self, x, training=False):
            return np.asarray(x[:, :1], dtype=np.float32) + 10.0  # always 10 too high

    x_test = np.array([[100.0], [200.0], [300.0]], dtype=np.float32)
    results = views.regression_results(Shifted(), x_test, [100.0, 200.0, 300.0], baseline_prediction=200.0)
    assert results.mae == pytest.approx(10.0)
    assert results.rmse == pytest.approx(10.0)
    assert results.baseline_mae == pytest.approx(200.0 / 3)
    assert results.improvement == pytest.approx(1 - 10.0 / (200.0 / 3))
    with pytest.raises(ValueError, match="same, non-zero number"):
        views.regression_results(Shifted(), x_test, [1.0], baseline_prediction=0.0)


@pytest.mark.parametrize(
    ("target_name", "kind"),
    [
        ("disease progression one year after baseline (a score, about 25 to 346)", "diabetes"),
        ("median value of owner-occupied homes, in $1000s", "house_prices"),
        ("wine quality", "other"),
    ],
)
def test_regression_target_kind(target_name, kind):
    assert views.regression_target_kind(target_name) == kind
