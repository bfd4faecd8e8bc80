"""Text (served at /text): words become numbers, word vectors in 2-D, and sentiment you can test word by word.

Part 1 runs Keras' ``TextVectorization`` on the learner's sentences
(``core.lessons.text.vectors.words_to_numbers``). Part 2 asks the engine for the sentiment model
(``core.lessons.text.sentiment``, task "sentiment": the default Chinese model usually comes straight from the
model store), then reads it (``core.lessons.text.prediction``): one text with each word's contribution, a file of
texts, the embedding vectors, and the TF-IDF baseline's accuracy beside the LSTM's. Training on a visitor's CSV
goes through the same engine (``core.data.uploads``). User text is shown as text, never as HTML.
"""

from __future__ import annotations

import streamlit as st

from core.lessons.text import course, sentiment, vectors
from core.lessons.text.files import read_texts_file, validate_training_csv
from core.lessons.text.prediction import EXAMPLE_TEXTS, score_texts, sentiment_model
from core.lessons.text.script import sentiment_script
from core.lessons.text.segmentation import (
    GRANULARITIES,
    SentimentInputError,
    clean_text,
    detect_language,
)
from dashboard import training_ui as ui
from dashboard.code_panel import show_code
from dashboard.course import course_code, seeded, settings_choice
from dashboard.figures import text as figures
from dashboard.i18n import t
from dashboard.lessons.text.gates import lstm_gates_ui
from dashboard.setups.text import (
    DEFAULT_SEQUENCE_LENGTH,
    MAX_SENTENCE_CHARS,
    MAX_SENTENCES,
    MAX_SENTENCES_CHARS,
    MAX_SEQUENCE_LENGTH,
    MODEL_CHOICES,
    TEXT_LANGUAGES,
    control_values,
    setting_options,
)
from dashboard.shared import shared_figure, shared_value

SLOTS = {"zh": "text_sentiment_zh", "en": "text_sentiment_en", "upload": "text_sentiment_upload"}
MAX_DISPLAY_TOKENS = 40
TEXT_KEY = "text_input"
UPLOAD_STATE_KEY = "text_upload_id"


def show_error(error: SentimentInputError) -> None:
    """The translated sentence for a refused input (a warning, never a traceback)."""
    details = error.details
    messages = {
        "empty": lambda: t("text.error.empty"),
        "not_text": lambda: t("text.error.empty"),
        "no_tokens": lambda: t("text.error.no_tokens"),
        "binary": lambda: t("text.error.binary"),
        "encoding": lambda: t("text.error.encoding"),
        "unreadable": lambda: t("text.error.binary"),
        "bad_csv": lambda: t("text.error.bad_csv"),
        "wrong_columns": lambda: t("text.error.wrong_columns", columns=details.get("columns", "-")),
        "bad_labels": lambda: t("text.error.bad_labels", labels=details.get("labels", "?")),
        "one_class": lambda: t("text.error.one_class"),
        "too_few": lambda: t(
            "text.error.too_few",
            rows=details.get("rows", 0),
            minimum=details.get("minimum", 0),
            per_class=details.get("per_class", 0),
        ),
        "no_texts": lambda: t("text.error.no_texts"),
        "too_large": lambda: t("text.error.too_large", megabytes=details.get("megabytes", "?")),
        "unknown_word": lambda: t("text.error.unknown_word", word=details.get("word", "")),
    }
    st.warning(messages.get(error.reason, lambda: t("text.error.other"))(), icon=":material/warning:")


def granularity_names() -> dict[str, str]:
    # A dict's .get, not a lambda calling t(): AppTest calls format functions outside the script run.
    return {granularity: t(f"text.granularity.{granularity}") for granularity in GRANULARITIES}


def language_names() -> dict[str, str]:
    return {language: t(f"text.lang.{language}") for language in TEXT_LANGUAGES}


# ------------------------------------------------------------------------------------------------------------------
# 1. Words to numbers


@st.cache_data(max_entries=64, show_spinner=False)
def words_to_numbers(sentences: tuple[str, ...], unseen: tuple[str, ...], granularity: str, length: int):
    return vectors.words_to_numbers(
        sentences, unseen, granularity=granularity, sequence_length=length, max_tokens=MAX_DISPLAY_TOKENS + 2
    )


def numbers_ui() -> None:
    st.header(t("text.numbers.header"))
    st.markdown(t("text.numbers.intro"))
    input_column, settings_column = st.columns([3, 2])
    with input_column:
        sentences_text = st.text_area(
            t("text.numbers.sentences"),
            height=120,
            max_chars=MAX_SENTENCES_CHARS,
            **seeded("numbers_text", "\n".join(vectors.COURSE_SENTENCES)),
        )
        unseen = st.text_input(
            t("text.numbers.unseen"),
            max_chars=MAX_SENTENCE_CHARS,
            **seeded("numbers_unseen", vectors.COURSE_UNSEEN_SENTENCE),
        )
    with settings_column:
        granularity = st.radio(
            t("text.numbers.granularity"),
            GRANULARITIES,
            horizontal=True,
            format_func=granularity_names().get,
            **seeded("numbers_granularity", GRANULARITIES[0], options=GRANULARITIES),
        )
        length = st.slider(
            t("text.numbers.length"),
            1,
            MAX_SEQUENCE_LENGTH,
            help=t("text.numbers.length.help"),
            **seeded("numbers_length", DEFAULT_SEQUENCE_LENGTH),
        )
    sentences = [line[:MAX_SENTENCE_CHARS] for line in sentences_text.splitlines() if line.strip()][:MAX_SENTENCES]
    unseen = unseen[:MAX_SENTENCE_CHARS]
    try:
        view = words_to_numbers(tuple(sentences), (unseen,) if unseen.strip() else (), granularity, length)
    except SentimentInputError:
        st.info(t("text.numbers.none"))
        return
    vocabulary_labels = [
        t("text.numbers.padding") if index == 0 else token for index, token in enumerate(view.vocabulary)
    ]
    vocabulary_column, sequences_column = st.columns([1, 3])
    with vocabulary_column:
        st.subheader(t("text.numbers.vocabulary"))
        st.dataframe(
            {t("text.numbers.index"): list(range(len(view.vocabulary))), t("text.numbers.token"): vocabulary_labels},
            hide_index=True,
            height=min(400, 36 * len(view.vocabulary) + 40),
            key="numbers_vocabulary",
        )
    with sequences_column:
        st.subheader(t("text.numbers.sequences"))
        st.dataframe(
            {
                t("text.numbers.sentence"): list(view.sentences),
                t("text.numbers.tokens"): [" | ".join(tokens) for tokens in view.tokens],
                t("text.numbers.sequence"): [str(row.tolist()) for row in view.sequences],
            },
            hide_index=True,
            key="numbers_sequences",
        )
        if len(view.sentences) > view.n_adapted:
            st.caption(t("text.numbers.sequences.caption"))
    one_hot_column, multi_hot_column = st.columns(2)
    with one_hot_column:
        st.subheader(t("text.numbers.one_hot"))
        rows = range(len(view.sentences))
        chosen = st.selectbox(
            t("text.numbers.one_hot.choose"),
            rows,
            format_func=lambda i: view.sentences[i],
            **seeded("numbers_one_hot_sentence", 0, options=rows),  # fewer sentences now: the first one
        )
        row_labels = [
            f"{position + 1}. {view.vocabulary[index] if index else t('text.numbers.padding')}"
            for position, index in enumerate(view.sequences[chosen])
        ]
        st.plotly_chart(
            figures.one_hot_figure(view.one_hot[chosen], row_labels, vocabulary_labels),
            width="stretch",
            key="numbers_one_hot",
        )
    with multi_hot_column:
        st.subheader(t("text.numbers.multi_hot"))
        st.plotly_chart(
            figures.one_hot_figure(
                view.multi_hot,
                [f"{i + 1}. {s[:20]}" for i, s in enumerate(view.sentences)],
                view.vocabulary[1:],
                first_index=1,  # the vocabulary table's numbers: multi-hot has no padding column 0
            ),
            width="stretch",
            key="numbers_multi_hot",
        )
        st.caption(t("text.numbers.multi_hot.caption"))
    course_code(
        {t("text.course.code.tab.numbers"): "course_text_numbers_keras"},
        changes=[
            t("text.course.code.numbers.change.tokenizer"),
            t("text.course.code.numbers.change.segment"),
            t("text.course.code.numbers.change.indices"),
            t("text.course.code.numbers.change.binary"),
        ],
        key="text_numbers",
    )


# ------------------------------------------------------------------------------------------------------------------
# 2. Sentiment: which model


@st.cache_data(ttl=60, max_entries=1, show_spinner=False)
def imdb_can_be_loaded() -> bool:
    from core.data.catalog import dataset_status

    try:
        return dataset_status("imdb").active == "online"
    except Exception:  # noqa: BLE001 - a failed check means "not available"
        return False


def model_choice_names() -> dict[str, str]:
    """A model per language (its slot), and one trained on the visitor's own file."""
    return {choice: t(f"text.model.{choice}") for choice in MODEL_CHOICES}


def model_choice_ui() -> str:
    names = model_choice_names()
    return (
        st.segmented_control(
            t("text.sent.model"),
            list(names),
            format_func=names.get,
            required=True,
            **seeded("text_model_choice", MODEL_CHOICES[0], param="default"),
        )
        or MODEL_CHOICES[0]
    )


def own_csv_ui() -> str | None:
    """Upload, validate and keep a labelled CSV; the kept data set id (or the one kept before) or None."""
    from core.data import uploads

    st.markdown(t("text.own.intro"))
    uploaded = st.file_uploader(t("text.own.upload"), type=["csv"], key="text_own_csv")
    if uploaded is not None:
        try:
            frame = validate_training_csv(uploaded.getvalue())
        except SentimentInputError as error:
            show_error(error)
            st.session_state.pop(UPLOAD_STATE_KEY, None)
            return None
        counts = frame["label"].value_counts()
        st.success(t("text.own.valid", rows=len(frame), positive=int(counts.get(1, 0)), negative=int(counts.get(0, 0))))
        st.session_state[UPLOAD_STATE_KEY] = uploads.keep_upload(frame, uploaded.name)
    return st.session_state.get(UPLOAD_STATE_KEY)


def config_from_controls(choice: str, dataset: str):
    """The config the settings controls show (their values live in ``st.session_state``)."""
    value = lambda name: st.session_state[f"{name}_{choice}"]  # noqa: E731
    return sentiment.default_sentiment_config(dataset).replace(
        epochs=int(value("text_epochs")),
        batch_size=int(value("text_batch")),
        validation_split=float(value("text_validation")),
        params={
            "bidirectional": bool(value("text_bidirectional")),
            "granularity": value("text_granularity"),
            "lstm_units": int(value("text_units")),
            "embedding_dim": int(value("text_embedding")),
            "vocabulary_size": int(value("text_vocabulary")),
            "sequence_length": int(value("text_length")),
            "dropout": float(value("text_dropout")),
        },
    )


def course_changes() -> list[str]:
    """What the app's default changes from the course's sentiment model, and why (one translated line each)."""
    return [
        t("text.course.change.bidirectional"),
        t("text.course.change.dropout"),
        t("text.course.change.epochs"),
        t("text.course.change.sizes"),
        t("text.course.change.batch"),
        t("text.course.change.mask"),
    ]


def settings_ui(choice: str, dataset: str):
    """The course's settings or the app's defaults, the model's settings and Train; a config when Train or a preset
    was pressed, else None."""
    app_values = control_values(sentiment.default_sentiment_config(dataset), choice)
    course_values = control_values(course.course_sentiment_config(dataset), choice)
    if choice == "en":  # English is split into words whatever the Chinese setting says
        course_values[f"text_granularity_{choice}"] = app_values[f"text_granularity_{choice}"]
    preset = settings_choice(
        f"text_sentiment_{choice}",
        course=course_values,
        app=app_values,
        changes=course_changes(),
        note=t("text.course.note"),
    )

    def options(name: str) -> list:
        # Both presets' values are always among the choices (a default may change without this list).
        key = f"{name}_{choice}"
        return setting_options(name, (app_values[key], course_values[key], st.session_state[key]))

    # Not a st.form: a form's unsubmitted controls fell back to their widget defaults (the toggle to off) when a
    # full rerun came before any submit (the baseline becoming ready, a training finishing). Nothing trains before
    # Train is pressed anyway.
    with st.container(key=f"text_settings_{choice}"):
        columns = st.columns([2, 2, 2, 2, 1], vertical_alignment="bottom")
        columns[0].toggle(
            t("text.sent.bidirectional"),
            help=t("text.sent.bidirectional.help"),
            **seeded(f"text_bidirectional_{choice}", app_values[f"text_bidirectional_{choice}"]),
        )
        columns[1].selectbox(
            t("text.sent.granularity"),
            GRANULARITIES,
            **seeded(f"text_granularity_{choice}", app_values[f"text_granularity_{choice}"], options=GRANULARITIES),
            format_func=granularity_names().get,
            disabled=choice == "en",
        )
        columns[2].select_slider(
            t("text.sent.units"),
            options("text_units"),
            **seeded(f"text_units_{choice}", app_values[f"text_units_{choice}"]),
        )
        columns[3].select_slider(
            t("text.sent.epochs"),
            options("text_epochs"),
            **seeded(f"text_epochs_{choice}", app_values[f"text_epochs_{choice}"]),
        )
        pressed = columns[4].button(
            t("text.sent.train"), icon=":material/play_arrow:", width="stretch", key=f"text_train_{choice}"
        )
        more = st.columns(6)
        more[0].select_slider(
            t("text.sent.embedding"),
            options("text_embedding"),
            **seeded(f"text_embedding_{choice}", app_values[f"text_embedding_{choice}"]),
        )
        more[1].select_slider(
            t("text.sent.vocabulary"),
            options("text_vocabulary"),
            **seeded(f"text_vocabulary_{choice}", app_values[f"text_vocabulary_{choice}"]),
            format_func="{:,}".format,
        )
        more[2].select_slider(
            t("text.sent.length"),
            options("text_length"),
            **seeded(f"text_length_{choice}", app_values[f"text_length_{choice}"]),
            help=t("text.sent.length.help"),
        )
        more[3].select_slider(
            t("text.sent.dropout"),
            options("text_dropout"),
            **seeded(f"text_dropout_{choice}", app_values[f"text_dropout_{choice}"]),
        )
        more[4].select_slider(
            t("text.sent.batch"),
            options("text_batch"),
            **seeded(f"text_batch_{choice}", app_values[f"text_batch_{choice}"]),
        )
        more[5].select_slider(
            t("text.sent.validation"),
            options("text_validation"),
            **seeded(f"text_validation_{choice}", app_values[f"text_validation_{choice}"]),
            format_func="{:.0%}".format,
        )
    if pressed or preset is not None:
        return config_from_controls(choice, dataset)
    return None


def sentiment_course_code_ui() -> None:
    """The course's sentiment listing and its project 2 (IMDB), made to run on Keras 3."""
    sentiment_tab, imdb_tab = t("text.course.code.tab.sentiment"), t("text.course.code.tab.imdb")
    sentiment_changes = (
        t("text.course.code.sentiment.change.data"),
        t("text.course.code.sentiment.change.segment"),
        t("text.course.code.sentiment.change.input_length"),
        t("text.course.code.sentiment.change.mask"),
        t("text.course.code.sentiment.change.test"),
    )
    imdb_changes = (
        t("text.course.code.imdb.change.validation"),
        t("text.course.code.imdb.change.offline"),
        t("text.course.code.imdb.change.mask"),
        t("text.course.code.imdb.change.quick"),
    )
    course_code(
        {sentiment_tab: "course_text_sentiment_keras", imdb_tab: "course_text_imdb_keras"},
        changes=[
            *(f"**{sentiment_tab}**: {line}" for line in sentiment_changes),
            *(f"**{imdb_tab}**: {line}" for line in imdb_changes),
        ],
        key="text_sentiment",
    )


def sentiment_ui() -> None:
    st.header(t("text.sent.header"))
    st.write(t("text.sent.intro"))
    choice = model_choice_ui()
    if choice == "en" and not imdb_can_be_loaded():
        st.warning(t("text.sent.imdb_unavailable"), icon=":material/cloud_off:")
        return
    dataset = {"zh": "chinese_reviews", "en": "imdb"}.get(choice)
    if choice == "upload":
        dataset = own_csv_ui()
        if dataset is None:
            return
    slot = SLOTS[choice]
    requested = settings_ui(choice, dataset)
    sentiment_course_code_ui()
    handle = ui.job_handle(slot)
    if requested is not None:
        ui.submit_job(slot, requested)
    elif handle is None or (choice == "upload" and handle.config.dataset != dataset):
        ui.submit_job(slot, sentiment.default_sentiment_config(dataset))  # the default, usually from the store
    handle = ui.job_handle(slot)
    snapshot = ui.training_panel(slot, ui.CLASSIFICATION_CURVES)
    if snapshot is None or snapshot.state != "finished":
        st.info(t("text.sent.wait"), icon=":material/hourglass_top:")
        return
    model = sentiment_model(handle.key, handle.model, handle.metadata)
    data_caption_ui(handle.config.dataset, handle.metadata, model)
    accuracy_ui(model, handle.config)
    baseline_state = start_baseline(handle.config)
    show_code(sentiment_script(handle.config), caption=t("text.script.caption"))
    analyse_ui(handle.key, model, handle.config, baseline_state)
    st.divider()
    phrasings_ui(handle.key, model, handle.config)
    st.divider()
    embeddings_ui(handle.key, model)
    st.divider()
    batch_ui(model)


def data_caption_ui(dataset: str, metadata, model) -> None:
    """What the model learned from, in the page's language (the engine's own description is plain English)."""
    from core.data import uploads

    n_train = (metadata.get("task", {}).get("extras", {}) or {}).get("n_train_texts")
    n_test = model.test_metrics.get("n_test")
    if n_train is None or n_test is None:
        return
    counts = {"train": f"{n_train:,}", "test": f"{n_test:,}"}
    if uploads.is_upload_id(dataset):
        name = uploads.upload_label(dataset) or t("text.sent.data.upload_name")
        st.caption(t("text.sent.data.upload", name=name, **counts))
    elif dataset == "imdb":
        st.caption(t("text.sent.data.imdb", **counts))
    else:
        st.caption(t("text.sent.data.chinese_reviews", **counts))


def stored_accuracy(config) -> float | None:
    """The test accuracy of ``config``'s model when it is stored (or bundled), without training it."""
    from core.training.engine import get_engine

    try:
        return course.stored_accuracy(get_engine().store.load_metadata(config.key))
    except Exception:  # noqa: BLE001 - an unreadable entry only means "not known yet"
        return None


def accuracy_ui(model, config) -> None:
    metrics = model.test_metrics
    accuracy, baseline = metrics.get("accuracy"), metrics.get("baseline_accuracy")
    if accuracy is None or baseline is None:
        return
    lstm_column, baseline_column, rows_column = st.columns(3)
    lstm_column.metric(t("text.sent.accuracy"), f"{accuracy:.1%}")
    baseline_column.metric(t("text.sent.baseline"), f"{baseline:.1%}")
    rows_column.metric(t("text.sent.n_test"), f"{metrics.get('n_test', 0):,}")
    course_config = course.course_sentiment_config(config.dataset)
    app_config = sentiment.default_sentiment_config(config.dataset)
    accuracies = {
        "baseline": baseline,
        "app": accuracy if config == app_config else stored_accuracy(app_config),
        "course": accuracy if config == course_config else stored_accuracy(course_config),
    }
    if config not in (app_config, course_config):
        accuracies["yours"] = accuracy
    order = course.ranking(accuracies)
    names = {
        "baseline": t("text.wins.baseline"),
        "app": t("text.wins.app"),
        "course": t("text.wins.course"),
        "yours": t("text.wins.yours"),
    }
    ranked = t("text.wins.separator").join(
        t("text.wins.entry", name=names[contender.name], accuracy=f"{contender.accuracy:.1%}") for contender in order
    )
    st.markdown(t("text.wins.order", count=f"{metrics.get('n_test', 0):,}", ranked=ranked))
    missing = [name for name in ("app", "course") if accuracies[name] is None]
    if missing:
        st.caption(t("text.wins.missing", name=names[missing[0]]))
    points = f"{abs(accuracy - baseline) * 100:.1f}"
    if accuracy > baseline:
        st.caption(t("text.sent.lstm_wins", points=points))
    else:
        st.caption(t("text.sent.baseline_wins", points=points))


# ------------------------------------------------------------------------------------------------------------------
# One text, word by word


def use_example(text: str) -> None:
    st.session_state[TEXT_KEY] = text


BASELINE_POLL_SECONDS = 1.0


def start_baseline(config) -> str:
    """Start (or find) the TF-IDF baseline of the model's data set: "ready", "fitting" or "failed"."""
    try:
        return "ready" if sentiment.baseline_for(config, wait=0.2) is not None else "fitting"
    except Exception:  # noqa: BLE001 - the LSTM's verdict stands alone; the page says the baseline is missing
        return "failed"


@st.fragment(run_every=BASELINE_POLL_SECONDS)
def baseline_waiting_ui(config) -> None:
    """While the baseline is fitted (about 10 s, once per server): a note, and one full rerun when it is ready."""
    if start_baseline(config) != "fitting":
        st.rerun(scope="app")
    st.info(t("text.verdict.baseline_fitting"), icon=":material/hourglass_top:")


def verdict_box(verdict: str, who: str) -> None:
    if verdict == "positive":
        st.success(t("text.verdict.says_positive", who=who), icon=":material/sentiment_satisfied:")
    else:
        st.error(t("text.verdict.says_negative", who=who), icon=":material/sentiment_dissatisfied:")


def baseline_verdict_ui(config, text: str, baseline_state: str):
    """The baseline's probability and verdict for ``text``, with the character n-grams (or words) that pushed it
    most each way; its verdict, or None when the baseline is not ready."""
    if baseline_state == "fitting":
        baseline_waiting_ui(config)
        return None
    if baseline_state == "failed":
        st.warning(t("text.verdict.baseline_failed"), icon=":material/warning:")
        return None
    scored = sentiment.baseline_for(config).score(text)
    st.metric(t("text.verdict.baseline_probability"), f"{scored.positive_probability:.1%}")
    verdict_box(scored.verdict, t("text.wins.baseline"))
    # The pieces come from the visitor's text: escaped, so that * or [ in them stay characters.
    separator = t("text.wins.separator")
    quote = lambda pairs: separator.join(f"“{figures.escape_markdown(term)}”" for term, _ in pairs) or "-"  # noqa: E731
    st.caption(t("text.verdict.terms", positive=quote(scored.for_positive), negative=quote(scored.for_negative)))
    return scored.verdict


def analyse_ui(model_key: str, model, config, baseline_state: str) -> None:
    examples = EXAMPLE_TEXTS.get(model.language, ())
    if TEXT_KEY not in st.session_state and examples:
        st.session_state[TEXT_KEY] = examples[0]
    st.caption(t("text.sent.examples"))
    example_columns = st.columns(max(1, len(examples)))
    for number, (column, example) in enumerate(zip(example_columns, examples)):
        column.button(
            example if len(example) <= 28 else example[:26] + "…",
            key=f"text_example_{number}",
            on_click=use_example,
            args=(example,),
            width="stretch",
            help=example,
        )
    text_column, language_column = st.columns([4, 1])
    with text_column:
        text = st.text_area(t("text.sent.input"), key=TEXT_KEY, height=110)
    with language_column:
        names = language_names()
        chosen = st.radio(t("text.sent.language"), list(names), format_func=names.get, key="text_language")
    try:
        cleaned = clean_text(text)
        language = detect_language(cleaned.text) if chosen == "auto" else chosen
        # The examples are what most visitors score: one computation per model, text and language for all.
        contributions = shared_value(
            "text_contributions",
            (model_key, cleaned.text, language),
            lambda: model.contributions(cleaned.text, language),
        )
    except SentimentInputError as error:
        show_error(error)
        return
    if cleaned.truncated:
        st.info(t("text.sent.truncated", length=f"{cleaned.original_length:,}", limit=f"{len(cleaned.text):,}"))
    if chosen == "auto":
        st.caption(t("text.sent.detected", name=language_names()[language]))
    if language != model.language:
        st.warning(
            t(
                "text.sent.language_mismatch",
                name=language_names()[language],
                model_name=language_names()[model.language],
            )
        )
    prediction = contributions.prediction
    st.subheader(t("text.verdict.header"))
    lstm_column, baseline_column = st.columns(2)
    lstm_column.markdown(f"**{t('text.verdict.lstm_title')}**")
    baseline_column.markdown(f"**{t('text.wins.baseline')}**")
    with lstm_column:
        st.metric(t("text.sent.probability"), f"{prediction.positive_probability:.1%}")
        if prediction.verdict == "positive":
            st.success(t("text.sent.positive"), icon=":material/sentiment_satisfied:")
        else:
            st.error(t("text.sent.negative"), icon=":material/sentiment_dissatisfied:")
        st.caption(t("text.verdict.lstm_caption"))
    with baseline_column:
        baseline_verdict = baseline_verdict_ui(config, cleaned.text, baseline_state)
    if baseline_verdict is not None:
        st.caption(t("text.verdict.agree" if baseline_verdict == prediction.verdict else "text.verdict.disagree"))
    if prediction.truncated_tokens:
        st.caption(t("text.sent.tokens_cut", length=model.sequence_length, cut=prediction.truncated_tokens))
    st.subheader(t("text.sent.contributions"))
    st.markdown(figures.contributions_markdown(contributions.tokens, contributions.scores, language == "en"))
    st.caption(t("text.sent.contributions.caption"))
    chart = shared_figure(
        "text_contributions",
        (model_key, cleaned.text, language),
        lambda: figures.contributions_figure(
            contributions.tokens, contributions.scores, t("text.sent.contributions.chart")
        ),
    )
    st.plotly_chart(chart, width="stretch", key="text_contributions_chart")


# ------------------------------------------------------------------------------------------------------------------
# Everyday phrasings, both verdicts


def phrasings_ui(model_key: str, model, config) -> None:
    """What a new visitor types, through both models: which one gets which sentence wrong."""
    st.subheader(t("text.everyday.header"))
    if model.language != "zh":
        st.caption(t("text.everyday.chinese_only"))
        return
    try:
        baseline = sentiment.baseline_for(config)
    except Exception:  # noqa: BLE001 - said above, beside the typed text's verdict
        baseline = None
    if baseline is None:
        st.caption(t("text.everyday.waiting"))
        return
    results = shared_value("text_everyday", (model_key,), lambda: course.score_phrasings(model, baseline))
    kinds = {
        "book": t("text.everyday.kind.book"),
        "short": t("text.everyday.kind.short"),
        "negation": t("text.everyday.kind.negation"),
        "hotel": t("text.everyday.kind.hotel"),
        "shopping": t("text.everyday.kind.shopping"),
        "course": t("text.everyday.kind.course"),
        "english": t("text.everyday.kind.english"),
    }
    mark = lambda right: "✓" if right else "✗"  # noqa: E731
    st.dataframe(
        {
            t("text.everyday.text"): [result.phrasing.text for result in results],
            t("text.everyday.kind"): [kinds[result.phrasing.kind] for result in results],
            t("text.everyday.reader"): [
                t("text.sent.positive" if result.phrasing.label else "text.sent.negative") for result in results
            ],
            t("text.everyday.lstm"): [f"{result.lstm_probability:.1%} {mark(result.lstm_right)}" for result in results],
            t("text.everyday.baseline"): [
                f"{result.baseline_probability:.1%} {mark(result.baseline_right)}" for result in results
            ],
        },
        hide_index=True,
        height=35 * (len(results) + 1) + 3,  # every sentence at once, no inner scrolling
        key="text_everyday_table",
    )
    st.caption(
        t(
            "text.everyday.counts",
            count=len(results),
            lstm=sum(result.lstm_right for result in results),
            baseline=sum(result.baseline_right for result in results),
        )
    )
    if config == sentiment.default_sentiment_config("chinese_reviews"):
        st.markdown(t("text.everyday.findings"))
    st.caption(t("text.everyday.try"))


# ------------------------------------------------------------------------------------------------------------------
# Embeddings, files


def embeddings_ui(model_key: str, model) -> None:
    st.subheader(t("text.embed.header"))
    frame, dimensions = shared_value(
        "text_embedding_map", (model_key,), lambda: (model.embedding_map(300), model.embedding_matrix().shape[1])
    )
    st.write(t("text.embed.intro", dim=dimensions, count=len(frame)))
    words = list(frame["word"])
    preferred = next((word for word in ("好", "不错", "great", "good") if word in words), words[0] if words else None)
    word = st.selectbox(
        t("text.embed.word"),
        words,
        index=words.index(preferred) if preferred else 0,
        key=f"text_embed_word_{model_key[:12]}",
    )
    figure_column, neighbours_column = st.columns([3, 1])
    with figure_column:
        chart = shared_figure(
            "text_embedding",
            (model_key, word),
            lambda: figures.embedding_figure(
                frame, t("text.embed.axis_x"), t("text.embed.axis_y"), t("text.embed.colour"), highlight=word
            ),
        )
        st.plotly_chart(chart, width="stretch", key="text_embedding_chart")
    with neighbours_column:
        try:
            neighbours = shared_value("text_neighbours", (model_key, word), lambda: model.nearest_words(word))
        except SentimentInputError as error:
            show_error(error)
            return
        st.caption(t("text.embed.neighbours"))
        st.dataframe(
            {
                t("text.numbers.token"): list(neighbours["word"]),
                t("text.embed.similarity"): [round(float(v), 3) for v in neighbours["cosine_similarity"]],
            },
            hide_index=True,
            key="text_neighbours",
        )


def batch_ui(model) -> None:
    st.subheader(t("text.batch.header"))
    st.write(t("text.batch.intro"))
    uploaded = st.file_uploader(t("text.batch.upload"), type=["csv", "txt"], key="text_batch_file")
    if uploaded is None:
        return
    try:
        texts, cut = read_texts_file(uploaded.getvalue(), uploaded.name)
    except SentimentInputError as error:
        show_error(error)
        return
    with st.spinner():
        table = score_texts(model, texts)
    if cut:
        st.info(t("text.batch.cut", count=f"{len(texts):,}"))
    positive = int((table["verdict"] == "positive").sum())
    negative = int((table["verdict"] == "negative").sum())
    st.write(t("text.batch.summary", count=f"{len(table):,}", positive=positive, negative=negative))
    st.dataframe(table, hide_index=True, key="text_batch_table")
    st.download_button(
        t("text.batch.download"),
        table.to_csv(index=False).encode("utf-8-sig"),
        file_name="sentiment_scores.csv",
        mime="text/csv",
        icon=":material/download:",
        key="text_batch_download",
    )


# ------------------------------------------------------------------------------------------------------------------

st.title(t("text.title"))
st.write(t("text.intro"))
numbers_ui()
st.divider()
sentiment_ui()
st.divider()
lstm_gates_ui()
