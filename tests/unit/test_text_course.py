"""The course beside /text's sentiment model: its settings as a config, who wins, the TF-IDF baseline scoring typed
text (the same probabilities as scikit-learn's pipeline), everyday sentences through the shipped model, and the
standalone script of the model on screen, executed with QUICK_RUN=1."""

from __future__ import annotations

import re
import threading

import numpy as np
import pytest

from core.lessons.text import baseline, course, sentiment
from core.lessons.text.script import sentiment_script
from core.training.config import default_config
from tests.helpers import run_learner_script

#: The shipped default's key (bundled_models/): a course preset must never change it.
DEFAULT_KEY = "6d8fa46e0fe8b673da6de7ddde4900972b499131e33d83a2ad350a14808daf76"


def test_the_course_config_is_the_course_model_and_the_default_is_untouched():
    config = course.course_sentiment_config()
    assert (config.epochs, config.batch_size, config.validation_split) == (10, 32, 0.2)
    assert (config.optimizer, config.learning_rate) == ("adam", 0.001)
    params = config.params_dict
    assert params["vocabulary_size"] == 10_000 and params["sequence_length"] == 100
    assert params["embedding_dim"] == 32 and params["lstm_units"] == 64
    assert params["bidirectional"] is False and params["dropout"] == 0.0
    assert course.is_course_config(config)
    default = sentiment.default_sentiment_config()
    assert not course.is_course_config(default)
    assert default.key == DEFAULT_KEY and default.param("bidirectional") is True
    assert course.course_sentiment_config("imdb").dataset == "imdb"


def test_the_ranking_puts_the_best_first_and_a_tie_goes_to_the_simpler_model():
    order = course.ranking({"baseline": 0.8474, "app": 0.8376, "course": 0.7763})
    assert [contender.name for contender in order] == ["baseline", "app", "course"]
    assert [contender.name for contender in course.ranking({"baseline": 0.84, "app": 0.85, "course": None})] == [
        "app",
        "baseline",
    ]
    tie = course.ranking({"baseline": 0.84001, "app": 0.84004})
    assert tie[0].name == "baseline"
    assert course.stored_accuracy(None) is None
    assert course.stored_accuracy({"test_metrics": {"accuracy": 0.8}}) == 0.8


TINY = {
    "zh": (
        ["质量很好，非常满意", "很好用，推荐", "太差了，不满意", "坏了，很失望", "不错，好评", "差评，退货"] * 3,
        [1, 1, 0, 0, 1, 0] * 3,
    ),
    "en": (["great film, loved it", "great acting", "awful, boring", "boring and awful"] * 3, [1, 1, 0, 0] * 3),
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_compact_scorer_gives_the_pipelines_probabilities(language):
    texts, labels = TINY[language]
    pipeline, accuracy = baseline.train_baseline(texts, labels, texts, labels, language)
    scorer = baseline.BaselineScorer(pipeline, accuracy, language)
    typed = [*texts[:6], "很好很好", "完全没见过的字", "great, but boring", "", "<b>很差</b> 😀"]
    expected = pipeline.predict_proba(typed)[:, 1]
    np.testing.assert_allclose(scorer.probabilities(typed), expected, rtol=1e-9, atol=1e-12)
    verdict = scorer.score(texts[0])
    assert verdict.verdict == "positive" and verdict.for_positive and verdict.n_known_terms > 0
    assert all(push > 0 for _, push in verdict.for_positive) and all(push < 0 for _, push in verdict.for_negative)


def test_the_baseline_is_fitted_once_in_the_background_and_a_failure_is_reported():
    texts, labels = TINY["zh"]
    release = threading.Event()
    calls = []

    def load():
        calls.append(1)
        release.wait(10)
        return texts, labels, texts, labels, "zh"

    key = "test-background-fit"
    assert baseline.fitted_baseline(key, load) is None  # still fitting: the page says so and polls
    release.set()
    scorer = baseline.fitted_baseline(key, load, wait=30)
    assert scorer is not None and scorer.accuracy == 1.0
    assert baseline.fitted_baseline(key, load) is scorer and len(calls) == 1

    def broken():
        raise OSError("no corpus")

    with pytest.raises(RuntimeError, match="no corpus"):
        baseline.fitted_baseline("test-broken-fit", broken, wait=10)


# ---------------------------------------------------------------------------------------------------------------
# Everyday sentences through the shipped model: what the page's paragraph says, pinned where it is not close to 0.5
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_results(tmp_path_factory):
    from core.lessons.text.prediction import SentimentModel
    from core.training.model_store import ModelStore, default_bundle_directory

    config = sentiment.default_sentiment_config()
    stored = ModelStore(tmp_path_factory.mktemp("store"), bundle=default_bundle_directory()).load(config.key)
    if stored is None:
        pytest.skip("the default sentiment model is not bundled")
    scorer = sentiment.baseline_for(config, wait=300)
    results = course.score_phrasings(SentimentModel(stored.model, stored.metadata), scorer)
    return {result.phrasing.text: result for result in results}


@pytest.mark.parametrize(
    "text", ["很好", "不错", "不好", "这本书写得不好", "房间很干净，服务也很好", "房间很脏，服务态度很差"]
)
def test_both_models_get_plain_sentences_and_simple_negation_right(shipped_results, text):
    result = shipped_results[text]
    assert result.lstm_right and result.baseline_right, result


def test_the_lstm_reads_the_courses_example_as_positive(shipped_results):
    assert shipped_results["虽然这部电影有些缺点,但总的来说还是很棒的"].lstm_probability > 0.8


def test_the_mistakes_the_page_names(shipped_results):
    # Double negation: praise read as negative by the baseline (far from 0.5; the LSTM is close to it, not pinned).
    assert shipped_results["不差"].baseline_probability < 0.2
    assert shipped_results["没什么问题"].baseline_probability < 0.3
    # Short book sentences the LSTM gets clearly wrong, and short praise the baseline misses.
    assert shipped_results["写得真好"].lstm_probability < 0.35
    assert shipped_results["内容精彩，值得一读"].lstm_probability < 0.35
    assert shipped_results["太棒了"].baseline_probability < 0.45
    lstm = sum(result.lstm_right for result in shipped_results.values())
    classic = sum(result.baseline_right for result in shipped_results.values())
    assert classic >= lstm  # "the baseline is right a little more often"


# ---------------------------------------------------------------------------------------------------------------
# The standalone script of the model on screen
# ---------------------------------------------------------------------------------------------------------------


def run_script(source: str, tmp_path) -> str:
    return run_learner_script(source, tmp_path)


def test_the_script_says_what_is_on_screen():
    config = course.course_sentiment_config()
    source = sentiment_script(config)
    compile(source, "train.py", "exec")
    assert "layers.LSTM(64)" in source and "Bidirectional" not in source
    assert "layers.Embedding(len(vectorizer.get_vocabulary()), 32, mask_zero=True)" in source
    assert "VOCABULARY_SIZE = 10000" in source and "SEQUENCE_LENGTH = 100" in source
    assert "batch_size=32" in source and "validation_split=0.2" in source and "else 10" in source
    default = sentiment_script(sentiment.default_sentiment_config())
    assert "layers.Bidirectional(layers.LSTM(64))" in default and "layers.Dropout(0.5)" in default
    assert "jieba" in default
    upload = sentiment_script(sentiment.default_sentiment_config("upload-" + "0" * 16))
    assert "my_reviews.csv" in upload
    with pytest.raises(ValueError):
        sentiment_script(default_config("linear_identity"))


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(sentiment.default_sentiment_config(), id="default-chinese"),
        pytest.param(course.course_sentiment_config("imdb").replace(params={"granularity": "chars"}), id="course-imdb"),
    ],
)
def test_the_generated_script_runs_offline(config, tmp_path):
    output = run_script(sentiment_script(config), tmp_path)
    lstm = float(re.search(r"LSTM test accuracy: ([\d.]+)", output).group(1))
    classic = float(re.search(r"TF-IDF baseline test accuracy: ([\d.]+)", output).group(1))
    assert 0.0 <= lstm <= 1.0 and 0.5 < classic <= 1.0
    assert "which wins:" in output and "这本书写得很好: LSTM" in output
    if config.dataset == "imdb":
        assert "using the Chinese reviews instead of IMDB" in output
    assert (tmp_path / "sentiment.keras").is_file()
