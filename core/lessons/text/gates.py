"""Inside the sentiment model's LSTM: its gates and its memory, word by word (``/text``, "LSTM gates").

The trained layer's own weights (``kernel``, ``recurrent_kernel``, ``bias``; Keras keeps the four blocks in the order
input, forget, candidate, output) are read out and the recurrence is computed again in NumPy one word at a time, so
every intermediate value can be shown:

    z_t = x_t W + h_{t-1} U + b                      (split into i, f, g, o)
    i_t = σ(z_i)   f_t = σ(z_f)   o_t = σ(z_o)   g_t = tanh(z_g)
    c_t = f_t * c_{t-1} + i_t * g_t                  (the cell state: the memory)
    h_t = o_t * tanh(c_t)                            (the hidden state: what the layer shows the next step)

For a bidirectional layer the forward direction is the one read word by word (the backward one reads the sentence
from its end); :func:`lstm_recurrence` is checked against Keras' own layer by the unit tests. Keras and TensorFlow are
only touched through the :class:`~core.lessons.text.prediction.SentimentModel` handed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.lessons.text.prediction import SentimentModel
from core.lessons.text.segmentation import SentimentInputError, clean_text

#: The course's example: an LSTM should not be misled by the negative words before "但" ("but").
COURSE_SENTENCE = "虽然这部电影有些缺点,但总的来说还是很棒的"
#: At most this many characters of a visitor's sentence are read (the heatmaps get one column per word).
MAX_GATE_CHARACTERS = 200
#: At most this many words are read through the cell.
MAX_GATE_TOKENS = 40
#: Words that turn a sentence around: the step the page looks at first when one of them is in the sentence.
TURNING_WORDS = ("但", "但是", "可是", "不过", "然而", "却", "but", "however", "yet", "though")
ACTIVATIONS = {
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "hard_sigmoid": lambda z: np.clip(z / 6.0 + 0.5, 0.0, 1.0),  # Keras 3's definition
    "relu": lambda z: np.maximum(z, 0.0),
    "linear": lambda z: z,
}


# ---------------------------------------------------------------------------------------------------------------
# The weights and the recurrence
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LstmWeights:
    """One LSTM direction's trained weights, as NumPy arrays, with its two activation functions' names."""

    kernel: np.ndarray  # (input features, 4 * units): x_t -> i, f, g, o
    recurrent_kernel: np.ndarray  # (units, 4 * units): h_{t-1} -> i, f, g, o
    bias: np.ndarray  # (4 * units,)
    activation: str = "tanh"
    recurrent_activation: str = "sigmoid"

    @property
    def units(self) -> int:
        return int(self.recurrent_kernel.shape[0])


def lstm_weights(layer) -> LstmWeights:
    """The weights of a Keras ``LSTM`` layer (or of one direction of a ``Bidirectional`` one)."""
    from keras import layers

    if not isinstance(layer, layers.LSTM):
        raise ValueError(f"{type(layer).__name__} is not a Keras LSTM layer.")
    cell = layer.cell
    units = int(cell.units)
    bias = np.asarray(cell.bias, dtype=np.float64) if cell.use_bias else np.zeros(4 * units)
    names = []
    for function in (cell.activation, cell.recurrent_activation):
        name = getattr(function, "__name__", str(function))
        if name not in ACTIVATIONS:
            raise ValueError(f"The activation {name!r} is not one this lesson can recompute.")
        names.append(name)
    return LstmWeights(
        np.asarray(cell.kernel, dtype=np.float64),
        np.asarray(cell.recurrent_kernel, dtype=np.float64),
        bias,
        activation=names[0],
        recurrent_activation=names[1],
    )


@dataclass(frozen=True)
class GateTrace:
    """Every step of one LSTM direction over one sequence: arrays of shape (steps, units)."""

    input_gate: np.ndarray
    forget_gate: np.ndarray
    candidate: np.ndarray  # g_t: what the step offers to write into the cell
    output_gate: np.ndarray
    cell_state: np.ndarray
    hidden_state: np.ndarray

    @property
    def steps(self) -> int:
        return int(self.cell_state.shape[0])


def lstm_recurrence(weights: LstmWeights, inputs: np.ndarray) -> GateTrace:
    """The LSTM's recurrence over ``inputs`` (steps, features), from zero states, one step at a time."""
    inputs = np.asarray(inputs, dtype=np.float64)
    if inputs.ndim != 2 or inputs.shape[1] != weights.kernel.shape[0]:
        raise ValueError(f"inputs must have shape (steps, {weights.kernel.shape[0]}), got {inputs.shape}.")
    units = weights.units
    gate, activation = ACTIVATIONS[weights.recurrent_activation], ACTIVATIONS[weights.activation]
    hidden, cell = np.zeros(units), np.zeros(units)
    records = {name: np.zeros((len(inputs), units)) for name in ("i", "f", "g", "o", "c", "h")}
    projected = inputs @ weights.kernel + weights.bias  # the input's part of every step, at once
    for step in range(len(inputs)):
        z = projected[step] + hidden @ weights.recurrent_kernel
        input_gate = gate(z[:units])
        forget_gate = gate(z[units : 2 * units])
        candidate = activation(z[2 * units : 3 * units])
        output_gate = gate(z[3 * units :])
        cell = forget_gate * cell + input_gate * candidate
        hidden = output_gate * activation(cell)
        for name, value in zip("ifgoch", (input_gate, forget_gate, candidate, output_gate, cell, hidden)):
            records[name][step] = value
    return GateTrace(records["i"], records["f"], records["g"], records["o"], records["c"], records["h"])


# ---------------------------------------------------------------------------------------------------------------
# A sentence through the sentiment model's LSTM
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecurrentPart:
    """Where the LSTM sits in a sentiment model: its forward weights, whether it is bidirectional and, when the
    output layer reads the LSTM directly, the output weights that read the forward direction's last hidden state."""

    forward: LstmWeights
    bidirectional: bool
    output_kernel: np.ndarray | None  # (units,) of the forward half, or None when another layer sits between
    output_bias: float


def recurrent_part(model) -> RecurrentPart:
    """The first LSTM (plain or bidirectional) of a Keras sentiment model, and the Dense layer that reads it."""
    from keras import layers

    found = None
    for position, layer in enumerate(model.layers):
        if isinstance(layer, layers.Bidirectional) and isinstance(layer.forward_layer, layers.LSTM):
            found = (position, lstm_weights(layer.forward_layer), True)
            break
        if isinstance(layer, layers.LSTM):
            found = (position, lstm_weights(layer), False)
            break
    if found is None:
        raise ValueError("This model has no LSTM layer.")
    position, forward, bidirectional = found
    later = [layer for layer in model.layers[position + 1 :] if isinstance(layer, layers.Dense)]
    output_kernel, output_bias = None, 0.0
    width = forward.units * (2 if bidirectional else 1)
    if len(later) == 1 and later[0].units == 1 and tuple(later[0].kernel.shape) == (width, 1):
        output_kernel = np.asarray(later[0].kernel, dtype=np.float64)[: forward.units, 0]  # concat: forward first
        output_bias = float(np.asarray(later[0].bias)[0]) if later[0].use_bias else 0.0
    return RecurrentPart(forward, bidirectional, output_kernel, output_bias)


@dataclass(frozen=True)
class GateReading:
    """A sentence read by the sentiment model's LSTM, word by word."""

    tokens: tuple[str, ...]
    unknown: tuple[bool, ...]  # the word is not in the model's vocabulary (read as [UNK])
    trace: GateTrace
    #: The whole model's positive probability for the sentence cut after each word (both directions read the cut).
    running_probability: np.ndarray
    bidirectional: bool
    #: The forward direction's share of the output's logit after each word (w_forward · h_t), or None.
    forward_vote: np.ndarray | None
    tokens_cut: int  # words beyond MAX_GATE_TOKENS, not read
    characters_cut: int  # characters beyond MAX_GATE_CHARACTERS, not read

    @property
    def units(self) -> int:
        return int(self.trace.cell_state.shape[1])


def read_sentence(model: SentimentModel, text: str, language: str | None = None) -> GateReading:
    """``text`` (at most :data:`MAX_GATE_CHARACTERS` characters, :data:`MAX_GATE_TOKENS` words) through the model's
    LSTM: the gates and states of its forward direction at each word, and the model's probability after each word.

    Raises :class:`SentimentInputError` for an empty text or one without a word the model can read.
    """
    cleaned = clean_text(text)
    kept = cleaned.text[:MAX_GATE_CHARACTERS]
    tokens = model.tokens_of(kept, language)
    if not tokens:
        raise SentimentInputError("no_tokens", "There is no word the model can read in this text.")
    read = tokens[:MAX_GATE_TOKENS]
    ids = model.ids_of(read)
    part = recurrent_part(model.model)
    embeddings = model.embedding_matrix()[ids]
    trace = lstm_recurrence(part.forward, embeddings)
    prefixes = np.zeros((len(ids), len(ids)), dtype=np.int32)  # row t: the first t + 1 words, then padding (masked)
    for step in range(len(ids)):
        prefixes[step, : step + 1] = ids[: step + 1]
    running = model._probabilities(prefixes)
    vote = None
    if part.output_kernel is not None:
        vote = trace.hidden_state @ part.output_kernel
    return GateReading(
        tokens=tuple(read),
        unknown=tuple(bool(index == 1) for index in ids),
        trace=trace,
        running_probability=running,
        bidirectional=part.bidirectional,
        forward_vote=vote,
        tokens_cut=len(tokens) - len(read),
        characters_cut=len(cleaned.text) - len(kept),
    )


# ---------------------------------------------------------------------------------------------------------------
# What to look at
# ---------------------------------------------------------------------------------------------------------------


def turning_step(tokens: Sequence[str], trace: GateTrace) -> int:
    """The step to look at first: the first "but"-like word when there is one, else the word after which the cell
    state changed most (largest norm of c_t - c_{t-1})."""
    for step, token in enumerate(tokens):
        if token in TURNING_WORDS:
            return step
    return int(np.argmax(np.linalg.norm(cell_changes(trace), axis=1)))


def cell_changes(trace: GateTrace) -> np.ndarray:
    """c_t - c_{t-1} for every step (c_{-1} = 0), shape (steps, units)."""
    previous = np.vstack([np.zeros((1, trace.cell_state.shape[1])), trace.cell_state[:-1]])
    return trace.cell_state - previous


@dataclass(frozen=True)
class UnitsAtStep:
    """The units whose cell state moved most at one step, and what became of that change by the last word."""

    step: int
    units: np.ndarray  # unit numbers (0-based), strongest change first
    change: np.ndarray  # c_step - c_{step-1} of those units
    forget_after: np.ndarray  # mean forget gate of those units over the later steps (NaN at the last step)
    kept_fraction: np.ndarray  # product of the forget gates after the step: the share of c_step still in the cell
    cell_at_end: np.ndarray  # their cell state at the last word
    mean_forget_after_all_units: float  # the same mean over every unit, for comparison


def units_moving_at(trace: GateTrace, step: int, count: int = 5) -> UnitsAtStep:
    """The ``count`` units whose cell state changed most at ``step`` (automatically, by |c_t - c_{t-1}|)."""
    if not 0 <= step < trace.steps:
        raise ValueError(f"step must be from 0 to {trace.steps - 1}, got {step}.")
    changes = cell_changes(trace)[step]
    order = np.argsort(-np.abs(changes))[: max(1, int(count))]
    later = trace.forget_gate[step + 1 :]
    if len(later):
        forget_after = later[:, order].mean(axis=0)
        kept = later[:, order].prod(axis=0)
        all_units = float(later.mean())
    else:
        forget_after = np.full(len(order), np.nan)
        kept = np.ones(len(order))
        all_units = float("nan")
    return UnitsAtStep(
        step=int(step),
        units=order,
        change=changes[order],
        forget_after=forget_after,
        kept_fraction=kept,
        cell_at_end=trace.cell_state[-1, order],
        mean_forget_after_all_units=all_units,
    )
