"""GANs (served at /gan): train a generative adversarial network live, then browse what it drew as it learned.

The GAN is the task ``gan`` (``core.lessons.gan.gan``), trained by the engine like every other model: the page opens
on the default config (usually straight from the model store, with its whole gallery), and trains another one when
the learner presses Train. While it trains, the shared panel (``dashboard.training_ui``) draws the losses, D(x),
D(G(z)) and the latest samples of the fixed noise batch. Once finished: the gallery of every epoch (a slider and a
play button), fresh samples (``core.lessons.gan.samples``), a walk between two seeds, a PNG download, and the
generator's scores measured with the draw page's digit classifier (``core.lessons.gan.scoring``), beside the same
scores for real digits. The course's dense GAN as written is one click away (``settings_choice``) and is shown beside
the app's improved one, galleries and scores side by side. "Show the code" is a standalone script for the config on
screen (``core.lessons.gan.script``); the course's own code, made to run on Keras 3, is in ``course_code``.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from core.lessons.gan import gan, networks, samples, scoring
from core.lessons.gan.data import DATASETS, get_task_data
from core.lessons.gan.script import gan_script
from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.course import course_code, seeded, settings_choice
from dashboard.data_lines import source_text
from dashboard.figures import gan as figures
from dashboard.full_data import full_data_offer_ui, submit_shown_job, with_data_choice
from dashboard.i18n import t
from dashboard.setups.gan import (
    BATCH_CHOICES,
    EPOCH_OPTIONS,
    IMAGE_CLASSES,
    INTERPOLATION_SEEDS,
    MAX_SEED,
    SMOOTHING_CHOICES,
)
from dashboard.shared import history_key, shared_figure, shared_value

SLOT = "gan"
CLASSIFIER_SLOT = "gan_classifier"
NO_CURVES = ui.CurvePanels(())  # the page draws the GAN's own curves (two losses, two discriminator outputs)
#: The course's GAN preset: its networks, batch, no label smoothing, and 3,000 of its 10,000 steps (30 epochs of 100
#: steps), so that a visitor sees it end in minutes (gan.COURSE_PRESET_EPOCHS; 100 epochs are the course's 10,000).
COURSE_CONTROLS = {
    "gan_dataset": "mnist",
    "gan_class": "all",
    "gan_network": "course",
    "gan_epochs": gan.COURSE_PRESET_EPOCHS,
    "gan_smoothing": 0.0,
    "gan_batch": networks.COURSE_BATCH_SIZE,
}
DISPLAY_SCALE = 4  # the 28x28 drawings enlarged with sharp pixels
GRID_WIDTH = 420
PLAY_KEY = "gan_playing"  # the key of the model whose gallery is playing, or absent
PLAY_POSITION_KEY = "gan_play_position"
PLAY_INTERVAL_S = 0.7
SAMPLE_SEED_KEY = "gan_sample_seed"
INTERPOLATION_STEPS = 10


def dataset_names() -> dict[str, str]:
    return {dataset: t(f"gan.settings.{dataset}") for dataset in DATASETS}


def network_names() -> dict[str, str]:
    return {network: t(f"gan.settings.{network}") for network in networks.NETWORKS}


def class_label(image_class, class_names) -> str:
    if image_class == "all":
        return t("gan.settings.class.all")
    return t("gan.settings.class.only", name=class_names[int(image_class)])


def class_display_names(dataset: str) -> tuple[str, ...]:
    from core.data.images import DIGIT_CLASS_NAMES, FASHION_MNIST_CLASS_NAMES

    if dataset == "mnist":
        return DIGIT_CLASS_NAMES
    return FASHION_MNIST_CLASS_NAMES


def describe(config) -> str:
    """The config in words, in the session's language."""
    names = class_display_names(config.dataset)
    return (
        f"{network_names()[config.param('network')]} · {dataset_names()[config.dataset]} · "
        f"{class_label(config.param('image_class'), names)} · {config.epochs} {t('gan.settings.epochs')}"
    )


def png(grid: np.ndarray) -> bytes:
    return samples.png_bytes(grid, scale=DISPLAY_SCALE)


# ------------------------------------------------------------------------------------------------------------------
# 1. Settings


def data_caption_ui(config) -> None:
    """Which images ``config`` learns from: the built-in copy unless the visitor chose the full download."""
    from core.data.loaders import load_dataset

    dataset = config.dataset
    try:
        loaded = load_dataset(dataset, prefer_download=config.full_data)
    except Exception:  # noqa: BLE001 - the training itself reports a missing data set in a sentence
        return
    provenance = loaded.provenance
    size = t("gan.settings.data_size", train=f"{len(loaded.x_train):,}", test=f"{len(loaded.x_test):,}")
    key = "gan.settings.data_online" if provenance.online else "gan.settings.data_offline"
    line = t(key, name=dataset_names()[dataset], size=size, source=source_text(provenance))
    limit = config.max_train_samples
    if limit is not None and len(loaded.x_train) > limit:
        line += " " + t("gan.settings.data_limit", limit=f"{limit:,}")
    st.caption(line)


def app_controls() -> dict:
    """The controls' values of the app's default config."""
    defaults = gan.page_default_config()
    return {
        "gan_dataset": defaults.dataset,
        "gan_class": defaults.param("image_class"),
        "gan_network": defaults.param("network"),
        "gan_epochs": defaults.epochs,
        "gan_smoothing": defaults.param("label_smoothing"),
        "gan_batch": defaults.batch_size,
    }


def config_from(dataset, image_class, network, epochs, smoothing, batch_size):
    """The config of the controls' values. The course's network trains the course's way (its Adam, the whole
    training set, 100 random batches per epoch: ``gan.course_config``); the others as the app's default."""
    params = {"image_class": image_class, "label_smoothing": float(smoothing)}
    if network == "course":
        return gan.course_config(dataset=dataset, epochs=int(epochs), batch_size=int(batch_size), params=params)
    return gan.page_default_config().replace(
        dataset=dataset, epochs=int(epochs), batch_size=int(batch_size), params={**params, "network": network}
    )


def course_changes() -> list[str]:
    return [
        t("gan.course.change.activations"),
        t("gan.course.change.batch_norm"),
        t("gan.course.change.smoothing"),
        t("gan.course.change.adam"),
        t("gan.course.change.steps"),
    ]


def settings_ui():
    """The learner's choices as a config when Train (or a preset) is pressed, else None."""
    st.header(t("gan.settings.header"))
    defaults = gan.page_default_config()
    choice = settings_choice(
        "gan",
        course=COURSE_CONTROLS,
        app=app_controls(),
        changes=course_changes(),
        note=t(
            "gan.course.note",
            preset_steps=f"{gan.COURSE_PRESET_EPOCHS * networks.COURSE_STEPS_PER_EPOCH:,}",
            course_steps=f"{networks.COURSE_STEPS:,}",
            ms_low=f"{gan.COURSE_MEASURED_MS_PER_STEP[0]:.0f}",
            ms_high=f"{gan.COURSE_MEASURED_MS_PER_STEP[1]:.0f}",
            minutes_low=f"{gan.COURSE_MEASURED_MS_PER_STEP[0] * networks.COURSE_STEPS / 60_000:.0f}",
            minutes_high=f"{gan.COURSE_MEASURED_MS_PER_STEP[1] * networks.COURSE_STEPS / 60_000:.0f}",
            epochs=gan.COURSE_EPOCHS,
        ),
    )
    with st.form("gan_settings", border=False):
        data_column, class_column, network_column = st.columns([2, 2, 4])
        dataset = data_column.selectbox(
            t("gan.settings.dataset"),
            options=DATASETS,
            format_func=dataset_names().__getitem__,
            **seeded("gan_dataset", defaults.dataset, options=DATASETS),
        )
        # Labels made now, in this run's language (a lazy t() call would translate later, outside the session).
        class_labels = {value: class_label(value, [str(number) for number in range(10)]) for value in IMAGE_CLASSES}
        image_class = class_column.selectbox(
            t("gan.settings.class"),
            options=list(class_labels),
            format_func=class_labels.__getitem__,
            help=t("gan.settings.class.help"),
            **seeded("gan_class", defaults.param("image_class"), options=list(class_labels)),
        )
        network = network_column.segmented_control(
            t("gan.settings.network"),
            options=networks.NETWORKS,
            format_func=network_names().__getitem__,
            help=t("gan.settings.network.help"),
            **seeded("gan_network", defaults.param("network"), param="default"),
        )
        epochs_column, batch_column, smoothing_column, button_column = st.columns(
            [3, 2, 2, 1.4], vertical_alignment="bottom"
        )
        epochs = epochs_column.select_slider(
            t("gan.settings.epochs"),
            options=sorted({*EPOCH_OPTIONS, defaults.epochs}),  # a test may shrink the default
            help=t("gan.settings.epochs.help", steps=networks.COURSE_STEPS_PER_EPOCH),
            **seeded("gan_epochs", defaults.epochs),
        )
        batch_size = batch_column.select_slider(
            t("gan.settings.batch"),
            options=BATCH_CHOICES,
            help=t("gan.settings.batch.help"),
            **seeded("gan_batch", defaults.batch_size),
        )
        smoothing = smoothing_column.select_slider(
            t("gan.settings.smoothing"),
            options=SMOOTHING_CHOICES,
            format_func=lambda value: f"{value:g}",
            help=t("gan.settings.smoothing.help"),
            **seeded("gan_smoothing", defaults.param("label_smoothing")),
        )
        pressed = button_column.form_submit_button(
            t("gan.settings.train"), type="primary", icon=":material/play_arrow:", width="stretch"
        )
    network = network or defaults.param("network")
    try:
        config = config_from(dataset, image_class, network, epochs, smoothing, batch_size)
    except ValueError:
        st.error(t("common.invalid_input"), icon=":material/error:")
        return None
    data_caption_ui(with_data_choice(SLOT, config))
    if network == "course":
        st.caption(
            t(
                "gan.settings.course_epochs",
                steps=networks.COURSE_STEPS_PER_EPOCH,
                total=f"{config.epochs * networks.COURSE_STEPS_PER_EPOCH:,}",
            )
        )
    st.caption(t("gan.settings.default_note"))
    if pressed or choice is not None:
        return config
    return None


# ------------------------------------------------------------------------------------------------------------------
# 2. Training


def samples_figure_ui(artifact, caption: str, width: int | str = "stretch") -> None:
    # Scaled up and encoded once per grid for every session (keyed by the grid's own PNG).
    image = shared_value("gan_grid_png", (artifact["png"],), lambda: png(samples.artifact_grid(artifact)))
    st.image(image, caption=caption, width=width)


def curves_figure(history, marker_epoch: int | None = None):
    """The GAN's curves, shared by every session that sees the same history."""
    return shared_figure(
        "gan_curves",
        (history_key(history), marker_epoch),
        lambda: figures.gan_curves_figure(history, marker_epoch=marker_epoch),
    )


def live_gan(snapshot) -> None:
    """Inside the polling fragment: the GAN's curves and the latest samples of the fixed noise."""
    if not snapshot.history.get("d_loss"):
        st.caption(t("gan.live.first_epoch"))
        return
    curves_column, samples_column = st.columns([3, 2], vertical_alignment="center")
    curves_column.plotly_chart(curves_figure(snapshot.history), width="stretch", key="gan_live_curves")
    if snapshot.latest_artifact is not None:
        with samples_column:
            epoch = snapshot.artifacts[-1][0]
            samples_figure_ui(snapshot.latest_artifact, t("gan.live.samples", epoch=epoch), width=320)
    st.caption(t("gan.live.caption"))


def training_ui(requested):
    st.header(t("gan.train.header"))
    # The default comes from the store or the bundle, gallery and all.
    handle = submit_shown_job(SLOT, requested, gan.page_default_config())
    st.caption(t("gan.train.shown", config=describe(handle.config)))
    full_data_offer_ui(SLOT, handle.config, handle)
    snapshot = ui.training_panel(SLOT, NO_CURVES, extra_live=live_gan, show_final_curves=False)
    return handle, snapshot


# ------------------------------------------------------------------------------------------------------------------
# 3. Gallery, new samples, interpolation


def start_playing(model_key: str, epochs: list[int], slider_key: str) -> None:
    current = st.session_state.get(slider_key, epochs[-1])
    position = epochs.index(current) if current in epochs else 0
    st.session_state[PLAY_POSITION_KEY] = 0 if position >= len(epochs) - 1 else position
    st.session_state[PLAY_KEY] = model_key


def stop_playing(slider_key: str, epoch: int) -> None:
    st.session_state.pop(PLAY_KEY, None)
    st.session_state[slider_key] = epoch


@st.fragment(run_every=PLAY_INTERVAL_S)
def playing_gallery(model_key: str, artifacts: list, total_epochs: int, slider_key: str) -> None:
    """The gallery while it plays: one epoch further at every tick, then back to the slider at the end."""
    if st.session_state.get(PLAY_KEY) != model_key:
        st.rerun()  # paused (or another model): the whole page draws the slider again
    epochs = [epoch for epoch, _ in artifacts]
    position = min(int(st.session_state.get(PLAY_POSITION_KEY, 0)), len(epochs) - 1)
    epoch, artifact = artifacts[position]
    st.button(
        t("gan.gallery.pause"),
        icon=":material/pause:",
        key="gan_gallery_pause",
        on_click=stop_playing,
        args=(slider_key, epoch),
    )
    st.progress((position + 1) / len(epochs), text=f"{t('gan.gallery.epoch')} {epoch}")
    samples_figure_ui(artifact, t("gan.gallery.caption", epoch=epoch, total=total_epochs))
    if position + 1 >= len(epochs):
        stop_playing(slider_key, epoch)
        st.rerun()
    st.session_state[PLAY_POSITION_KEY] = position + 1


def gallery_ui(handle, snapshot) -> None:
    st.header(t("gan.gallery.header"))
    artifacts = list(snapshot.artifacts)
    if not artifacts:
        st.info(t("gan.gallery.empty"))
        return
    epochs = [epoch for epoch, _ in artifacts]
    total = epochs[-1]
    slider_key = f"gan_gallery_epoch_{handle.key[:12]}"
    curves_column, gallery_column = st.columns([3, 2])
    if st.session_state.get(PLAY_KEY) == handle.key:
        with gallery_column:
            playing_gallery(handle.key, artifacts, total, slider_key)
        chosen = None
    else:
        with gallery_column:
            if st.session_state.get(slider_key) not in epochs:
                st.session_state[slider_key] = epochs[-1]
            slider_column, play_column = st.columns([5, 2], vertical_alignment="bottom")
            if len(epochs) > 1:
                chosen = slider_column.select_slider(t("gan.gallery.epoch"), options=epochs, key=slider_key)
            else:
                chosen = epochs[0]
            play_column.button(
                t("gan.gallery.play"),
                icon=":material/play_arrow:",
                key="gan_gallery_play",
                on_click=start_playing,
                args=(handle.key, epochs, slider_key),
                disabled=len(epochs) < 2,
                width="stretch",
            )
            samples_figure_ui(dict(artifacts)[chosen], t("gan.gallery.caption", epoch=chosen, total=total))
    with curves_column:
        st.plotly_chart(curves_figure(snapshot.history, marker_epoch=chosen), width="stretch", key="gan_final_curves")
        smoothed = handle.config.param("label_smoothing") > 0
        st.caption(t("gan.curve.caption" if smoothed else "gan.curve.caption.no_smoothing"))


@st.cache_data(max_entries=64, show_spinner=False)
def sample_grid(model_key: str, seed: int, _generator) -> bytes:
    """A PNG of 36 fresh samples (the same seed always gives the same drawings)."""
    images = samples.sample_images(_generator, samples.GRID_SIDE * samples.GRID_SIDE, seed)
    return png(samples.tile_images(images, samples.GRID_SIDE))


@st.cache_data(max_entries=64, show_spinner=False)
def interpolation_strip(model_key: str, seed_from: int, seed_to: int, _generator) -> bytes:
    images = samples.interpolate_images(_generator, seed_from, seed_to, INTERPOLATION_STEPS)
    return png(samples.tile_images(images, INTERPOLATION_STEPS, padding=2, background=255))


def next_sample_seed() -> None:
    st.session_state[SAMPLE_SEED_KEY] = st.session_state.get(SAMPLE_SEED_KEY, 1) + 1


def samples_ui(handle) -> None:
    samples_column, interpolation_column = st.columns(2)
    with samples_column:
        st.subheader(t("gan.samples.header"))
        seed = int(st.session_state.get(SAMPLE_SEED_KEY, 1))
        try:
            grid = sample_grid(handle.key, seed, handle.model)
        except ValueError:
            st.error(t("gan.error.generate"))
            return
        button_column, download_column = st.columns(2)
        button_column.button(
            t("gan.samples.button"),
            icon=":material/casino:",
            key="gan_new_samples",
            on_click=next_sample_seed,
            width="stretch",
        )
        download_column.download_button(
            t("gan.samples.download"),
            data=grid,
            file_name=f"gan-samples-{handle.key[:8]}-seed{seed}.png",
            mime="image/png",
            icon=":material/download:",
            on_click="ignore",
            key="gan_download",
            width="stretch",
        )
        st.image(grid, caption=t("gan.samples.caption", seed=seed), width=GRID_WIDTH)
    with interpolation_column:
        st.subheader(t("gan.interp.header"))
        from_column, to_column = st.columns(2)
        seed_from = from_column.number_input(
            t("gan.interp.from"),
            min_value=0,
            max_value=MAX_SEED,
            step=1,
            **seeded("gan_interp_from", INTERPOLATION_SEEDS[0]),
        )
        seed_to = to_column.number_input(
            t("gan.interp.to"),
            min_value=0,
            max_value=MAX_SEED,
            step=1,
            **seeded("gan_interp_to", INTERPOLATION_SEEDS[1]),
        )
        strip = interpolation_strip(handle.key, int(seed_from), int(seed_to), handle.model)
        st.image(strip, width="stretch")
        st.caption(t("gan.interp.caption"))


# ------------------------------------------------------------------------------------------------------------------
# 4. Scores


@st.cache_resource(max_entries=8, show_spinner=False)
def computed_scores(model_key: str, _generator, _classifier, _config) -> dict:
    """The scores of a model stored before the classifier existed (once per model and process)."""
    data = get_task_data(_config)
    return scoring.generator_scores(_generator, _classifier, data.x_test)


def scores_of(handle, snapshot) -> dict | None:
    metrics = dict(snapshot.test_metrics or {})
    if "mean_confidence" in metrics:
        return metrics
    classifier = current_classifier()
    if classifier is None:
        return None
    return computed_scores(handle.key, handle.model, classifier, handle.config)


@st.cache_resource(max_entries=8, show_spinner=False)
def real_reference_scores(data_key: tuple, _classifier, _config) -> dict:
    """The same scores for real digits of the config's data (once per data choice and classifier, for everyone)."""
    data = get_task_data(_config)
    return scoring.real_digit_scores(_classifier, data.x_test, data.x_train, n_samples=scoring.SCORE_SAMPLES)


def current_classifier():
    """The digit classifier when it is ready (store, bundle or this session's training), else None."""
    classifier = scoring.scoring_classifier(wait=False)
    if classifier is None:
        classifier_handle = ui.job_handle(CLASSIFIER_SLOT)
        if classifier_handle is not None and classifier_handle.done:
            classifier = classifier_handle.model
    return classifier


def reference_of(config) -> dict | None:
    classifier = current_classifier()
    if classifier is None:
        return None
    data_key = (config.dataset, config.full_data, config.param("image_class"), id(classifier))
    try:
        return real_reference_scores(data_key, classifier, config)
    except ValueError:
        return None


SCORE_FORMATS = {
    "mean_confidence": "{:.2f}",
    "classes_present": "{} / 10",
    "inception_score": "{:.2f}",
    "frechet_distance": "{:.1f}",
}


def score_text(scores: dict | None, name: str) -> str:
    if not scores or name not in scores:
        return "–"
    return SCORE_FORMATS[name].format(scores[name])


def scores_ui(handle, snapshot) -> None:
    st.header(t("gan.scores.header"))
    if handle.config.dataset != "mnist":
        st.info(t("gan.scores.not_digits"))
        return
    scores = scores_of(handle, snapshot)
    if scores is None:
        st.info(t("gan.scores.missing"))
        if ui.job_handle(CLASSIFIER_SLOT) is None:
            if st.button(t("gan.scores.train_classifier"), icon=":material/model_training:", key="gan_train_scorer"):
                ui.submit_job(CLASSIFIER_SLOT, scoring.classifier_config())
        if ui.job_handle(CLASSIFIER_SLOT) is not None:
            ui.training_panel(CLASSIFIER_SLOT, ui.CLASSIFICATION_CURVES, show_final_curves=False)
        return
    reference = reference_of(handle.config)
    st.write(t("gan.scores.intro", count=f"{scores['n_samples']:,}", real=f"{scores['n_real']:,}"))
    image_class = handle.config.param("image_class")
    one_digit = image_class not in (None, "all")  # one digit present is then the goal, not mode collapse
    digit = {"name": class_display_names("mnist")[int(image_class)]} if one_digit else {}
    tiles = (
        ("mean_confidence", "gan.scores.confidence", "gan.scores.confidence.help"),
        (
            "classes_present",
            "gan.scores.present",
            "gan.scores.present.help.one" if one_digit else "gan.scores.present.help",
        ),
        (
            "inception_score",
            "gan.scores.inception",
            "gan.scores.inception.help.one" if one_digit else "gan.scores.inception.help",
        ),
        ("frechet_distance", "gan.scores.frechet", "gan.scores.frechet.help"),
    )
    for column, (name, label, help_key) in zip(st.columns(len(tiles)), tiles, strict=True):
        column.metric(t(label), score_text(scores, name), help=t(help_key, **digit))
        if reference is not None:
            column.caption(t("gan.scores.real_value", value=score_text(reference, name)))
    if reference is not None:
        st.caption(
            t(
                "gan.scores.real_caption",
                count=f"{reference['n_samples']:,}",
                train=f"{reference['n_train_sample']:,}",
                real=f"{reference['n_real']:,}",
            )
        )
    counts = shared_figure(
        "gan_class_counts",
        (tuple(scores["class_counts"]), one_digit),
        lambda: figures.class_counts_figure(
            scores["class_counts"], class_display_names("mnist"), even_line=not one_digit
        ),
    )
    st.plotly_chart(counts, width="stretch", key="gan_class_counts")


# ------------------------------------------------------------------------------------------------------------------
# 5. The course's GAN as written, beside the app's


def stored_record(config):
    """(metadata, StoredModel or None) of a config in the model store or the bundle, without training anything."""
    from core.training.engine import get_engine

    store = get_engine().store
    try:
        metadata = store.load_metadata(config.key)
    except Exception:  # noqa: BLE001 - an unreadable record is shown as "not trained yet"
        return None
    return metadata


@st.cache_resource(max_entries=8, show_spinner=False)
def stored_model_scores(model_key: str, classifier_id: int, _config, _classifier) -> dict | None:
    """The scores of a stored generator that was kept without them (loaded and scored once per process)."""
    from core.training.engine import get_engine

    stored = get_engine().store.load(model_key)
    if stored is None:
        return None
    data = get_task_data(_config)
    return scoring.generator_scores(stored.model, _classifier, data.x_test)


def stored_scores(config, metadata) -> dict | None:
    metrics = dict(metadata.get("test_metrics") or {})
    if "mean_confidence" in metrics:
        return metrics
    classifier = current_classifier()
    if classifier is None:
        return None
    return stored_model_scores(config.key, id(classifier), config, classifier)


def comparison_column_ui(column, title: str, config, handle) -> dict | None:
    """One side of the comparison: the last gallery grid of ``config`` and its steps; its scores (or None)."""
    column.subheader(title)
    metadata = stored_record(config)
    artifacts = (metadata or {}).get("artifacts") or []
    if handle is not None and handle.key == config.key and not handle.done:
        column.info(t("gan.compare.training"))
        return None
    if not artifacts:
        column.info(t("gan.compare.missing"))
        return None
    epoch, artifact = artifacts[-1]
    n_train = int((metadata.get("test_metrics") or {}).get("n_train_images", 0))
    steps = gan.steps_of(config, n_train) if n_train else None
    with column:
        samples_figure_ui(
            artifact,
            t("gan.compare.caption", epoch=epoch, steps=f"{steps:,}" if steps else "?"),
            width=GRID_WIDTH,
        )
    if config.dataset != "mnist":
        return None
    return stored_scores(config, metadata)


def comparison_ui(handle) -> None:
    st.header(t("gan.compare.header"))
    st.write(t("gan.compare.intro"))
    course = with_data_choice(SLOT, gan.course_config(epochs=gan.COURSE_PRESET_EPOCHS))
    app = with_data_choice(SLOT, gan.page_default_config())
    course_column, app_column = st.columns(2)
    course_scores = comparison_column_ui(
        course_column,
        t("gan.compare.course", steps=f"{gan.COURSE_PRESET_EPOCHS * networks.COURSE_STEPS_PER_EPOCH:,}"),
        course,
        handle,
    )
    app_scores = comparison_column_ui(app_column, t("gan.compare.app"), app, handle)
    reference = reference_of(app)
    rows = [
        (t(label), score_text(course_scores, name), score_text(app_scores, name), score_text(reference, name))
        for name, label in (
            ("mean_confidence", "gan.scores.confidence"),
            ("classes_present", "gan.scores.present"),
            ("inception_score", "gan.scores.inception"),
            ("frechet_distance", "gan.scores.frechet"),
        )
    ]
    if course_scores or app_scores:
        headers = [
            t("gan.compare.score"),
            t("gan.compare.course_short"),
            t("gan.compare.app_short"),
            t("gan.compare.real"),
        ]
        table = "\n".join(
            ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
            + ["| " + " | ".join(row) + " |" for row in rows]
        )
        st.markdown(table)
    measured = gan.COURSE_MEASURED_SCORES
    st.caption(
        t(
            "gan.compare.measured",
            steps=f"{networks.COURSE_STEPS:,}",
            preset_steps=f"{gan.COURSE_PRESET_EPOCHS * networks.COURSE_STEPS_PER_EPOCH:,}",
            full=f"{measured['full']['frechet_distance']:.0f}",
            preset=f"{measured['preset']['frechet_distance']:.0f}",
            real=f"{measured['real']['frechet_distance']:.0f}",
            present=measured["full"]["classes_present"],
            inception=f"{measured['full']['inception_score']:.2f}",
        )
    )
    st.markdown(t("gan.compare.lesson"))


def code_ui(handle) -> None:
    show_code(gan_script(handle.config), caption=t("gan.code.caption", config=describe(handle.config)))
    course_code(
        {"Keras": "course_gan_keras"},
        changes=[
            t("gan.course.code.change.imports"),
            t("gan.course.code.change.input_dim"),
            t("gan.course.code.change.trainable"),
            t("gan.course.code.change.data"),
            t("gan.course.code.change.quiet"),
            t("gan.course.code.change.save"),
            t("gan.course.code.change.quick"),
        ],
        key="gan",
    )


# ------------------------------------------------------------------------------------------------------------------

st.title(t("gan.title"))
st.write(t("gan.intro"))
requested_config = settings_ui()
gan_handle, gan_snapshot = training_ui(requested_config)
if gan_snapshot is not None and gan_snapshot.state == "finished" and gan_handle.model is not None:
    gallery_ui(gan_handle, gan_snapshot)
    samples_ui(gan_handle)
    scores_ui(gan_handle, gan_snapshot)
comparison_ui(gan_handle)
code_ui(gan_handle)
