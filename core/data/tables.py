"""A table of numbers and one number to predict: Boston house prices online, scikit-learn's diabetes table offline."""

from __future__ import annotations

import numpy as np

from core.data.catalog import dataset_info
from core.data.datasets import ArrayDataset, Provenance
from core.data.sources import load_with_fallback, read_only, size_text

BOSTON_FEATURE_NAMES = (
    "CRIM",
    "ZN",
    "INDUS",
    "CHAS",
    "NOX",
    "RM",
    "AGE",
    "DIS",
    "RAD",
    "TAX",
    "PTRATIO",
    "B",
    "LSTAT",
)
DIABETES_FEATURE_NAMES = ("age", "sex", "bmi", "bp", "s1_tc", "s2_ldl", "s3_hdl", "s4_tch", "s5_ltg", "s6_glu")


def load_regression(prefer_download: bool = True) -> ArrayDataset:
    """A table of numbers and one number to predict: float32 features (N, F), float32 targets (N,).

    Online: Boston house prices (13 features, target = median home value in $1000s; Keras' 404 / 102 split).
    Offline: scikit-learn's diabetes table (442 patients, 10 features in their original units: age in years,
    sex 1/2, BMI, blood pressure, six blood serum measurements; target = disease progression one year later),
    split 80/20 with a fixed seed (353 / 89). Features are NOT standardized: scale them with statistics of the
    training split (e.g. ``keras.layers.Normalization().adapt(x_train)``). ``prefer_download=False`` takes the
    built-in table even when the house prices could be downloaded.
    """
    info = dataset_info("regression")

    def build(online: bool, x_train, y_train, x_test, y_test, feature_names, target_name) -> ArrayDataset:
        provenance = Provenance(
            name=info.name_for(online),
            source=info.online_source if online else info.offline_source,
            size=size_text(len(x_train), len(x_test), noun="rows") + f", {len(feature_names)} features",
            n_samples=len(x_train) + len(x_test),
            online=online,
            note=f"Target: {target_name}.",
            dataset=info.id,
        )
        return ArrayDataset(
            read_only(x_train, np.float32),
            read_only(y_train, np.float32).reshape(-1),
            read_only(x_test, np.float32),
            read_only(y_test, np.float32).reshape(-1),
            (),
            provenance,
            feature_names=feature_names,
            target_name=target_name,
        )

    def online() -> ArrayDataset:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
        return build(
            True,
            x_train,
            y_train,
            x_test,
            y_test,
            BOSTON_FEATURE_NAMES,
            "median value of owner-occupied homes, in $1000s",
        )

    def offline() -> ArrayDataset:
        from sklearn.datasets import load_diabetes
        from sklearn.model_selection import train_test_split

        bunch = load_diabetes(scaled=False)
        x_train, x_test, y_train, y_test = train_test_split(bunch.data, bunch.target, test_size=0.2, random_state=0)
        return build(
            False,
            x_train,
            y_train,
            x_test,
            y_test,
            DIABETES_FEATURE_NAMES,
            "disease progression one year after baseline (a score, about 25 to 346)",
        )

    return load_with_fallback(info, online, offline, prefer_download=prefer_download)
