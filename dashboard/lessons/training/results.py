"""The training page's results: accuracy and loss, the confusion matrix, the toy data's decision boundary by epoch,
the most confident mistakes, the first layer's weights, the model file and the Keras script of the same training.

Computed from the finished job's model by ``core.training.views`` and ``core.training.keras_script``; widget and
Session State keys all start with ``train_``.
"""

from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.figures import training as figures
from dashboard.i18n import t
from dashboard.lessons.training.common import class_display_names, toy_data
from dashboard.shared import shared_figure, shared_value

GALLERY_SIZE = 16
WEIGHT_IMAGES = 16


@st.cache_resource(max_entries=8, show_spinner=False)
def classification_results(config_key: str, _handle):
    """Predictions on the held-out examples, the mistakes (most confident first) and the gallery's images.

    Once per key per process (a key's model never changes). Only the few images the gallery shows are kept, not the
    whole test set (31 MB of float32 for Fashion-MNIST).
    """
    from core.training import views

    config = _handle.config
    if config.task == "toy_2d":
        data = toy_data(config.key, config)
        x_test, y_test, class_names = data.x_test, data.y_test, data.class_names
    else:
        test_set = views.image_test_set(config)
        x_test, y_test, class_names = test_set.x_test, test_set.y_test, test_set.class_names
    results = views.classify(_handle.model, x_test, y_test, class_names)
    wrong = views.misclassified_indices(results.labels, results.predictions, results.probabilities, limit=None)
    gallery = None if config.task == "toy_2d" else np.array(x_test[wrong[:GALLERY_SIZE], :, :, 0])
    return results, wrong, gallery


def model_file_bytes(handle) -> bytes:
    """The stored ``.keras`` file (or, when the store could not keep it, the model saved to a temporary file)."""
    import tempfile
    from pathlib import Path

    from core.training.engine import get_engine

    stored = get_engine().store.model_bytes(handle.key)
    if stored is not None:
        return stored
    with tempfile.TemporaryDirectory() as folder:
        temporary = Path(folder) / "model.keras"
        handle.model.save(temporary)
        return temporary.read_bytes()


def results_ui(handle, snapshot) -> None:
    from core.training.keras_script import keras_script

    config = handle.config
    st.header(t("train.results.header"))
    results, wrong, gallery = classification_results(config.key, handle)
    class_names = class_display_names(results.class_names)
    metrics = snapshot.test_metrics or {}
    accuracy_column, loss_column, count_column, time_column = st.columns(4)
    accuracy_column.metric(t("train.results.accuracy"), f"{results.accuracy:.1%}")
    loss_column.metric(t("train.results.loss"), f"{metrics.get('loss', float('nan')):.3f}")
    count_column.metric(t("train.results.test_count"), f"{len(results.labels):,}")
    train_seconds = (snapshot.timings or {}).get("train_seconds")
    time_column.metric(t("train.results.train_time"), ui.format_seconds(train_seconds))
    references_ui(results, class_names)

    if config.task == "toy_2d":
        boundary_column, confusion_column = st.columns([3, 2])
        with boundary_column:
            toy_results_ui(handle, snapshot, results, class_names, wrong)
    else:
        confusion_column, mistakes_column = st.columns(2)
    with confusion_column:
        st.subheader(t("train.results.confusion"))
        height = 420 if len(class_names) > 3 else 300
        st.plotly_chart(
            shared_figure(
                "train_confusion",
                (config.key,),
                lambda: figures.confusion_figure(results.confusion, class_names, height=height),
            ),
            width="stretch",
            key="train_confusion",
        )
        st.caption(t("train.results.confusion.caption"))
    if config.task == "image_classifier":
        with mistakes_column:
            mistakes_gallery_ui(config.key, results, gallery, class_names, wrong)
        weights_ui(handle)

    one_prediction_loss_ui(handle, results, class_names, metrics.get("loss"))
    if config.task == "image_classifier":
        watched_test_set_ui(snapshot, results)

    st.subheader(t("train.results.download.header"))
    st.download_button(
        t("train.results.download"),
        data=functools.partial(model_file_bytes, handle),
        file_name=f"{config.task}-{config.dataset}-{config.key[:8]}.keras",
        mime="application/octet-stream",
        icon=":material/download:",
        on_click="ignore",
        key="train_download",
    )
    st.caption(t("train.results.download.caption"))
    show_code(keras_script(config), caption=t("train.results.code.caption"))


def toy_results_ui(handle, snapshot, results, class_names, wrong) -> None:
    st.subheader(t("train.results.boundary"))
    data = toy_data(handle.config.key, handle.config)
    artifacts = list(snapshot.artifacts)
    if not artifacts:
        return
    epochs = [epoch for epoch, _ in artifacts]
    chosen = epochs[-1]
    if len(epochs) > 1:
        chosen = st.select_slider(
            t("train.results.boundary.epoch"),
            options=epochs,
            value=epochs[-1],
            key=f"train_boundary_epoch_{handle.key[:12]}",
        )
    boundary = dict(artifacts)[chosen]
    figure = shared_figure(
        "train_final_boundary",
        (handle.key, chosen),
        lambda: figures.decision_boundary_figure(
            boundary,
            class_names,
            data.x_train,
            data.y_train,
            data.x_test,
            data.y_test,
            test_wrong=wrong if chosen == epochs[-1] else None,
            title=t("train.boundary.title_epoch", epoch=chosen),
        ),
    )
    st.plotly_chart(figure, width="stretch", key="train_final_boundary")
    st.caption(t("train.results.boundary.caption", wrong=len(wrong), total=len(results.labels)))


def mistakes_gallery_ui(model_key: str, results, gallery, class_names, wrong) -> None:
    st.subheader(t("train.results.mistakes"))
    shown = wrong[:GALLERY_SIZE]
    if not len(shown):
        st.success(t("train.results.no_mistakes"))
        return
    captions = [
        t(
            "train.results.mistake_caption",
            true=class_names[results.labels[index]],
            predicted=class_names[results.predictions[index]],
        )
        for index in shown
    ]
    images = gallery[: len(shown)]
    st.plotly_chart(
        shared_figure(
            "train_mistakes",
            (model_key,),
            lambda: figures.image_gallery_figure(images, captions, columns=4, tile_height=130),
        ),
        width="stretch",
        key="train_mistakes",
    )
    st.caption(t("train.results.mistakes.caption", shown=len(shown), total=len(wrong)))


def weights_ui(handle) -> None:
    from core.training import views

    st.subheader(t("train.results.weights"))
    try:
        weights = shared_value(
            "train_weight_images",
            (handle.key,),
            lambda: views.first_layer_weight_images(handle.model, max_units=WEIGHT_IMAGES),
        )
    except ValueError:
        st.info(t("train.results.weights.none"))
        return
    images = views.scale_each_image(weights.images)
    if weights.kind == "dense":
        captions = [t("train.results.weights.unit", number=index + 1) for index in range(len(images))]
        caption = t("train.results.weights.dense_caption", shown=len(images), total=weights.total_units)
    else:
        captions = [t("train.results.weights.kernel", number=index + 1) for index in range(len(images))]
        caption = t("train.results.weights.conv_caption", shown=len(images), total=weights.total_units)
    st.plotly_chart(
        shared_figure(
            "train_weights",
            (handle.key,),
            lambda: figures.image_gallery_figure(
                images,
                captions,
                columns=8,
                diverging=True,
                tile_height=120,
                colorbar_title=t("train.results.weights.scale"),
            ),
        ),
        width="stretch",
        key="train_weights",
    )
    st.caption(caption)


# ------------------------------------------------------------------------------------------------------------------
# Reference numbers, the loss of one prediction, and what validating on the test set would report


def references_ui(results, class_names) -> None:
    """Chance level and the test set's majority-class level beside the test accuracy, computed from its labels."""
    from core.lessons.training import reference_levels

    levels = reference_levels(results.labels, len(class_names))
    st.caption(
        t(
            "train.results.references",
            accuracy=f"{results.accuracy:.1%}",
            classes=len(class_names),
            chance=f"{levels.chance:.1%}",
            majority=f"{levels.majority:.1%}",
            majority_class=class_names[levels.majority_class],
            count=f"{levels.majority_count:,}",
            total=f"{levels.total:,}",
        )
    )


def probability_text(p: float) -> str:
    """A probability with enough digits that -ln p can be checked by hand: 0.9926, 0.9999770, 3.41e-05."""
    if p < 0.0001:
        return f"{p:.2e}"
    return f"{p:.4f}" if p < 0.9999 else f"{p:.7f}"


def one_prediction_loss_ui(handle, results, class_names, test_loss) -> None:
    """Cross-entropy, computed: one test example's predicted probabilities and -ln p(true class), and how the
    loss on the curves is the mean of these."""
    from core.lessons.training import prediction_loss, prediction_losses

    config = handle.config
    st.subheader(t("train.loss_one.header"))
    count = len(results.labels)
    picture_column, bars_column, sum_column = st.columns([1, 2, 2])
    with picture_column:
        index = int(
            st.number_input(
                t("train.loss_one.pick", count=count),
                min_value=1,
                max_value=count,
                value=1,
                help=t("train.loss_one.pick.help"),
                key=f"train_loss_example_{handle.key[:12]}",
            )
            - 1
        )
        label = int(results.labels[index])
        if config.task == "image_classifier":
            from core.data.loaders import load_dataset

            image = np.asarray(load_dataset(config.dataset, prefer_download=config.full_data).x_test[index])
            st.plotly_chart(
                figures.image_gallery_figure(
                    image[np.newaxis].astype(np.float32) / 255.0, [class_names[label]], columns=1, tile_height=150
                ),
                width="stretch",
                key="train_loss_one_image",
            )
        else:
            data = toy_data(config.key, config)
            x, y = (float(value) for value in data.x_test[index])
            st.caption(t("train.loss_one.point", x=f"{x:.2f}", y=f"{y:.2f}", true=class_names[label]))
    probabilities = results.probabilities[index]
    with bars_column:
        st.plotly_chart(
            figures.prediction_probabilities_figure(probabilities, class_names, label),
            width="stretch",
            key="train_loss_one_bars",
        )
    p = float(probabilities[label])
    loss = prediction_loss(probabilities, label)
    mean = float(np.mean(prediction_losses(results.probabilities, results.labels)))
    predicted = int(results.predictions[index])
    with sum_column:
        st.markdown(
            t(
                "train.loss_one.computed",
                true=class_names[label],
                predicted=class_names[predicted],
                p=probability_text(p),
                loss=f"{loss:.4f}" if loss >= 0.001 else f"{loss:.2e}",
            )
        )
        st.caption(
            t(
                "train.loss_one.curve",
                batch=config.batch_size,
                count=f"{count:,}",
                mean=f"{mean:.4f}",
                test_loss="—" if test_loss is None else f"{test_loss:.4f}",
            )
        )


def watched_test_set_ui(snapshot, results) -> None:
    """The course validates on the test set: what that would report here, with this training's own numbers. The
    validation rows played the watched set's part; the test images, never watched, say what the network does."""
    from core.lessons.training import WATCHED_TEST_SET_OPTIMISM, accuracy_noise, epoch_selection

    selection = epoch_selection(snapshot.history)
    if selection is None:
        return
    gap = selection.best - results.accuracy
    noise = accuracy_noise(results.accuracy, len(results.labels))
    st.subheader(t("train.watched.header"))
    best_column, last_column, test_column = st.columns(3)
    best_column.metric(t("train.watched.best", epoch=selection.best_epoch), f"{selection.best:.1%}")
    last_column.metric(t("train.watched.last"), f"{selection.last:.1%}")
    test_column.metric(t("train.watched.test"), f"{results.accuracy:.1%}")
    st.caption(
        t(
            "train.watched.caption",
            epochs=len(snapshot.history.get("val_accuracy", ())),
            best=f"{selection.best:.1%}",
            test=f"{results.accuracy:.1%}",
            gap=f"{gap * 100:+.1f}",
            noise=f"{noise * 100:.1f}",
            count=f"{len(results.labels):,}",
        )
    )
    st.caption(t("train.watched.large" if gap > 2 * noise else "train.watched.small"))
    study = WATCHED_TEST_SET_OPTIMISM
    st.caption(
        t(
            "train.watched.measured",
            epochs=study["epochs"],
            course=f"{study['course_points']:+.1f}",
            candidates=study["candidates"],
            many=f"{study['many_points']:+.1f}",
            splits=study["splits"],
        )
    )
