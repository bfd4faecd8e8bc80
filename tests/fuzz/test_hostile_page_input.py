"""Hostile input for what /draw, /text and /stocks take from a visitor: canvas arrays, text, uploaded files."""

from __future__ import annotations

import codecs

import numpy as np
from hostile_input import assert_clear_error
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from core.data import price_csv
from core.lessons import draw as digit_canvas
from core.lessons.text import files, segmentation

any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=400)
right_to_left = st.text(alphabet=st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=80)
numbers_as_text = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr), st.integers(-(10**40), 10**40).map(str), any_text
)

# --- /draw: whatever the canvas (or a forged websocket message) sends -----------------------------------------------

canvas_dtypes = st.sampled_from([np.uint8, np.int16, np.int64, np.float16, np.float32, np.float64, np.bool_])
canvas_shapes = st.one_of(
    hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=12),
    st.sampled_from([(280, 280, 4), (280, 280, 3), (280, 280), (1, 1, 4), (0, 0, 4), (5, 280, 4), (280, 280, 5)]),
)


@given(hnp.arrays(canvas_dtypes, canvas_shapes, elements=None))
def test_canvas_arrays_of_any_shape_dtype_and_content(image):
    try:
        digit = digit_canvas.prepare_canvas_digit(image)
    except Exception as error:  # noqa: BLE001 - the point of the test
        assert_clear_error(error)
        return
    if digit.image is not None:
        assert digit.image.shape == (28, 28) and np.all(np.isfinite(digit.image))


def test_canvas_values_that_are_not_arrays():
    for value in (None, "image", b"\x89PNG", [[1, 2], [3]], {"data": 1}, 3.5, object()):
        try:
            digit_canvas.prepare_canvas_digit(value)
        except Exception as error:  # noqa: BLE001
            assert_clear_error(error)


# --- /text: what a visitor types -----------------------------------------------------------------------------------


@given(st.one_of(any_text, right_to_left, st.just("<script>alert(1)</script>"), st.just("\u202e\u0000\ufeff")))
def test_any_text_to_score(text):
    try:
        cleaned = segmentation.clean_text(text)
    except Exception as error:  # noqa: BLE001
        assert_clear_error(error)
        return
    language = segmentation.detect_language(cleaned.text)
    for granularity in ("words", "chars"):
        tokens = segmentation.tokenize(cleaned.text, language, granularity)
        assert all(token.strip() and not any(character.isspace() for character in token) for token in tokens)


def test_a_megabyte_of_text_is_cut_with_a_note():
    cleaned = segmentation.clean_text("好" * 1_000_000)
    assert cleaned.truncated and len(cleaned.text) <= 100_000


# --- uploads: CSV and TXT bytes of any kind ---------------------------------------------------------------------------

csv_like = st.lists(
    st.lists(numbers_as_text, min_size=1, max_size=4).map(lambda cells: ",".join(cells)), max_size=40
).map(lambda rows: "\n".join(rows))
encodings = st.sampled_from(["utf-8", "utf-16", "gb18030", "latin-1", "utf-8-sig"])


@st.composite
def uploaded_bytes(draw):
    kind = draw(st.sampled_from(["random", "csv", "truncated", "encoded"]))
    if kind == "random":
        return draw(st.binary(max_size=2000))
    text = draw(csv_like)
    if kind == "csv":
        return text.encode("utf-8", "surrogatepass")
    if kind == "truncated":
        data = text.encode("utf-8", "surrogatepass")
        return data[: draw(st.integers(0, max(0, len(data))))]
    encoding = draw(encodings)
    return codecs.encode(text, encoding, "replace")


@st.composite
def price_tables(draw):
    """A CSV that looks like prices: a date column and a close column with hostile cells mixed in."""
    n_rows = draw(st.integers(0, 80))
    dates = draw(st.lists(st.dates().map(str) | any_text, min_size=n_rows, max_size=n_rows))
    closes = draw(st.lists(numbers_as_text, min_size=n_rows, max_size=n_rows))
    header = draw(st.sampled_from(["Date,Close", "date,close", "日期,收盘", "Day,Adj Close", "x,y"]))
    return (header + "\n" + "\n".join(f"{d},{c}" for d, c in zip(dates, closes))).encode("utf-8", "surrogatepass")


@given(st.one_of(uploaded_bytes(), price_tables()))
def test_price_csv_bytes_of_any_kind(raw):
    try:
        prices = price_csv.parse_price_csv(raw)
    except Exception as error:  # noqa: BLE001
        assert_clear_error(error)
        return
    assert len(prices.frame) > 0 and bool((prices.frame["Close"] > 0).all())


@given(uploaded_bytes())
def test_text_files_of_any_kind(raw):
    for name in ("texts.txt", "texts.csv"):
        try:
            texts, _ = files.read_texts_file(raw, name)
        except Exception as error:  # noqa: BLE001
            assert_clear_error(error)
            continue
        assert all(isinstance(text, str) for text in texts)


@given(st.one_of(uploaded_bytes(), csv_like.map(lambda text: ("text,label\n" + text).encode("utf-8", "surrogatepass"))))
def test_training_csv_of_any_kind(raw):
    try:
        frame = files.validate_training_csv(raw)
    except Exception as error:  # noqa: BLE001
        assert_clear_error(error)
        return
    assert set(frame["label"].unique()) == {0, 1}
