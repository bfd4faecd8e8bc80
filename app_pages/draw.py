"""Draw a digit (served at /draw): a canvas that a CNN reads as you draw.

The classifier is the task ``digit_canvas`` (``core.lessons.draw``), trained by the engine and usually served
straight from the model store; while it trains (first visit on an empty store) the shared training panel shows it
and the learner can already draw. Each drawing goes through ``core.lessons.draw.prepare_canvas_digit`` (MNIST-style
preprocessing) and one direct call of the stored model; the figures come from ``dashboard.figures.draw``.
"""

from __future__ import annotations

import logging

import numpy as np
import streamlit as st

from core.lessons import draw as digit_canvas
from core.lessons.draw import CanvasError
from core.runtime import tensorflow_status
from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.figures import draw as figures
from dashboard.full_data import full_data_offer_ui, with_data_choice
from dashboard.i18n import t
from dashboard.setups.draw import DEFAULT_MODEL, DEFAULT_STROKE_WIDTH, STROKE_WIDTHS

SLOT = "draw_digit"
CANVAS_SIZE = 280
CANVAS_GENERATION_KEY = "draw_canvas_generation"
POOLING_FILTERS_SHOWN = 8

logger = logging.getLogger(__name__)


def model_names() -> dict[str, str]:
    return {choice: t(f"draw.model.{choice}") for choice in digit_canvas.MODEL_CHOICES}


def settings_ui() -> tuple[str, int]:
    """The network to read the drawing, and the pen width."""
    model_column, stroke_column = st.columns([3, 2], vertical_alignment="bottom")
    model = model_column.segmented_control(
        t("draw.model.choose"),
        options=digit_canvas.MODEL_CHOICES,
        format_func=model_names().get,
        default=DEFAULT_MODEL,
        key="draw_model",
        help=t("draw.model.help"),
    )
    stroke_width = stroke_column.select_slider(
        t("draw.stroke"), options=STROKE_WIDTHS, value=DEFAULT_STROKE_WIDTH, key="draw_stroke"
    )
    return model or DEFAULT_MODEL, int(stroke_width)


def clear_canvas() -> None:
    # A new key mounts a new, empty canvas.
    st.session_state[CANVAS_GENERATION_KEY] = st.session_state.get(CANVAS_GENERATION_KEY, 0) + 1


def canvas_ui(stroke_width: int):
    """The drawing as an RGBA array (None before the first stroke)."""
    from streamlit_drawable_canvas import st_canvas

    generation = st.session_state.get(CANVAS_GENERATION_KEY, 0)
    st.space("small")  # the canvas toolbar floats above the canvas: keep it off the caption over it
    result = st_canvas(
        fill_color="rgba(255, 255, 255, 0.0)",
        stroke_width=stroke_width,
        stroke_color="#FFFFFF",
        background_color="#000000",
        height=CANVAS_SIZE,
        width=CANVAS_SIZE,
        drawing_mode="freedraw",
        update_streamlit=True,
        return_image_data=True,
        key=f"draw_canvas_{generation}",
    )
    button_column, caption_column = st.columns([1, 3], vertical_alignment="center")
    button_column.button(t("draw.clear"), icon=":material/delete:", on_click=clear_canvas, key="draw_clear")
    caption_column.caption(t("draw.canvas.caption"))
    return None if result is None else result.image_data


def learned_from_full_data(handle) -> bool:
    """Which MNIST the network learned from: the finished model's own record, else the data its config asks for."""
    metadata = handle.metadata if handle is not None and handle.done else None
    if metadata is not None:
        return bool(metadata.get("data", {}).get("online", False))
    return handle is not None and handle.config.full_data


def data_caption_ui(handle) -> None:
    if learned_from_full_data(handle):
        st.caption(t("draw.data.online", size=t("draw.data.online_size")))
    else:
        st.caption(t("draw.data.offline", size=t("draw.data.offline_size")))


def prediction_ui(digit, model) -> np.ndarray | None:
    """The metric, the confidence, "not sure" when it is low, and the ten bars. Returns the probabilities."""
    probabilities = digit_canvas.predict_digit(model, digit.image)
    order = np.argsort(probabilities)[::-1]
    top, second = int(order[0]), int(order[1])
    prediction_column, confidence_column = st.columns(2)
    prediction_column.metric(t("draw.metric.prediction"), str(top), help=t("draw.metric.prediction.help"))
    confidence_column.metric(
        t("draw.metric.confidence"), f"{probabilities[top]:.0%}", help=t("draw.metric.confidence.help")
    )
    # A scribble over the whole square gets no confident answer, whatever the softmax says (the page explains why).
    is_confident = digit_canvas.confident(probabilities) and digit.status == "ok"
    if not is_confident and digit.status == "ok":
        st.warning(
            t(
                "draw.unsure",
                top=top,
                top_probability=f"{probabilities[top]:.0%}",
                second=second,
                second_probability=f"{probabilities[second]:.0%}",
            ),
            icon=":material/help:",
        )
    st.plotly_chart(figures.probability_bars_figure(probabilities, is_confident), width="stretch", key="draw_bars")
    return probabilities


def drawing_messages_ui(digit) -> None:
    if digit.status == "empty":
        st.info(t("draw.empty"), icon=":material/draw:")
    elif digit.status == "too_small":
        st.info(t("draw.too_small"), icon=":material/zoom_in:")
    elif digit.status == "too_full":
        st.warning(t("draw.too_full"), icon=":material/format_paint:")
    if digit.touches_edge and digit.status != "too_full":
        st.caption(t("draw.touches_edge"))


def what_it_sees_ui(digit, model, model_choice: str) -> None:
    st.subheader(t("draw.sees.header"))
    if digit is None or not digit.readable:
        st.caption(t("draw.sees.nothing"))
        return
    input_column, maps_column = st.columns([1, 3])
    with input_column:
        st.plotly_chart(figures.model_input_figure(digit.image), width="stretch", key="draw_input")
        st.caption(t("draw.sees.input", pixels=f"{digit_canvas.IMAGE_SIZE**2:,}"))
    with maps_column:
        maps = digit_canvas.first_layer_feature_maps(model, digit.image) if model is not None else None
        if maps is not None:
            # theme=None: Streamlit's theme would give the one heatmap of all maps its own colour scale and a colour
            # bar that means nothing here (each map is scaled to its own range).
            st.plotly_chart(figures.feature_maps_figure(maps), width="stretch", theme=None, key="draw_maps")
            st.caption(t("draw.sees.maps", filters=len(maps)))
        elif model_choice == "mlp":
            st.info(t("draw.sees.mlp"), icon=":material/grid_on:")


def pooling_ui(digit, model) -> None:
    """The first convolution's strongest maps before and after the 2x2 max-pool, with what pooling keeps."""
    st.subheader(t("draw.pool.header"))
    st.markdown(t("draw.pool.explained"))
    if digit is None or not digit.readable or model is None:
        st.caption(t("draw.pool.nothing"))
        return
    maps = digit_canvas.pooling_feature_maps(model, digit.image)
    if maps is None:
        st.info(t("draw.pool.mlp"), icon=":material/grid_on:")
        return
    before, after = maps
    chosen = digit_canvas.strongest_filters(before, POOLING_FILTERS_SHOWN)
    numbers = [index + 1 for index in chosen]
    before_column, after_column = st.columns(2)
    with before_column:
        st.markdown(t("draw.pool.before", size=f"{before.shape[1]}x{before.shape[2]}"))
        st.plotly_chart(
            figures.feature_maps_figure(before[chosen], columns=4, numbers=numbers),
            width="stretch",
            theme=None,
            key="draw_pool_before",
        )
    with after_column:
        st.markdown(t("draw.pool.after", size=f"{after.shape[1]}x{after.shape[2]}"))
        st.plotly_chart(
            figures.feature_maps_figure(after[chosen], columns=4, numbers=numbers),
            width="stretch",
            theme=None,
            key="draw_pool_after",
        )
    st.caption(
        t(
            "draw.pool.caption",
            shown=len(chosen),
            filters=len(before),
            before=f"{before[0].size:,}",
            after=f"{after[0].size:,}",
        )
    )


@st.cache_data(max_entries=2, show_spinner=False)
def reference_levels(full_data: bool) -> digit_canvas.ReferenceLevels:
    return digit_canvas.held_out_reference_levels(full_data)


def accuracy_ui(snapshot, handle) -> None:
    """The held-out accuracy, beside what guessing and always answering the most frequent digit would score."""
    metrics = snapshot.test_metrics or {}
    accuracy = metrics.get("accuracy")
    if accuracy is None:
        return
    st.caption(t("draw.accuracy", accuracy=f"{accuracy:.1%}", count=metrics.get("n_test", 0)))
    try:
        levels = reference_levels(learned_from_full_data(handle))
    except Exception:  # noqa: BLE001 - the test labels could not be read again: say nothing rather than guess
        logger.exception("The draw page could not count the test digits")
        return
    st.caption(
        t(
            "draw.accuracy.reference_tied" if levels.tied else "draw.accuracy.reference",
            chance=f"{levels.chance:.1%}",
            digit=levels.majority_class,
            majority=f"{levels.majority:.1%}",
            count=f"{round(levels.majority * levels.n_test):,}",
        )
    )


def script_ui(config, digit) -> None:
    """The page's network as one standalone Keras script, with the drawing on screen as its example image."""
    image = digit.image if digit is not None and digit.readable else None
    show_code(digit_canvas.drawing_script(config, image), caption=t("draw.code.caption"))


def tensorflow_failed_ui(error: BaseException | None = None) -> None:
    """TensorFlow could not run here: a translated sentence on the page, the details in the server's log only."""
    if error is not None:
        logger.error("The draw page could not use TensorFlow", exc_info=error)
    st.error(t("draw.tensorflow_failed"), icon=":material/error:")


def ask_to_train_again() -> None:
    st.session_state["draw_train_again"] = True


def model_ui(model_choice: str):
    """Ask the engine for the chosen network (usually a store or bundle hit, else it trains); returns the config
    and its handle."""
    config = with_data_choice(SLOT, digit_canvas.digit_classifier_config(model_choice))
    handle = ui.job_handle(SLOT)
    train_again = st.session_state.pop("draw_train_again", False)
    if handle is None or handle.key != config.key or train_again:
        handle = ui.submit_job(SLOT, config)
    return config, handle


# ------------------------------------------------------------------------------------------------------------------

st.title(t("draw.title"))
st.write(t("draw.intro"))
model_choice, stroke_width = settings_ui()
config, handle = model_ui(model_choice)
data_caption_ui(handle)
full_data_offer_ui(SLOT, config, handle)

canvas_column, answer_column = st.columns([1, 1], gap="large")
with canvas_column:
    canvas_image = canvas_ui(stroke_width)

digit = None
model = None
with answer_column:
    try:
        digit = digit_canvas.prepare_canvas_digit(canvas_image) if canvas_image is not None else None
    except CanvasError:
        st.warning(t("draw.unreadable"), icon=":material/error:")
    snapshot = handle.snapshot()
    if digit is None and canvas_image is None:
        st.info(t("draw.empty"), icon=":material/draw:")
    elif digit is not None:
        drawing_messages_ui(digit)
    if tensorflow_status().state == "failed":
        tensorflow_failed_ui()
    elif snapshot.state == "finished":
        model = handle.model
        if digit is not None and digit.readable and model is not None:
            try:
                prediction_ui(digit, model)
            except Exception as error:  # noqa: BLE001 - a broken TensorFlow: one translated sentence, no traceback
                tensorflow_failed_ui(error)
                model = None
        accuracy_ui(snapshot, handle)
    elif not snapshot.done:
        st.info(t("draw.waiting"), icon=":material/hourglass_top:")
    else:
        st.warning(t("draw.not_available"), icon=":material/cloud_off:")
        st.button(t("draw.retrain"), icon=":material/refresh:", key="draw_retrain", on_click=ask_to_train_again)

what_it_sees_ui(digit, model, model_choice)
pooling_ui(digit, model)
script_ui(config, digit)

st.subheader(t("draw.training.header"))
ui.training_panel(SLOT, ui.CLASSIFICATION_CURVES, show_final_curves=snapshot.state != "finished")
