"""The "LSTM gates" section of the text page: the course's sentence (or the visitor's) read word by word through the
Chinese sentiment model's LSTM cell, recomputed from its trained weights (:mod:`core.lessons.text.gates`).

It reads the model of the page's Chinese slot (the default, or what the visitor trained there); when nothing was
asked for there yet it asks the engine for the default (usually straight from the model store). What it says about
the model is computed from the model's own numbers, never written in advance.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from core.lessons.text import gates, sentiment
from core.lessons.text.prediction import sentiment_model
from core.lessons.text.segmentation import SentimentInputError, detect_language
from dashboard import training_ui as ui
from dashboard.course import seeded
from dashboard.figures import text_gates as figures
from dashboard.figures.text import escape_markdown
from dashboard.i18n import t
from dashboard.setups.text import GATES_TEXT_KEY
from dashboard.shared import shared_figure, shared_value

SLOT = "text_sentiment_zh"  # the page's Chinese model (app_pages/text.py's SLOTS["zh"])
MOVING_UNITS = 5  # units listed in the table
SHOWN_UNITS = 12  # units in the heatmaps unless the visitor asks for all
#: Below this spread (standard deviation over words and units) a gate "hardly varies".
FLAT_GATE_SPREAD = 0.05


def percent(value: float) -> str:
    return f"{value:.0%}"


def quoted(token: str) -> str:
    """A word of the visitor's text inside a markdown sentence, every markdown character escaped."""
    return "“" + escape_markdown(token) + "”"


def reset_text() -> None:
    """ "The course's sentence": back in the box on the next run (the box is created with its state's value as its
    own, see ``dashboard.course.seeded``, so that the browser shows it too)."""
    st.session_state[GATES_TEXT_KEY] = gates.COURSE_SENTENCE


def model_ui():
    """The finished Chinese sentiment model of the page as (key, SentimentModel), or None (with a note)."""
    handle = ui.job_handle(SLOT)
    if handle is None:
        handle = ui.submit_job(SLOT, sentiment.default_sentiment_config())
    snapshot = handle.snapshot(heartbeat=False)
    if snapshot.reason == ui.QUEUE_FULL_REASON:  # this visitor has too many trainings waiting: say so
        ui.final_status(snapshot)
        return None
    if snapshot.state != "finished" or handle.model is None:
        st.info(t("text.gates.wait"), icon=":material/hourglass_top:")
        return None
    return handle.key, sentiment_model(handle.key, handle.model, handle.metadata)


def lstm_gates_ui() -> None:
    st.header(t("text.gates.header"))
    st.markdown(t("text.gates.intro"))
    loaded = model_ui()
    if loaded is None:
        return
    model_key, model = loaded
    if model.language != "zh":
        st.info(t("text.gates.not_chinese"))
        return
    text_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
    text = text_column.text_input(
        t("text.gates.input"),
        max_chars=gates.MAX_GATE_CHARACTERS,
        **seeded(GATES_TEXT_KEY, gates.COURSE_SENTENCE),
    )
    button_column.button(
        t("text.gates.course"), on_click=reset_text, key="gates_course", width="stretch", icon=":material/undo:"
    )
    try:
        reading = shared_value("text_gates", (model_key, text), lambda: gates.read_sentence(model, text, "zh"))
    except SentimentInputError as error:
        st.warning(t("text.gates.no_words" if error.reason == "no_tokens" else "text.error.empty"))
        return
    except ValueError:  # a model whose recurrent layer this lesson cannot read
        st.info(t("text.gates.no_lstm"))
        return
    if detect_language(text) != "zh":
        st.caption(t("text.gates.english"))
    if reading.tokens_cut:
        st.caption(t("text.gates.cut", count=gates.MAX_GATE_TOKENS, cut=reading.tokens_cut))
    direction = "text.gates.model.bidirectional" if reading.bidirectional else "text.gates.model.plain"
    st.caption(t(direction, units=reading.units) + " " + t("text.gates.model.recomputed"))

    steps = list(range(len(reading.tokens)))
    labels = [f"{step + 1} {token}" for step, token in zip(steps, reading.tokens)]
    digest = hashlib.sha256(f"{model_key}|{text}".encode()).hexdigest()[:12]
    step = st.select_slider(
        t("text.gates.word"),
        steps,
        value=gates.turning_step(reading.tokens, reading.trace),
        format_func=labels.__getitem__,
        key=f"gates_step_{digest}",
        help=t("text.gates.word.help"),
    )
    moving = gates.units_moving_at(reading.trace, step, MOVING_UNITS)

    st.subheader(t("text.gates.probability"))
    chart = shared_figure(
        "text_gates_probability",
        (model_key, text, step),
        lambda: figures.running_probability_figure(
            reading.tokens, reading.running_probability, step, t("text.gates.probability.axis"), t("text.gates.half")
        ),
    )
    st.plotly_chart(chart, width="stretch", key="gates_probability_chart")
    st.markdown(findings_markdown(reading, step, moving))

    st.subheader(t("text.gates.units", word=quoted(reading.tokens[step])))
    st.dataframe(
        {
            t("text.gates.col.unit"): [int(unit) for unit in moving.units],
            t("text.gates.col.change"): np.round(moving.change, 3),
            t("text.gates.col.forget"): np.round(moving.forget_after, 3),
            t("text.gates.col.kept"): [percent(value) for value in moving.kept_fraction],
            t("text.gates.col.end"): np.round(moving.cell_at_end, 3),
        },
        hide_index=True,
        key="gates_units_table",
    )

    st.subheader(t("text.gates.heatmaps"))
    show_all = st.toggle(t("text.gates.all_units", units=reading.units), **seeded("gates_all_units", False))
    order = gates.units_moving_at(reading.trace, step, reading.units if show_all else SHOWN_UNITS).units
    panels = (
        (t("text.gates.panel.input"), reading.trace.input_gate, True),
        (t("text.gates.panel.forget"), reading.trace.forget_gate, True),
        (t("text.gates.panel.output"), reading.trace.output_gate, True),
        (t("text.gates.panel.cell"), reading.trace.cell_state, False),
        (t("text.gates.panel.hidden"), reading.trace.hidden_state, False),
    )
    heatmaps = shared_figure(
        "text_gates_heatmaps",
        (model_key, text, step, show_all),
        lambda: figures.gates_figure(reading.tokens, panels, order, step, t("text.gates.unit")),
    )
    st.plotly_chart(heatmaps, width="stretch", key="gates_heatmaps_chart")
    st.caption(t("text.gates.heatmaps.caption", count=len(order), word=quoted(reading.tokens[step])))


def findings_markdown(reading: gates.GateReading, step: int, moving: gates.UnitsAtStep) -> str:
    """What this model does with this sentence, from its numbers: a few bullet points."""
    tokens, trace, probabilities = reading.tokens, reading.trace, reading.running_probability
    word = quoted(tokens[step])
    last = len(tokens) - 1
    lowest = int(np.argmin(probabilities))
    lines = [
        t(
            "text.gates.find.probability",
            first=percent(probabilities[0]),
            word=word,
            after=percent(probabilities[step]),
            final=percent(probabilities[last]),
            lowest=percent(probabilities[lowest]),
            lowest_word=quoted(tokens[lowest]),
        )
    ]
    turning = tokens[step] in gates.TURNING_WORDS
    if turning and step > 0:
        before, lowest_before, final = probabilities[step - 1], probabilities[:step].min(), probabilities[last]
        if final < 0.5 <= before:
            lines.append(t("text.gates.find.turns_negative", word=word, before=percent(before), final=percent(final)))
        elif final < 0.5:
            lines.append(t("text.gates.find.ends_negative", word=word, before=percent(before), final=percent(final)))
        elif lowest_before < 0.5:
            lines.append(t("text.gates.find.turns", word=word, lowest=percent(lowest_before)))
        else:
            lines.append(t("text.gates.find.never_negative", word=word, lowest=percent(lowest_before)))
    elif not turning:
        lines.append(t("text.gates.find.no_turn"))
    sizes = np.linalg.norm(gates.cell_changes(trace), axis=1)
    biggest = int(np.argmax(sizes))
    rank = int((sizes > sizes[step]).sum()) + 1
    lines.append(
        t(
            "text.gates.find.cell",
            word=word,
            change=f"{sizes[step]:.2f}",
            units=reading.units,
            rank=rank,
            steps=len(tokens),
            biggest_word=quoted(tokens[biggest]),
            biggest=f"{sizes[biggest]:.2f}",
            top=", ".join(str(int(unit)) for unit in moving.units),
        )
    )
    forget = trace.forget_gate
    if step < last:
        lines.append(
            t(
                "text.gates.find.forget",
                word=word,
                forget=f"{moving.mean_forget_after_all_units:.2f}",
                kept=percent(float(np.mean(moving.kept_fraction))),
                count=len(moving.units),
            )
        )
    spread = float(np.mean([trace.input_gate.std(), forget.std(), trace.output_gate.std()]))
    if spread < FLAT_GATE_SPREAD:
        lines.append(
            t(
                "text.gates.find.flat",
                low=f"{forget.min():.2f}",
                high=f"{forget.max():.2f}",
                input=f"{trace.input_gate.mean():.2f}",
                output=f"{trace.output_gate.mean():.2f}",
                fade=percent(1 - float(forget.mean())),
            )
        )
    else:
        lines.append(t("text.gates.find.varied", low=f"{forget.min():.2f}", high=f"{forget.max():.2f}"))
    if reading.bidirectional and reading.forward_vote is not None:
        final = float(np.clip(probabilities[last], 1e-7, 1 - 1e-7))
        logit = float(np.log(final / (1 - final)))
        forward = float(reading.forward_vote[last])
        lines.append(
            t("text.gates.find.vote", logit=f"{logit:+.2f}", forward=f"{forward:+.2f}", rest=f"{logit - forward:+.2f}")
        )
    return "\n".join(f"- {line}" for line in lines)
