"""Live training (served at /training): pick data and a network, press Train, watch it learn, look inside.

Nothing trains until Train is pressed. The training runs in the engine's background worker
(``core.training.engine``); this script builds a :class:`~core.training.config.TrainConfig` from the widgets,
submits it, and draws what the job's snapshots say (``dashboard.training_ui``). The results (confusion matrix,
mistakes, first-layer weights, the code) come from ``core.training.views`` and ``core.training.keras_script``; the
tasks are in ``core.lessons.training``.
"""

from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from core.lessons.training import CNN_ARCHITECTURE
from core.training import registry
from core.training.config import OPTIMIZERS, LayerSpec, TrainConfig
from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.data_lines import images_size_text, source_text
from dashboard.figures import training as figures
from dashboard.full_data import full_data_offer_ui, with_data_choice
from dashboard.i18n import t
from dashboard.shared import shared_figure, shared_value

SLOT = "live_training"
IMAGE_DATASETS = ("mnist", "fashion_mnist", "digits", "cifar10")
TOY_DATASETS = ("circles", "xor", "spirals", "blobs")
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (8, 16, 32, 64, 128, 256, 512)
UNITS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
ACTIVATIONS = ("relu", "tanh", "sigmoid", "elu", "gelu", "leaky_relu", "linear")
TRAINING_IMAGE_LIMITS = (500, 1000, 2000, 5000, 10000, 20000)
TOY_SAMPLE_COUNTS = (100, 200, 400, 800, 1600)
MAX_HIDDEN_LAYERS = 4
MAX_EPOCHS = 200
GALLERY_SIZE = 16
WEIGHT_IMAGES = 16
# The course's optimizers, in the order a lesson introduces them ("sgd_momentum" where the engine knows it).
COURSE_OPTIMIZERS = tuple(name for name in ("sgd", "sgd_momentum", "rmsprop", "adam") if name in OPTIMIZERS)


def data_names() -> dict[str, str]:
    return {
        "mnist": t("train.data.mnist"),
        "fashion_mnist": t("train.data.fashion_mnist"),
        "digits": t("train.data.digits"),
        "cifar10": t("train.data.cifar10"),
        "circles": t("train.data.circles"),
        "xor": t("train.data.xor"),
        "spirals": t("train.data.spirals"),
        "blobs": t("train.data.blobs"),
    }


def optimizer_names() -> dict[str, str]:
    return {
        "sgd": t("train.opt.sgd"),
        "sgd_momentum": t("train.opt.sgd_momentum"),
        "rmsprop": t("train.opt.rmsprop"),
        "adam": t("train.opt.adam"),
    }


def activation_names() -> dict[str, str]:
    return {name: name for name in ACTIVATIONS} | {"linear": t("train.model.linear")}


def class_display_names(class_names) -> list[str]:
    """The data's class names in the session's language (digits stay digits)."""
    translated = {
        "outer ring": t("train.class.outer_ring"),
        "inner ring": t("train.class.inner_ring"),
        "opposite signs": t("train.class.opposite_signs"),
        "same sign": t("train.class.same_sign"),
        "spiral A": t("train.class.spiral_a"),
        "spiral B": t("train.class.spiral_b"),
        "blob A": t("train.class.blob_a"),
        "blob B": t("train.class.blob_b"),
        "blob C": t("train.class.blob_c"),
        "T-shirt/top": t("train.class.tshirt"),
        "Trouser": t("train.class.trouser"),
        "Pullover": t("train.class.pullover"),
        "Dress": t("train.class.dress"),
        "Coat": t("train.class.coat"),
        "Sandal": t("train.class.sandal"),
        "Shirt": t("train.class.shirt"),
        "Sneaker": t("train.class.sneaker"),
        "Bag": t("train.class.bag"),
        "Ankle boot": t("train.class.ankle_boot"),
    }
    return [translated.get(name, name) for name in class_names]


# ------------------------------------------------------------------------------------------------------------------
# Data, shared by every session (the loaders keep one read-only copy per process)


@st.cache_resource(max_entries=32, show_spinner=False)
def toy_data(config_key: str, _config: TrainConfig):
    """The toy set exactly as the engine splits it (train / validation / test), keyed by the config's hash."""
    return registry.get_task("toy_2d").load_data(_config)


def image_dataset(dataset: str, full_data: bool = False):
    from core.data.loaders import load_dataset

    return load_dataset(dataset, prefer_download=full_data)


def cifar_status():
    """CIFAR-10 can be trained here when it can be downloaded and the engine knows it; else the sentence why not."""
    from core.data.catalog import dataset_status

    if dataset_status("cifar10").active != "online":
        return t("train.data.cifar_offline")
    if "cifar10" not in registry.get_task("image_classifier").datasets:
        return t("train.data.cifar_engine")
    return None


# ------------------------------------------------------------------------------------------------------------------
# 1. Data


def data_ui() -> tuple[str, dict, str | None]:
    """The chosen data set, its task options (noise, split, ...) and why it can't be trained (None when it can)."""
    st.header(t("train.data.header"))
    names = data_names()
    choice_column, options_column = st.columns([2, 3])
    dataset = choice_column.selectbox(
        t("train.data.choose"),
        options=IMAGE_DATASETS + TOY_DATASETS,
        format_func=lambda name: names[name] + (t("train.data.needs_download") if name == "cifar10" else ""),
        help=t("train.data.choose.help"),
        key="train_dataset",
    )
    if dataset == "cifar10":
        reason = cifar_status()
        if reason:
            options_column.warning(reason, icon=":material/cloud_off:")
            return dataset, {}, reason
    if dataset in TOY_DATASETS:
        with options_column:
            noise_column, split_column, count_column = st.columns(3)
            noise = noise_column.slider(
                t("train.data.noise"), 0.0, 0.5, 0.1, 0.05, help=t("train.data.noise.help"), key="train_toy_noise"
            )
            test_fraction = split_column.slider(
                t("train.data.test_fraction"),
                0.1,
                0.5,
                0.2,
                0.05,
                format="%.2f",
                help=t("train.data.test_fraction.help"),
                key="train_toy_test_fraction",
            )
            n_samples = count_column.select_slider(
                t("train.data.points"), options=TOY_SAMPLE_COUNTS, value=400, key="train_toy_points"
            )
        options = {
            "noise": round(float(noise), 2),
            "test_fraction": round(float(test_fraction), 2),
            "n_samples": int(n_samples),
        }
        config = TrainConfig(task="toy_2d", dataset=dataset, **options)
        data = toy_data(config.key, config)
        options_column.caption(
            t(
                "train.data.toy_in_use",
                name=names[dataset],
                points=options["n_samples"],
                noise=options["noise"],
                train=len(data.x_train),
                validation=0 if data.x_validation is None else len(data.x_validation),
                test=len(data.x_test),
            )
        )
        return dataset, options, None

    chosen = with_data_choice(SLOT, TrainConfig(task="image_classifier", dataset=dataset))
    loaded = image_dataset(dataset, chosen.full_data)
    provenance = loaded.provenance
    limits = [limit for limit in TRAINING_IMAGE_LIMITS if limit < len(loaded.x_train)]
    everything = t("train.data.all_images", count=f"{len(loaded.x_train):,}")
    with options_column:
        limit = st.select_slider(
            t("train.data.limit"),
            options=limits + [everything],
            value=everything,
            help=t("train.data.limit.help"),
            key=f"train_image_limit_{dataset}",
        )
        st.caption(
            t(
                "train.data.in_use",
                name=names[dataset],
                size=images_size_text(len(loaded.x_train), len(loaded.x_test)),
                source=source_text(provenance),
                where=t("train.data.online") if provenance.online else t("train.data.offline"),
            )
        )
        full_data_offer_ui(SLOT, chosen, switch_only=True)
    options = {"max_train_samples": None if limit == everything else int(limit)}
    if chosen.full_data:
        options["full_data"] = True
    return dataset, options, None


def data_preview(dataset: str, options: dict) -> None:
    with st.expander(t("train.data.preview"), icon=":material/visibility:"):
        if dataset in TOY_DATASETS:
            config = TrainConfig(task="toy_2d", dataset=dataset, **options)
            st.plotly_chart(
                shared_figure("train_preview_points", (config.key,), lambda: toy_preview_figure(config)),
                width="stretch",
                key="train_data_preview_points",
            )
        else:
            st.plotly_chart(
                shared_figure("train_preview_images", (dataset,), lambda: image_preview_figure(dataset)),
                width="stretch",
                key="train_data_preview_images",
            )


def toy_preview_figure(config: TrainConfig):
    data = toy_data(config.key, config)
    return figures.decision_boundary_figure(
        None, class_display_names(data.class_names), data.x_train, data.y_train, data.x_test, data.y_test
    )


def image_preview_figure(dataset: str):
    """The first training image of each class."""
    loaded = image_dataset(dataset)
    labels = np.asarray(loaded.y_train)
    first_of_each = [int(np.flatnonzero(labels == label)[0]) for label in range(len(loaded.class_names))]
    images = np.asarray(loaded.x_train)[first_of_each].astype(np.float32) / 255.0
    return figures.image_gallery_figure(images, class_display_names(loaded.class_names), columns=10, tile_height=110)


# ------------------------------------------------------------------------------------------------------------------
# 2. Model


def dense_layers_ui(group: str, defaults: dict) -> tuple[LayerSpec, ...]:
    """Hidden Dense layers, each with its units, activation and the dropout after it."""
    count = st.number_input(
        t("train.model.hidden_layers"),
        min_value=0,
        max_value=MAX_HIDDEN_LAYERS,
        value=defaults["layers"],
        help=t("train.model.hidden_layers.help"),
        key=f"train_{group}_layer_count",
    )
    if count == 0:
        st.info(t("train.model.no_hidden"), icon=":material/info:")
    names = activation_names()
    layers: list[LayerSpec] = []
    for index in range(int(count)):
        units_column, activation_column, dropout_column = st.columns(3)
        units = units_column.select_slider(
            t("train.model.units", number=index + 1),
            options=UNITS,
            value=defaults["units"],
            key=f"train_{group}_units_{index}",
        )
        activation = activation_column.selectbox(
            t("train.model.activation", number=index + 1),
            options=ACTIVATIONS,
            format_func=names.__getitem__,
            key=f"train_{group}_activation_{index}",
        )
        dropout = dropout_column.slider(
            t("train.model.dropout", number=index + 1),
            0.0,
            0.9,
            defaults["dropout"],
            0.1,
            format="%.1f",
            help=t("train.model.dropout.help"),
            key=f"train_{group}_dropout_{index}",
        )
        layers.append(LayerSpec.dense(int(units), activation))
        if dropout > 0:
            layers.append(LayerSpec.dropout(round(float(dropout), 1)))
    return tuple(layers)


def model_ui(dataset: str) -> dict:
    """The architecture and the optimizer settings, as TrainConfig fields."""
    st.header(t("train.model.header"))
    is_toy = dataset in TOY_DATASETS
    group = "toy" if is_toy else "image"
    task = registry.get_task("toy_2d" if is_toy else "image_classifier")
    defaults = task.defaults
    if is_toy:
        architecture = dense_layers_ui(group, {"layers": 2, "units": 8, "dropout": 0.0})
    else:
        kind_labels = {"mlp": t("train.model.mlp"), "cnn": t("train.model.cnn")}
        kind = st.radio(
            t("train.model.kind"),
            options=list(kind_labels),
            format_func=kind_labels.__getitem__,
            horizontal=True,
            key="train_image_model_kind",
        )
        if kind == "cnn":
            architecture = CNN_ARCHITECTURE
            st.caption(t("train.model.cnn_layers", layers=" → ".join(spec.describe() for spec in architecture)))
        else:
            architecture = dense_layers_ui(group, {"layers": 1, "units": 128, "dropout": 0.5})

    names = optimizer_names()
    optimizer_column, rate_column, batch_column, epochs_column = st.columns(4)
    optimizer = optimizer_column.selectbox(
        t("train.model.optimizer"),
        options=COURSE_OPTIMIZERS,
        index=COURSE_OPTIMIZERS.index(defaults["optimizer"]),
        format_func=names.__getitem__,
        key=f"train_{group}_optimizer",
    )
    learning_rate = rate_column.select_slider(
        t("train.model.learning_rate"),
        options=LEARNING_RATES,
        value=defaults["learning_rate"],
        format_func=lambda value: f"{value:g}",
        help=t("train.model.learning_rate.help"),
        key=f"train_{group}_learning_rate",
    )
    batch_size = batch_column.select_slider(
        t("train.model.batch_size"),
        options=BATCH_SIZES,
        value=defaults["batch_size"],
        help=t("train.model.batch_size.help"),
        key=f"train_{group}_batch_size",
    )
    epochs = epochs_column.number_input(
        t("train.model.epochs"),
        min_value=1,
        max_value=MAX_EPOCHS,
        value=defaults["epochs"],
        help=t("train.model.epochs.help"),
        key=f"train_{group}_epochs",
    )
    return {
        "task": task.name,
        "architecture": architecture,
        "optimizer": optimizer,
        "learning_rate": float(learning_rate),
        "batch_size": int(batch_size),
        "epochs": int(epochs),
    }


def build_config(dataset: str, data_options: dict, model_options: dict) -> TrainConfig | None:
    try:
        return TrainConfig(dataset=dataset, **model_options, **data_options)
    except ValueError as error:
        st.error(t("common.invalid_input", reason=str(error)), icon=":material/error:")
        return None


# ------------------------------------------------------------------------------------------------------------------
# 3. Training


def live_boundary(snapshot) -> None:
    """Inside the polling fragment: the toy set's decision boundary after the latest epoch."""
    handle = ui.job_handle(SLOT)
    if handle is None or handle.config.task != "toy_2d" or snapshot.latest_artifact is None:
        return
    data = toy_data(handle.config.key, handle.config)
    epoch = snapshot.artifacts[-1][0]
    figure = figures.decision_boundary_figure(
        snapshot.latest_artifact,
        class_display_names(data.class_names),
        data.x_train,
        data.y_train,
        title=t("train.boundary.title_epoch", epoch=epoch),
    )
    figure_column, caption_column = st.columns([3, 2], vertical_alignment="center")
    figure_column.plotly_chart(figure, width="stretch", key="train_live_boundary")
    caption_column.caption(t("train.boundary.live_caption"))


def training_ui(config: TrainConfig | None, blocked_reason: str | None):
    st.header(t("train.run.header"))
    handle = ui.job_handle(SLOT)
    button_column, note_column = st.columns([1, 4], vertical_alignment="center")
    pressed = button_column.button(
        t("train.run.button"),
        type="primary",
        icon=":material/play_arrow:",
        key="train_run",
        disabled=config is None or blocked_reason is not None,
        width="stretch",
    )
    if pressed and config is not None:
        handle = ui.submit_job(SLOT, config)
    if handle is None:
        note_column.info(t("train.run.nothing_yet"))
        return None, None
    if config is not None and handle.key != config.key:
        note_column.caption(t("train.run.settings_changed"))
    else:
        note_column.caption(t("train.run.shown", config=handle.config.describe()))
    curves = ui.CLASSIFICATION_CURVES
    extra = live_boundary if handle.config.task == "toy_2d" else None
    snapshot = ui.training_panel(SLOT, curves, extra_live=extra, offer_replay=True)
    return handle, snapshot


# ------------------------------------------------------------------------------------------------------------------
# 4. Results


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

    path = get_engine().store.model_path(handle.key)
    if path.is_file():
        return path.read_bytes()
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

st.title(t("train.title"))
st.write(t("train.intro"))
dataset, data_options, blocked_reason = data_ui()
if blocked_reason is None:
    data_preview(dataset, data_options)
model_options = model_ui(dataset if blocked_reason is None else "mnist")
config = None if blocked_reason else build_config(dataset, data_options, model_options)
handle, snapshot = training_ui(config, blocked_reason)
if snapshot is not None and snapshot.state == "finished" and handle.model is not None:
    results_ui(handle, snapshot)
