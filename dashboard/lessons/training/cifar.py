"""CIFAR-10 on the training page: the data line and sample photos, the two networks (the app's CNN by default, the
course's CNN one click away), the course's code, and the results beside chance.

CIFAR-10 has no built-in copy: the page reaches these views only where the download can be had or is in Keras'
cache (``app_pages/training.py`` says why not otherwise). The task is ``core.lessons.training_cifar``. Widget and
Session State keys all start with ``train_cifar_``.
"""

from __future__ import annotations

import functools

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from core.lessons import training_cifar
from core.training.config import TrainConfig
from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.course import course_code, seeded, settings_choice
from dashboard.data_lines import images_size_text, source_text
from dashboard.figures import training as figures
from dashboard.figures.theme import apply_layout
from dashboard.i18n import t
from dashboard.lessons.training.common import class_display_names, fit_settings_ui
from dashboard.setups import training as setups

TASK = training_cifar.TASK_NAME
DATASET = training_cifar.DATASET
# The controls' choices are in the page's link fields (dashboard/setups/training.py), so a link offers the same.
NETWORKS = setups.CIFAR_NETWORKS
OPTIMIZERS = setups.CIFAR_OPTIMIZERS
LEARNING_RATES = setups.CIFAR_LEARNING_RATES
BATCH_SIZES = setups.CIFAR_BATCH_SIZES
TRAINING_LIMITS = setups.CIFAR_TRAINING_LIMITS
ALL_PHOTOS = setups.ALL_IMAGES  # the limit slider's "all of them" (a number: its label is in the page's language)
MAX_EPOCHS = setups.CIFAR_MAX_EPOCHS
GALLERY_SIZE = 16

NETWORK_KEY = "train_cifar_network"
OPTIMIZER_KEY = "train_cifar_optimizer"
LEARNING_RATE_KEY = "train_cifar_learning_rate"
BATCH_SIZE_KEY = "train_cifar_batch_size"
EPOCHS_KEY = "train_cifar_epochs"
LIMIT_KEY = "train_cifar_limit"


def network_names() -> dict[str, str]:
    return {"app_cnn": t("train.cifar.net.app_cnn"), "course_cnn": t("train.cifar.net.course_cnn")}


def _controls(settings) -> dict:
    return {
        NETWORK_KEY: settings["network"],
        OPTIMIZER_KEY: settings["optimizer"],
        LEARNING_RATE_KEY: settings["learning_rate"],
        BATCH_SIZE_KEY: settings["batch_size"],
        EPOCHS_KEY: settings["epochs"],
    }


COURSE_CONTROLS = _controls(training_cifar.COURSE_SETTINGS)
APP_CONTROLS = _controls(training_cifar.APP_SETTINGS)


def load_photos():
    from core.data.loaders import load_dataset

    return load_dataset(DATASET)


# ------------------------------------------------------------------------------------------------------------------
# 1. Data


def data_ui(options_column) -> tuple[str, dict, str | None]:
    """The data line and the training-set limit (the page calls it once CIFAR-10 is reachable)."""
    from core.data.datasets import DatasetUnavailable

    try:
        loaded = load_photos()
    except DatasetUnavailable:
        reason = t("train.data.cifar_offline")
        options_column.warning(reason, icon=":material/cloud_off:")
        return DATASET, {}, reason
    everything = t("train.data.all_images", count=f"{len(loaded.x_train):,}")
    limits = [limit for limit in TRAINING_LIMITS if limit < len(loaded.x_train)]
    if st.session_state.get(LIMIT_KEY, ALL_PHOTOS) not in [*limits, ALL_PHOTOS]:  # more than this copy holds
        st.session_state[LIMIT_KEY] = ALL_PHOTOS
    with options_column:
        limit = st.select_slider(
            t("train.data.limit"),
            options=limits + [ALL_PHOTOS],
            format_func=lambda value: everything if value == ALL_PHOTOS else f"{value:,}",
            help=t("train.data.limit.help"),
            **seeded(LIMIT_KEY, ALL_PHOTOS),
        )
        st.caption(
            t(
                "train.data.in_use",
                name=t("train.data.cifar10"),
                size=images_size_text(len(loaded.x_train), len(loaded.x_test)),
                source=source_text(loaded.provenance),
                where=t("train.data.online"),
            )
        )
    return DATASET, {"max_train_samples": None if limit == ALL_PHOTOS else int(limit)}, None


def photo_gallery_figure(photos: np.ndarray, captions, *, columns: int = 10, tile_height: int = 110) -> go.Figure:
    """Colour photos (N, 32, 32, 3) uint8 in a grid, each with its caption above."""
    count = len(photos)
    columns = max(1, min(columns, count))
    rows = max(1, -(-count // columns))
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=list(captions),
        horizontal_spacing=0.012,
        vertical_spacing=min(0.3 / rows, 0.08) if rows > 1 else 0.0,
    )
    for index, photo in enumerate(photos):
        figure.add_trace(
            go.Image(z=np.asarray(photo, dtype=np.uint8), hoverinfo="skip"),
            row=index // columns + 1,
            col=index % columns + 1,
        )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    figure.update_annotations(font={"size": 12})
    return apply_layout(figure, height=rows * tile_height + 40, margin={"t": 30}, showlegend=False)


def preview_ui() -> None:
    """The first training photo of each class, named in the page's language."""
    from dashboard.shared import shared_figure

    loaded = load_photos()
    labels = np.asarray(loaded.y_train)
    present = [label for label in range(len(loaded.class_names)) if np.any(labels == label)]
    first_of_each = [int(np.flatnonzero(labels == label)[0]) for label in present]
    names = class_display_names(loaded.class_names)
    with st.expander(t("train.data.preview"), icon=":material/visibility:", expanded=True):
        st.plotly_chart(
            shared_figure(
                "train_cifar_preview",
                (len(loaded.x_train),),
                lambda: photo_gallery_figure(
                    np.asarray(loaded.x_train)[first_of_each], [names[label] for label in present]
                ),
            ),
            width="stretch",
            key="train_cifar_preview",
            config={"displayModeBar": False},  # its buttons would cover the captions
        )
        st.caption(t("train.cifar.preview.caption"))


# ------------------------------------------------------------------------------------------------------------------
# 2. Model


def layer_table_ui(network: str) -> None:
    rows = training_cifar.layer_table(network)
    st.dataframe(
        {
            t("train.cifar.table.layer"): [row.layer for row in rows],
            t("train.cifar.table.output"): ["×".join(str(size) for size in row.output_shape) for row in rows],
            t("train.cifar.table.weights"): [f"{row.parameters:,}" for row in rows],
        },
        hide_index=True,
        width="stretch",
        height=35 * (len(rows) + 1) + 3,  # every layer, no scrolling
    )
    caption = {"app_cnn": "train.cifar.table.caption.app_cnn", "course_cnn": "train.cifar.table.caption.course_cnn"}
    st.caption(t(caption[network], total=f"{training_cifar.parameter_count(network):,}"))


def course_changes() -> list[str]:
    """What the app's CIFAR-10 defaults change from the course, and why."""
    keys = ("train.cifar.change.network", "train.cifar.change.optimizer", "train.cifar.change.validation")
    return [t(key) for key in keys]


def code_changes() -> list[str]:
    """What the course's code had to change to run today, and why."""
    keys = (
        "train.cifar.code.change.torchvision",
        "train.cifar.code.change.resize",
        "train.cifar.code.change.download",
        "train.cifar.code.change.print",
        "train.cifar.code.change.quick",
        "train.cifar.code.change.keras_twin",
    )
    return [t(key) for key in keys]


def model_ui(data_options: dict, slot: str) -> dict:
    """The course's or the app's CNN and the optimizer settings, as TrainConfig fields. Pressing one of the two
    presets trains (or loads) that config at once, where CIFAR-10 can be had (offline, the networks and the course's
    code are still there to read)."""
    from core.data.catalog import dataset_status

    choice = settings_choice(
        "train_cifar",
        course=COURSE_CONTROLS,
        app=APP_CONTROLS,
        changes=course_changes(),
        note=t("train.cifar.course_note"),
    )
    names = network_names()
    network = st.radio(
        t("train.cifar.network"),
        options=NETWORKS,
        format_func=names.__getitem__,
        horizontal=True,
        **seeded(NETWORK_KEY, APP_CONTROLS[NETWORK_KEY], options=NETWORKS),
    )
    layer_table_ui(network)
    optimizer, learning_rate, batch_size, epochs = fit_settings_ui(
        "cifar",
        training_cifar.APP_SETTINGS,
        optimizers=OPTIMIZERS,
        learning_rates=LEARNING_RATES,
        batch_sizes=BATCH_SIZES,
        max_epochs=MAX_EPOCHS,
    )
    st.caption(t("train.cifar.time_note"))
    course_code(
        {"PyTorch": "course_training_cifar_torch", "Keras": "course_training_cifar_keras"},
        changes=code_changes(),
        key="train_cifar",
    )
    options = {
        "task": TASK,
        "architecture": (),
        "params": {"network": network},
        "optimizer": optimizer,
        "learning_rate": float(learning_rate),
        "batch_size": int(batch_size),
        "epochs": int(epochs),
    }
    if choice is not None and dataset_status(DATASET).active == "online":
        try:
            ui.submit_job(slot, TrainConfig(dataset=DATASET, **options, **data_options))
        except ValueError:
            st.error(t("common.invalid_input"), icon=":material/error:")
    return options


def shown_layers(config: TrainConfig) -> str:
    """The network of a CIFAR-10 config by its name in the page's language (its layers are in the table)."""
    return network_names().get(config.param("network"), config.param("network"))


# ------------------------------------------------------------------------------------------------------------------
# 4. Results


@st.cache_resource(max_entries=4, show_spinner=False)
def classification_results(config_key: str, _handle):
    """Predictions on the 10,000 test photos, the mistakes (most confident first) and the gallery's photos."""
    from core.training import views

    loaded = load_photos()
    results = views.classify(_handle.model, loaded.x_test, loaded.y_test, loaded.class_names)
    wrong = views.misclassified_indices(results.labels, results.predictions, results.probabilities, limit=None)
    gallery = np.array(loaded.x_test[wrong[:GALLERY_SIZE]])
    return results, wrong, gallery


def results_ui(handle, snapshot) -> None:
    from dashboard.lessons.training.results import model_file_bytes
    from dashboard.shared import shared_figure

    config = handle.config
    st.header(t("train.results.header"))
    results, wrong, gallery = classification_results(config.key, handle)
    class_names = class_display_names(results.class_names)
    chance = training_cifar.CHANCE_ACCURACY
    majority = float(np.bincount(results.labels, minlength=len(class_names)).max() / max(1, len(results.labels)))
    accuracy_column, chance_column, majority_column, time_column = st.columns(4)
    accuracy_column.metric(
        t("train.results.accuracy"),
        f"{results.accuracy:.1%}",
        delta=t("train.cifar.results.delta", points=f"{(results.accuracy - chance) * 100:+.1f}"),  # +/- vs chance
        delta_color="normal" if results.accuracy > chance else "inverse",
    )
    chance_column.metric(t("train.cifar.results.chance"), f"{chance:.0%}")
    majority_column.metric(t("train.cifar.results.majority"), f"{majority:.0%}")
    time_column.metric(t("train.results.train_time"), ui.format_seconds((snapshot.timings or {}).get("train_seconds")))
    st.write(
        t(
            "train.cifar.results.verdict",
            accuracy=f"{results.accuracy:.1%}",
            times=f"{results.accuracy / chance:.1f}",
            network=shown_layers(config),
            count=f"{len(results.labels):,}",
        )
    )
    confusion_column, mistakes_column = st.columns(2)
    with confusion_column:
        st.subheader(t("train.results.confusion"))
        st.plotly_chart(
            shared_figure(
                "train_cifar_confusion",
                (config.key,),
                lambda: figures.confusion_figure(results.confusion, class_names, height=460),
            ),
            width="stretch",
            key="train_cifar_confusion",
        )
        st.caption(t("train.results.confusion.caption"))
    with mistakes_column:
        st.subheader(t("train.results.mistakes"))
        shown = wrong[:GALLERY_SIZE]
        if not len(shown):
            st.success(t("train.results.no_mistakes"))
        else:
            captions = [
                t(
                    "train.results.mistake_caption",
                    true=class_names[results.labels[index]],
                    predicted=class_names[results.predictions[index]],
                )
                for index in shown
            ]
            st.plotly_chart(
                shared_figure(
                    "train_cifar_mistakes",
                    (config.key,),
                    lambda: photo_gallery_figure(gallery[: len(shown)], captions, columns=4, tile_height=130),
                ),
                width="stretch",
                key="train_cifar_mistakes",
                config={"displayModeBar": False},  # its buttons would cover the captions
            )
            st.caption(t("train.results.mistakes.caption", shown=len(shown), total=len(wrong)))
    st.subheader(t("train.results.download.header"))
    st.download_button(
        t("train.results.download"),
        data=functools.partial(model_file_bytes, handle),
        file_name=f"cifar10-{config.param('network')}-{config.key[:8]}.keras",
        mime="application/octet-stream",
        icon=":material/download:",
        on_click="ignore",
        key="train_cifar_download",
    )
    st.caption(t("train.results.download.caption"))
    show_code(training_cifar.keras_script(config), caption=t("train.results.code.caption"))
