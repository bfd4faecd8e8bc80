"""Should the web process keep TensorFlow to use stored models, or ask a warm inference process? The figures.

    python -m bench.inference_choice [--repeats 300] [--imports 3]

(a) What TensorFlow costs the web process: fresh ``python -c`` processes import what the landing page needs (Streamlit,
    pandas, the dashboard's navigation, sidebar and language modules: no TensorFlow), then that plus TensorFlow and
    Keras, then that plus the two models the web process serves (/draw's CNN and /text's sentiment LSTM, from the
    bundle); and what an inference process would hold alone (TensorFlow, Keras, both models, no Streamlit). Import
    seconds and resident memory (VmRSS at the end), median of ``--imports`` processes each.
(b) What a process boundary costs one prediction: the /draw prediction (canvas image -> ``prepare_canvas_digit``
    -> ``predict_digit``, as ``core.lessons.draw`` does on the page) and one /text sentiment prediction
    (``SentimentModel.predict``), ``--repeats`` times each, in this process vs through a pipe round trip to a second
    process (``multiprocessing`` spawn) that holds the same models (the page preprocesses the drawing, sends the
    28x28 image, receives the ten probabilities; sends the sentence, receives the prediction). p50/p95.
Goals (the issue's): draw p95 <= 100 ms, sentiment p95 <= 50 ms. The conclusion's figures are printed last.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import subprocess
import sys
import time

from bench.common import REPO_ROOT, median_and_p95_ms, percentile

WEB_IMPORTS = (
    "import pandas, streamlit; "
    "import core.runtime, core.settings, core.data.catalog; "
    "import dashboard.i18n, dashboard.language, dashboard.navigation, dashboard.sidebar"
)
TF_IMPORTS = "import tensorflow, keras"
LOAD_MODELS = "import bench.inference_choice as bench; bench.load_models()"

CHILD = """
import json, sys, time
started = time.perf_counter()
{web}
web_done = time.perf_counter()
{tf}
tf_done = time.perf_counter()
{models}
models_done = time.perf_counter()
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
print(json.dumps({{
    "web_s": web_done - started, "tf_s": tf_done - web_done, "models_s": models_done - tf_done,
    "rss_mb": int(status["VmRSS"].split()[0]) / 1024, "tensorflow_loaded": "tensorflow" in sys.modules,
}}))
"""

VARIANTS = {
    "web process without TensorFlow (today's landing page)": (WEB_IMPORTS, "", ""),
    "web process + TensorFlow + Keras": (WEB_IMPORTS, TF_IMPORTS, ""),
    "web process + TensorFlow + Keras + draw and sentiment models": (WEB_IMPORTS, TF_IMPORTS, LOAD_MODELS),
    "inference process alone (TensorFlow + Keras + both models)": ("", TF_IMPORTS, LOAD_MODELS),
}


def load_models():
    """The draw page's CNN and the text page's sentiment model, from the bundle shipped with the code (read-only)."""
    from core.lessons import draw
    from core.lessons.text import prediction, sentiment
    from core.training.model_store import ModelStore

    bundle = ModelStore(REPO_ROOT / "bundled_models", read_only=True)
    draw_entry = bundle.load(draw.digit_classifier_config().key)
    text_entry = bundle.load(sentiment.default_sentiment_config().key)
    if draw_entry is None or text_entry is None:
        sys.exit("The bundle (bundled_models/) lacks the draw or sentiment default model.")
    return draw_entry.model, prediction.sentiment_model(text_entry.key, text_entry.model, text_entry.metadata)


def inference_process(connection) -> None:
    """The second process: holds both models, answers ("draw", image28) and ("text", sentence) until ("exit",)."""
    from core.lessons import draw

    digit_model, sentiment_model = load_models()
    connection.send(("ready",))
    while True:
        message = connection.recv()
        if message[0] == "draw":
            connection.send(draw.predict_digit(digit_model, message[1]))
        elif message[0] == "text":
            connection.send(sentiment_model.predict(message[1]))
        else:
            return


def import_costs(repeats: int) -> dict[str, dict[str, float]]:
    figures = {}
    for name, (web, tf, models) in VARIANTS.items():
        runs = []
        for _ in range(repeats):
            code = CHILD.format(web=web or "pass", tf=tf or "pass", models=models or "pass")
            output = subprocess.run(
                [sys.executable, "-c", code],
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                check=True,
                env={"TF_CPP_MIN_LOG_LEVEL": "2", "DASHBOARD_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
            ).stdout
            runs.append(json.loads(output.strip().splitlines()[-1]))
        figures[name] = {key: statistics.median(run[key] for run in runs) for key in ("web_s", "tf_s", "models_s")}
        figures[name]["rss_mb"] = statistics.median(run["rss_mb"] for run in runs)
        figures[name]["tensorflow_loaded"] = runs[0]["tensorflow_loaded"]
        row = figures[name]
        print(
            f"{name}: imports {row['web_s']:.2f} s + TensorFlow {row['tf_s']:.2f} s + models {row['models_s']:.2f} s, "
            f"RSS {row['rss_mb']:.0f} MB (TensorFlow loaded: {row['tensorflow_loaded']})",
            flush=True,
        )
    return figures


def latencies(repeats: int) -> dict[str, list[float]]:
    from core.data.images import load_mnist
    from core.lessons import draw
    from core.lessons.text.prediction import EXAMPLE_TEXTS

    digit_model, sentiment_model = load_models()
    drawings = [draw.render_as_canvas_strokes(image, thickness=1) for image in load_mnist().x_test[:50]]
    sentences = list(EXAMPLE_TEXTS["zh"]) + list(EXAMPLE_TEXTS["en"])

    parent_end, child_end = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(target=inference_process, args=(child_end,), daemon=True)
    process.start()
    child_end.close()
    if parent_end.recv() != ("ready",):
        sys.exit("The inference process did not start.")

    def draw_here(drawing):
        return draw.predict_digit(digit_model, draw.prepare_canvas_digit(drawing).image)

    def draw_there(drawing):
        parent_end.send(("draw", draw.prepare_canvas_digit(drawing).image))
        return parent_end.recv()

    def text_here(sentence):
        return sentiment_model.predict(sentence)

    def text_there(sentence):
        parent_end.send(("text", sentence))
        return parent_end.recv()

    timings: dict[str, list[float]] = {}
    cases = {
        "draw, in this process": (draw_here, drawings),
        "draw, pipe round trip": (draw_there, drawings),
        "sentiment, in this process": (text_here, sentences),
        "sentiment, pipe round trip": (text_there, sentences),
    }
    for inputs in (drawings[:10], sentences):  # warm-up: trace the graphs on both sides
        for item in inputs:
            if inputs is sentences:
                text_here(item), text_there(item)
            else:
                draw_here(item), draw_there(item)
    for repeat in range(repeats):  # interleaved, so that the machine's noise falls on all four alike
        for name, (function, inputs) in cases.items():
            started = time.perf_counter()
            function(inputs[repeat % len(inputs)])
            timings.setdefault(name, []).append(time.perf_counter() - started)
    parent_end.send(("exit",))
    process.join(5)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=300, help="predictions per case")
    parser.add_argument("--imports", type=int, default=3, help="fresh processes per import variant")
    arguments = parser.parse_args()

    imports = import_costs(arguments.imports)
    timings = latencies(arguments.repeats)
    print()
    for name, values in timings.items():
        print(f"{name}: {median_and_p95_ms(values)} over {len(values)} calls")
    web, with_tf, with_models, alone = (imports[name] for name in VARIANTS)
    p95 = {name: percentile(values, 95) * 1000 for name, values in timings.items()}
    print()
    print(
        f"TensorFlow + Keras in the web process: +{with_tf['tf_s']:.2f} s of imports, "
        f"+{with_tf['rss_mb'] - web['rss_mb']:.0f} MB ({web['rss_mb']:.0f} -> {with_tf['rss_mb']:.0f} MB), "
        f"+{with_models['rss_mb'] - web['rss_mb']:.0f} MB with both models; "
        f"an inference process instead would hold {alone['rss_mb']:.0f} MB of its own"
    )
    print(
        f"p95 draw: {p95['draw, in this process']:.1f} ms in-process vs {p95['draw, pipe round trip']:.1f} ms "
        f"through a pipe (goal <= 100); p95 sentiment: {p95['sentiment, in this process']:.1f} ms vs "
        f"{p95['sentiment, pipe round trip']:.1f} ms (goal <= 50)"
    )


if __name__ == "__main__":
    main()
