"""Text as numbers, and sentiment in English and Chinese: the course's NLP chapter (``/text``).

Two parts, like the page (``app_pages/text.py``):

- Words to numbers. :mod:`.segmentation` finds a text's language and splits it into tokens (Chinese words with
  jieba, or characters; English words); :mod:`.vectors` shows what Keras' ``TextVectorization`` makes of a few
  sentences: the vocabulary, the padded integer sequences, one-hot rows and multi-hot vectors.
- Sentiment. :mod:`.sentiment` is the task ``"sentiment"`` (Embedding -> LSTM -> Dense(sigmoid), its data, its
  metrics, its default configs); :mod:`.baseline` the TF-IDF + logistic-regression baseline trained on the same
  split; :mod:`.prediction` a trained model read for the page (one text, a batch, each token's contribution,
  word vectors); :mod:`.files` reads the texts and the labelled CSVs visitors upload.

The task registry (``core.training.registry``) lists :data:`.sentiment.SENTIMENT_TASK`; nothing registers itself on
import. Importing these modules is cheap: jieba, Keras, pandas and scikit-learn are imported where used.
"""
