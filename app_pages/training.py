"""Live training (served at /training): pick data and a network, press Train, watch it learn, look inside.

Nothing trains until Train is pressed. The training runs in the engine's background worker
(``core.training.engine``); this script builds a :class:`~core.training.config.TrainConfig` from the widgets,
submits it, and draws what the job's snapshots say (``dashboard.training_ui``). The results (confusion matrix,
mistakes, first-layer weights, the code) are drawn by ``dashboard.lessons.training.results``; the tasks are in
``core.lessons.training``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.lessons.training import CNN_ARCHITECTURE
from core.training import registry
from core.training.config import LayerSpec, TrainConfig
from dashboard import training_ui as ui
from dashboard.course import course_code, seeded, settings_choice
from dashboard.data_lines import images_size_text, source_text
from dashboard.figures import training as figures
from dashboard.full_data import full_data_offer_ui, with_data_choice
from dashboard.i18n import t
from dashboard.lessons.training import cifar as cifar_ui
from dashboard.lessons.training.common import class_display_names, fit_settings_ui, toy_data
from dashboard.lessons.training.results import results_ui
from dashboard.setups.training import (
    ACTIVATIONS,
    ALL_IMAGES,
    BATCH_SIZES,
    COURSE_OPTIMIZERS,
    DROPOUT,
    IMAGE_DATASETS,
    IMAGE_MODEL_KINDS,
    IMAGE_NETWORK,
    LEARNING_RATES,
    MAX_EPOCHS,
    MAX_HIDDEN_LAYERS,
    TOY_DATASETS,
    TOY_NETWORK,
    TOY_NOISE,
    TOY_SAMPLE_COUNTS,
    TOY_TEST_FRACTION,
    TRAINING_IMAGE_LIMITS,
    UNITS,
    image_limit_key,
)
from dashboard.shared import shared_figure

SLOT = "live_training"


def data_names() -> dict[str, str]:
    return {dataset: t(f"train.data.{dataset}") for dataset in IMAGE_DATASETS + TOY_DATASETS}


def optimizer_names() -> dict[str, str]:
    return {optimizer: t(f"train.opt.{optimizer}") for optimizer in COURSE_OPTIMIZERS}


def task_names() -> dict[str, str]:
    return {
        "toy_2d": t("train.task.toy_2d"),
        "image_classifier": t("train.task.image_classifier"),
        cifar_ui.TASK: t("train.task.cifar10"),
    }


def shown_config_text(config: TrainConfig) -> str:
    """The shown job's settings in the reader's language: task, data set and optimizer by their display names; the
    layers as Keras writes them (code), the numbers as they are."""
    layers = ", ".join(layer.describe() for layer in config.architecture) or t("train.run.shown.no_hidden")
    if config.task == cifar_ui.TASK:
        layers = cifar_ui.shown_layers(config)
    return t(
        "train.run.shown",
        task=task_names().get(config.task, config.task),
        dataset=data_names().get(config.dataset, config.dataset),
        layers=layers,
        optimizer=optimizer_names().get(config.optimizer, config.optimizer),
        learning_rate=f"{config.learning_rate:g}",
        batch_size=config.batch_size,
        epochs=config.epochs,
        seed=config.seed,
    )


def activation_names() -> dict[str, str]:
    return {name: name for name in ACTIVATIONS} | {"linear": t("train.model.linear")}


# ------------------------------------------------------------------------------------------------------------------
# Data, shared by every session (the loaders keep one read-only copy per process)


def image_dataset(dataset: str, full_data: bool = False):
    from core.data.loaders import load_dataset

    return load_dataset(dataset, prefer_download=full_data)


def cifar_status():
    """None when CIFAR-10 can be trained here (it can be downloaded, or Keras already holds it); else the sentence
    why not (it has no built-in copy)."""
    from core.data.catalog import dataset_status

    if dataset_status("cifar10").active != "online":
        return t("train.data.cifar_offline")
    return None


def cifar_label_suffix() -> str:
    return t("train.data.needs_download")


# ------------------------------------------------------------------------------------------------------------------
# 1. Data


def data_ui() -> tuple[str, dict, str | None]:
    """The chosen data set, its task options (noise, split, ...) and why it can't be trained (None when it can)."""
    st.header(t("train.data.header"))
    names = data_names()
    names["cifar10"] += cifar_label_suffix()  # translated here, in the page's run, not when the label is drawn
    choice_column, options_column = st.columns([2, 3])
    dataset = choice_column.selectbox(
        t("train.data.choose"),
        options=IMAGE_DATASETS + TOY_DATASETS,
        format_func=lambda name: names[name],
        help=t("train.data.choose.help"),
        **seeded("train_dataset", IMAGE_DATASETS[0], options=IMAGE_DATASETS + TOY_DATASETS),
    )
    if dataset == "cifar10":
        reason = cifar_status()
        if reason:
            options_column.warning(reason, icon=":material/cloud_off:")
            return dataset, {}, reason
        return cifar_ui.data_ui(options_column)
    if dataset in TOY_DATASETS:
        with options_column:
            toy_defaults = registry.get_task("toy_2d").defaults
            noise_column, split_column, count_column = st.columns(3)
            noise = noise_column.slider(
                t("train.data.noise"),
                TOY_NOISE[0],
                TOY_NOISE[1],
                step=TOY_NOISE[2],
                help=t("train.data.noise.help"),
                **seeded("train_toy_noise", toy_defaults["noise"]),
            )
            test_fraction = split_column.slider(
                t("train.data.test_fraction"),
                TOY_TEST_FRACTION[0],
                TOY_TEST_FRACTION[1],
                step=TOY_TEST_FRACTION[2],
                format="%.2f",
                help=t("train.data.test_fraction.help"),
                **seeded("train_toy_test_fraction", toy_defaults["test_fraction"]),
            )
            n_samples = count_column.select_slider(
                t("train.data.points"),
                options=TOY_SAMPLE_COUNTS,
                **seeded("train_toy_points", toy_defaults["n_samples"]),
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
        limit_key = image_limit_key(dataset)
        if st.session_state.get(limit_key, ALL_IMAGES) not in [*limits, ALL_IMAGES]:  # e.g. from the full download
            st.session_state[limit_key] = ALL_IMAGES
        limit = st.select_slider(
            t("train.data.limit"),
            options=limits + [ALL_IMAGES],
            format_func=lambda value: everything if value == ALL_IMAGES else f"{value:,}",
            help=t("train.data.limit.help"),
            **seeded(limit_key, ALL_IMAGES),
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
    options = {"max_train_samples": None if limit == ALL_IMAGES else int(limit)}
    if chosen.full_data:
        options["full_data"] = True
    return dataset, options, None


def data_preview(dataset: str, options: dict) -> None:
    if dataset == "cifar10":
        cifar_ui.preview_ui()
        return
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
        help=t("train.model.hidden_layers.help"),
        **seeded(f"train_{group}_layer_count", defaults["layers"]),
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
            **seeded(f"train_{group}_units_{index}", defaults["units"]),
        )
        activation = activation_column.selectbox(
            t("train.model.activation", number=index + 1),
            options=ACTIVATIONS,
            format_func=names.__getitem__,
            **seeded(f"train_{group}_activation_{index}", ACTIVATIONS[0], options=ACTIVATIONS),
        )
        dropout = dropout_column.slider(
            t("train.model.dropout", number=index + 1),
            DROPOUT[0],
            DROPOUT[1],
            step=DROPOUT[2],
            format="%.1f",
            help=t("train.model.dropout.help"),
            **seeded(f"train_{group}_dropout_{index}", defaults["dropout"]),
        )
        layers.append(LayerSpec.dense(int(units), activation))
        if dropout > 0:
            layers.append(LayerSpec.dropout(round(float(dropout), 1)))
    return tuple(layers)


def model_ui(dataset: str, data_options: dict) -> dict:
    """The architecture and the optimizer settings, as TrainConfig fields."""
    st.header(t("train.model.header"))
    if dataset == "cifar10":
        return cifar_ui.model_ui(data_options, SLOT)
    is_toy = dataset in TOY_DATASETS
    group = "toy" if is_toy else "image"
    task = registry.get_task("toy_2d" if is_toy else "image_classifier")
    defaults = task.defaults
    if is_toy:
        architecture = dense_layers_ui(group, TOY_NETWORK)
    else:
        course_ui()
        kind_labels = {"mlp": t("train.model.mlp"), "cnn": t("train.model.cnn")}
        kind = st.radio(
            t("train.model.kind"),
            options=list(kind_labels),
            format_func=kind_labels.__getitem__,
            horizontal=True,
            **seeded("train_image_model_kind", IMAGE_MODEL_KINDS[0], options=list(kind_labels)),
        )
        if kind == "cnn":
            architecture = CNN_ARCHITECTURE
            st.caption(t("train.model.cnn_layers", layers=" → ".join(spec.describe() for spec in architecture)))
        else:
            architecture = dense_layers_ui(group, IMAGE_NETWORK)

    optimizer, learning_rate, batch_size, epochs = fit_settings_ui(
        group,
        defaults,
        optimizers=COURSE_OPTIMIZERS,
        learning_rates=LEARNING_RATES,
        batch_sizes=BATCH_SIZES,
        max_epochs=MAX_EPOCHS,
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
    except ValueError:
        st.error(t("common.invalid_input"), icon=":material/error:")
        return None


# ------------------------------------------------------------------------------------------------------------------
# The course's MNIST MLP: its settings one click away, its code (and its PyTorch SimpleCNN) made to run today

COURSE_REQUEST = "train_course_request"  # set by a preset's button: the training section trains that config at once


def course_settings(dataset: str = "mnist") -> dict:
    """The course's MNIST MLP as this page's controls: Flatten (the task adds it), Dense 128 ReLU, Dropout 0.5,
    Dense 10 softmax; Adam (its default learning rate 0.001), sparse categorical cross-entropy, 10 epochs, batch 64,
    on all the training images."""
    return {
        "train_dataset": dataset,
        image_limit_key(dataset): ALL_IMAGES,
        "train_image_model_kind": "mlp",
        "train_image_layer_count": 1,
        "train_image_units_0": 128,
        "train_image_activation_0": "relu",
        "train_image_dropout_0": 0.5,
        "train_image_optimizer": "adam",
        "train_image_learning_rate": 0.001,
        "train_image_batch_size": 64,
        "train_image_epochs": 10,
    }


def app_settings() -> dict:
    """The app's default for images: the same network and training (the MNIST task's defaults); the difference is
    where it validates, which no control changes (see the list of changes)."""
    defaults = registry.get_task("image_classifier").defaults
    dense, dropout = defaults["architecture"]
    return course_settings() | {
        "train_image_units_0": dense.units,
        "train_image_activation_0": dense.activation,
        "train_image_dropout_0": dropout.rate,
        "train_image_optimizer": defaults["optimizer"],
        "train_image_learning_rate": defaults["learning_rate"],
        "train_image_batch_size": defaults["batch_size"],
        "train_image_epochs": defaults["epochs"],
    }


def course_ui() -> None:
    """The course's settings and code for the MNIST MLP (and its PyTorch SimpleCNN), at the top of the image
    network's section. A press of a preset's button asks the training section to train that config at once."""
    choice = settings_choice(
        "training_mnist",
        course=course_settings(),
        app=app_settings(),
        changes=[
            t("train.course.change.validation"),
            t("train.course.change.same"),
            t("train.course.change.flatten"),
            t("train.course.change.data"),
        ],
        note=t("train.course.note"),
    )
    if choice is not None:
        st.session_state[COURSE_REQUEST] = True
    st.caption(t("train.course.code.mlp"))
    course_code(
        {"Keras": "course_training_mlp_keras"},
        changes=[
            t("train.course.code.mlp.change.validation"),
            t("train.course.code.mlp.change.dropout"),
            t("train.course.code.mlp.change.print"),
            t("train.course.code.mlp.change.data"),
        ],
        key="training_mlp",
    )
    st.caption(t("train.course.code.cnn"))
    course_code(
        {"PyTorch": "course_training_cnn_torch", "Keras": "course_training_cnn_keras"},
        changes=[
            t("train.course.code.cnn.change.flatten"),
            t("train.course.code.cnn.change.data"),
            t("train.course.code.cnn.change.twin"),
        ],
        key="training_cnn",
    )


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
    pressed = bool(st.session_state.pop(COURSE_REQUEST, False)) or pressed  # a preset's button trains at once
    if pressed and config is not None:
        handle = ui.submit_job(SLOT, config)
    if handle is None:
        note_column.info(t("train.run.nothing_yet"))
        return None, None
    if config is not None and handle.key != config.key:
        note_column.caption(t("train.run.settings_changed"))
    else:
        note_column.caption(shown_config_text(handle.config))
    curves = ui.CLASSIFICATION_CURVES
    extra = live_boundary if handle.config.task == "toy_2d" else None
    snapshot = ui.training_panel(SLOT, curves, extra_live=extra, offer_replay=True)
    return handle, snapshot


# ------------------------------------------------------------------------------------------------------------------

st.title(t("train.title"))
st.write(t("train.intro"))
dataset, data_options, blocked_reason = data_ui()
if blocked_reason is None:
    data_preview(dataset, data_options)
model_options = model_ui(dataset if blocked_reason is None or dataset == "cifar10" else "mnist", data_options)
config = None if blocked_reason else build_config(dataset, data_options, model_options)
handle, snapshot = training_ui(config, blocked_reason)
if snapshot is not None and snapshot.state == "finished" and handle.model is not None:
    if handle.config.task == cifar_ui.TASK:
        cifar_ui.results_ui(handle, snapshot)
    else:
        results_ui(handle, snapshot)
