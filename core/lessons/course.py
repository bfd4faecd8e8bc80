"""The course the app follows, mapped onto the app: every item of its three parts, and where a learner finds it.

The course is three Chinese beginner articles (the project's notes summarise them). :data:`COURSE_MAP` lists each
item they teach with the page and section that teaches it here, whether that section offers the course's settings
("The course's settings" button) and which code samples show the course's own listings rewritten to run today
(``dashboard/i18n/code/<name>.py``; the tests run every one). :data:`CHAPTERS` are the chapters that have no code in
the course (what deep learning is, where it is used, its limits, bias, trends, frameworks and set-up): the /course
page tells each in a few sentences and links it to what the app shows.

Text lives in the catalog (``course.map.<id>``, ``course.chapter.<id>.*``); this module holds only the structure, so
a test can check that every page and code sample named here exists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CourseItem:
    id: str  # catalog key course.map.<id>: the item, in the learner's words
    part: int  # 1, 2 or 3
    page: str  # url path of the page that teaches it ("" = home)
    section: str  # catalog key of the section's title on that page
    preset: bool = False  # the section has "The course's settings"
    code: tuple[str, ...] = ()  # course_* code samples with the course's listing, made to run today


@dataclass(frozen=True)
class Link:
    page: str  # url path
    label: str  # catalog key of what to look at there


@dataclass(frozen=True)
class Chapter:
    id: str  # catalog keys course.chapter.<id>.title / .body
    part: int
    links: tuple[Link, ...]


COURSE_MAP: tuple[CourseItem, ...] = (
    # Part 1: a friendly tour (Keras)
    CourseItem("frameworks", 1, "course", "course.chapter.frameworks.title"),
    CourseItem(
        "house_prices", 1, "first-network", "first.reg.header", preset=True, code=("course_first_house_prices_keras",)
    ),
    CourseItem("one_hot", 1, "text", "text.numbers.header", code=("course_text_numbers_keras",)),
    CourseItem("lstm_sentiment", 1, "text", "text.sent.header", preset=True, code=("course_text_sentiment_keras",)),
    CourseItem("lstm_gates", 1, "text", "text.gates.header"),
    CourseItem("gan_digits", 1, "gan", "gan.compare.header", preset=True, code=("course_gan_keras",)),
    CourseItem("thinking", 1, "course", "course.chapter.bias.title"),
    CourseItem("outlook", 1, "course", "course.chapter.trends.title"),
    # Part 2: a complete beginner's guide (TensorFlow and PyTorch)
    CourseItem("what_is_dl", 2, "course", "course.chapter.what.title"),
    CourseItem("classic_vs_deep", 2, "course", "course.chapter.classic.title"),
    CourseItem("applications", 2, "course", "course.chapter.uses.title"),
    CourseItem("linear_algebra", 2, "math", "math.tab.matrices", code=("course_math_linear_algebra",)),
    CourseItem("vector_spaces", 2, "math", "math.tab.spaces", code=("course_math_linear_algebra",)),
    CourseItem("calculus", 2, "math", "math.tab.derivatives", code=("course_math_calculus",)),
    CourseItem("probability", 2, "math", "math.tab.probability", code=("course_math_probability",)),
    CourseItem(
        "first_model",
        2,
        "first-network",
        "first.id.header",
        preset=True,
        code=("course_first_identity_keras", "course_first_identity_torch"),
    ),
    CourseItem("setup", 2, "course", "course.chapter.setup.title"),
    CourseItem("neuron", 2, "activations", "act.neuron.header", code=("course_activations_numpy",)),
    CourseItem(
        "feedforward",
        2,
        "first-network",
        "first.reg.header",
        code=("course_first_feedforward_torch", "course_first_feedforward_keras"),
    ),
    CourseItem(
        "simple_cnn",
        2,
        "training",
        "train.model.header",
        code=("course_training_cnn_torch", "course_training_cnn_keras"),
    ),
    CourseItem("pooling", 2, "draw", "draw.pool.header"),
    CourseItem("simple_lstm", 2, "stocks", "stocks.model.header", code=("course_stocks_torch",)),
    CourseItem("losses", 2, "training", "train.loss_one.header"),
    CourseItem(
        "cifar10",
        2,
        "training",
        "train.data.header",
        preset=True,
        code=("course_training_cifar_torch", "course_training_cifar_keras"),
    ),
    CourseItem("imdb", 2, "text", "text.sent.header", code=("course_text_imdb_keras",)),
    CourseItem(
        "stock_lstm",
        2,
        "stocks",
        "stocks.model.header",
        preset=True,
        code=("course_stocks_torch", "course_stocks_keras"),
    ),
    CourseItem("trends", 2, "course", "course.chapter.trends.title"),
    # Part 3: deep learning in simple terms (TensorFlow, MNIST)
    CourseItem("networks_backprop", 3, "first-network", "first.reg.header"),
    CourseItem("strengths_limits", 3, "course", "course.chapter.limits.title"),
    CourseItem("mnist_mlp", 3, "training", "train.model.header", preset=True, code=("course_training_mlp_keras",)),
)

CHAPTERS: tuple[Chapter, ...] = (
    Chapter("what", 2, (Link("activations", "course.link.activations_stack"), Link("draw", "course.link.draw_maps"))),
    Chapter("classic", 2, (Link("text", "course.link.text_baseline"), Link("stocks", "course.link.stocks_baselines"))),
    Chapter(
        "uses",
        2,
        (
            Link("draw", "course.link.draw_vision"),
            Link("text", "course.link.text_language"),
            Link("stocks", "course.link.stocks_series"),
            Link("gan", "course.link.gan_generation"),
        ),
    ),
    Chapter("limits", 3, (Link("training", "course.link.training_overfit"), Link("text", "course.link.text_verdicts"))),
    Chapter("bias", 1, (Link("first-network", "course.link.first_bias"), Link("text", "course.link.text_domain"))),
    Chapter("trends", 2, (Link("gan", "course.link.gan_generation"),)),
    Chapter("frameworks", 1, (Link("first-network", "course.link.first_twins"),)),
    Chapter("setup", 2, ()),
)

#: The environment variables the course's set-up chapter names, shown with this server's values.
SETUP_VARIABLES = ("CUDA_VISIBLE_DEVICES", "TF_FORCE_GPU_ALLOW_GROWTH")


def items_of_part(part: int) -> list[CourseItem]:
    if part not in (1, 2, 3):
        raise ValueError(f"The course has parts 1, 2 and 3, not {part!r}.")
    return [item for item in COURSE_MAP if item.part == part]
