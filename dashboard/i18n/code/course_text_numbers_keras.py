import collections

import jieba
import numpy as np
from keras import layers

# {text.course.numbers.code.one_hot}
animals = ["猫", "狗", "鱼"]
for animal, row in zip(animals, np.eye(len(animals), dtype=int)):
    print(animal, row.tolist())

sentences = ["我喜欢猫", "我喜欢狗", "我喜欢鱼"]

# {text.course.numbers.code.unsegmented}
whole = layers.TextVectorization()
whole.adapt(sentences)
print("without segmentation:", [str(token) for token in whole.get_vocabulary()])
print("sequences:", np.asarray(whole(sentences)).tolist())

# {text.course.numbers.code.segmented}
segmented = [" ".join(jieba.lcut(sentence)) for sentence in sentences]
print("jieba:", segmented)

# {text.course.numbers.code.order}
counts = collections.Counter(word for line in segmented for word in line.split())
words = sorted(counts, key=lambda word: -counts[word])  # stable: ties keep their order
vectorizer = layers.TextVectorization(standardize=None, split="whitespace", vocabulary=words)
sequences = np.asarray(vectorizer(segmented))
print("vocabulary:", [str(token) for token in vectorizer.get_vocabulary()])
print("sequences:", sequences.tolist())
print("minus 1, the course's numbers:", (sequences - 1).tolist())

# {text.course.numbers.code.binary}
binary = layers.TextVectorization(
    standardize=None, split="whitespace", vocabulary=words, output_mode="multi_hot"
)
print("columns:", [str(token) for token in binary.get_vocabulary()])
print(np.asarray(binary(segmented)).astype(int).tolist())

# {text.course.numbers.code.embedding}
embedding = layers.Embedding(input_dim=10000, output_dim=100)
vectors = embedding(sequences)
print("embedding output:", tuple(vectors.shape))
cat, dog = np.asarray(vectors[0, 2]), np.asarray(vectors[1, 2])
similarity = float(cat @ dog / (np.linalg.norm(cat) * np.linalg.norm(dog)))
# {text.course.numbers.code.similarity}
print(f"cosine(猫, 狗) before training: {similarity:.3f}")
