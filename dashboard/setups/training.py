"""/training's link fields: the data set and its options, the network, the fit's settings.

The page has three groups of controls, one shown at a time: the 2-D point sets (circles, XOR, ...), the image sets
(MNIST, Fashion-MNIST, the 8x8 digits) and CIFAR-10. Each group keeps its own controls (keys ``train_toy_*``,
``train_image_*``, ``train_cifar_*``) with its own defaults, so that switching the data set back finds what the
visitor had; each is a field of its own here. The 2-D group's params are the short ones (``lr``, ``units1``), since
a class experiment trains 2-D points in seconds; the image group's start with ``img_``, CIFAR-10's with ``cifar_``.
:func:`params_shown` says which params the page shows for a data set (an instructor's list of controls).

The choices the controls offer live here and the page imports them, so a link offers exactly what the page does.
"""

from __future__ import annotations

from core.classroom.setups import Choice, Field, Number, PageSetup
from core.lessons import training as training_lesson
from core.lessons import training_cifar

# -- the page's choices ----------------------------------------------------------------------------------------------

#: CIFAR-10 has its own task (core.lessons.training_cifar) and views (dashboard.lessons.training.cifar).
IMAGE_DATASETS = tuple(dict.fromkeys((*training_lesson.IMAGE_DATASETS, training_cifar.DATASET)))
TOY_DATASETS = tuple(training_lesson.TOY_DATASETS)
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (8, 16, 32, 64, 128, 256, 512)
UNITS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
ACTIVATIONS = ("relu", "tanh", "sigmoid", "elu", "gelu", "leaky_relu", "linear")
TRAINING_IMAGE_LIMITS = (500, 1000, 2000, 5000, 10000, 20000)
ALL_IMAGES = 0  # the image-limit slider's "all of them" (a number, so a preset or a link sets it in any language)
TOY_SAMPLE_COUNTS = (100, 200, 400, 800, 1600)
MAX_HIDDEN_LAYERS = 4
MAX_EPOCHS = 200
COURSE_OPTIMIZERS = training_lesson.COURSE_OPTIMIZERS
#: The hidden Dense layers a data set's group starts with: how many, and each one's units and dropout after it.
TOY_NETWORK = {"layers": 2, "units": 8, "dropout": 0.0}
IMAGE_NETWORK = {"layers": 1, "units": 128, "dropout": 0.5}
DROPOUT = (0.0, 0.9, 0.1)  # low, high, step
TOY_NOISE = (0.0, 0.5, 0.05)
TOY_TEST_FRACTION = (0.1, 0.5, 0.05)
IMAGE_MODEL_KINDS = ("mlp", "cnn")

CIFAR_NETWORKS = tuple(training_cifar.NETWORKS)
CIFAR_OPTIMIZERS = ("sgd", "sgd_momentum", "rmsprop", "adam")
CIFAR_LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
CIFAR_BATCH_SIZES = (16, 32, 64, 128, 256)
CIFAR_TRAINING_LIMITS = (1000, 2000, 5000, 10000, 20000)
CIFAR_MAX_EPOCHS = 50

_TOY_DEFAULTS = training_lesson.TOY_2D_TASK.defaults
_IMAGE_DEFAULTS = training_lesson.IMAGE_CLASSIFIER_TASK.defaults
_CIFAR_DEFAULTS = training_cifar.APP_SETTINGS  # the controls start at the app's CIFAR-10 settings


#: The catalog key of each field's name in the instructor's list of controls: the widgets' own labels are shared by
#: the three groups ("Learning rate") or numbered at run time ("Layer {number}: units").
LABEL_KEYS = {
    "layers": "train.link.layers",
    "units1": "train.link.units1",
    "act1": "train.link.act1",
    "drop1": "train.link.drop1",
    "units2": "train.link.units2",
    "act2": "train.link.act2",
    "drop2": "train.link.drop2",
    "units3": "train.link.units3",
    "act3": "train.link.act3",
    "drop3": "train.link.drop3",
    "units4": "train.link.units4",
    "act4": "train.link.act4",
    "drop4": "train.link.drop4",
    "opt": "train.link.opt",
    "lr": "train.link.lr",
    "bs": "train.link.bs",
    "epochs": "train.link.epochs",
    "img_layers": "train.link.img_layers",
    "img_units1": "train.link.img_units1",
    "img_act1": "train.link.img_act1",
    "img_drop1": "train.link.img_drop1",
    "img_units2": "train.link.img_units2",
    "img_act2": "train.link.img_act2",
    "img_drop2": "train.link.img_drop2",
    "img_units3": "train.link.img_units3",
    "img_act3": "train.link.img_act3",
    "img_drop3": "train.link.img_drop3",
    "img_units4": "train.link.img_units4",
    "img_act4": "train.link.img_act4",
    "img_drop4": "train.link.img_drop4",
    "img_opt": "train.link.img_opt",
    "img_lr": "train.link.img_lr",
    "img_bs": "train.link.img_bs",
    "img_epochs": "train.link.img_epochs",
    "limit_mnist": "train.link.limit_mnist",
    "limit_fashion_mnist": "train.link.limit_fashion_mnist",
    "limit_digits": "train.link.limit_digits",
    "model": "train.link.model",
    "cifar_net": "train.link.cifar_net",
    "cifar_limit": "train.link.cifar_limit",
    "cifar_opt": "train.link.cifar_opt",
    "cifar_lr": "train.link.cifar_lr",
    "cifar_bs": "train.link.cifar_bs",
    "cifar_epochs": "train.link.cifar_epochs",
}


def image_limit_key(dataset: str) -> str:
    """The session-state key of an image set's training-image limit (each set keeps its own)."""
    return f"train_image_limit_{dataset}"


# -- the fields ------------------------------------------------------------------------------------------------------


def _layer_fields(group: str, prefix: str, network: dict) -> tuple[Field, ...]:
    """The hidden layers' count and, per layer (params numbered from 1), its units, activation and dropout."""
    fields: list[Field] = [
        Number(
            f"{prefix}layers",
            f"train_{group}_layer_count",
            low=0,
            high=MAX_HIDDEN_LAYERS,
            step=1,
            integer=True,
            default=network["layers"],
            label_key=LABEL_KEYS[f"{prefix}layers"],
        )
    ]
    for index in range(MAX_HIDDEN_LAYERS):
        number = index + 1
        fields += [
            Choice(
                f"{prefix}units{number}",
                f"train_{group}_units_{index}",
                options=UNITS,
                default=network["units"],
                label_key=LABEL_KEYS[f"{prefix}units{number}"],
            ),
            Choice(
                f"{prefix}act{number}",
                f"train_{group}_activation_{index}",
                options=ACTIVATIONS,
                default=ACTIVATIONS[0],
                label_key=LABEL_KEYS[f"{prefix}act{number}"],
            ),
            Number(
                f"{prefix}drop{number}",
                f"train_{group}_dropout_{index}",
                low=DROPOUT[0],
                high=DROPOUT[1],
                step=DROPOUT[2],
                default=network["dropout"],
                label_key=LABEL_KEYS[f"{prefix}drop{number}"],
            ),
        ]
    return tuple(fields)


def _fit_fields(group: str, prefix: str, defaults, *, optimizers, learning_rates, batch_sizes, max_epochs):
    """The optimizer, learning rate, batch size and epochs of one group (``fit_settings_ui``'s controls)."""
    return (
        Choice(
            f"{prefix}opt",
            f"train_{group}_optimizer",
            options=optimizers,
            default=defaults["optimizer"],
            label_key=LABEL_KEYS[f"{prefix}opt"],
        ),
        Choice(
            f"{prefix}lr",
            f"train_{group}_learning_rate",
            options=learning_rates,
            default=defaults["learning_rate"],
            label_key=LABEL_KEYS[f"{prefix}lr"],
        ),
        Choice(
            f"{prefix}bs",
            f"train_{group}_batch_size",
            options=batch_sizes,
            default=defaults["batch_size"],
            label_key=LABEL_KEYS[f"{prefix}bs"],
        ),
        Number(
            f"{prefix}epochs",
            f"train_{group}_epochs",
            low=1,
            high=max_epochs,
            step=1,
            integer=True,
            default=defaults["epochs"],
            label_key=LABEL_KEYS[f"{prefix}epochs"],
        ),
    )


_DATA_FIELDS = (
    Choice(
        "data",
        "train_dataset",
        options=IMAGE_DATASETS + TOY_DATASETS,
        default=IMAGE_DATASETS[0],
        label_key="train.data.choose",
    ),
    Number(
        "noise",
        "train_toy_noise",
        low=TOY_NOISE[0],
        high=TOY_NOISE[1],
        step=TOY_NOISE[2],
        default=_TOY_DEFAULTS["noise"],
        label_key="train.data.noise",
    ),
    Number(
        "split",
        "train_toy_test_fraction",
        low=TOY_TEST_FRACTION[0],
        high=TOY_TEST_FRACTION[1],
        step=TOY_TEST_FRACTION[2],
        default=_TOY_DEFAULTS["test_fraction"],
        label_key="train.data.test_fraction",
    ),
    Choice(
        "points",
        "train_toy_points",
        options=TOY_SAMPLE_COUNTS,
        default=_TOY_DEFAULTS["n_samples"],
        label_key="train.data.points",
    ),
)
_TOY_FIELDS = (
    *_layer_fields("toy", "", TOY_NETWORK),
    *_fit_fields(
        "toy",
        "",
        _TOY_DEFAULTS,
        optimizers=COURSE_OPTIMIZERS,
        learning_rates=LEARNING_RATES,
        batch_sizes=BATCH_SIZES,
        max_epochs=MAX_EPOCHS,
    ),
)
_LIMIT_FIELDS = {
    dataset: Choice(
        f"limit_{dataset}",
        image_limit_key(dataset),
        options=(*TRAINING_IMAGE_LIMITS, ALL_IMAGES),
        default=ALL_IMAGES,
        label_key=LABEL_KEYS[f"limit_{dataset}"],
    )
    for dataset in training_lesson.IMAGE_DATASETS
}
_IMAGE_FIELDS = (
    Choice(
        "model",
        "train_image_model_kind",
        options=IMAGE_MODEL_KINDS,
        default=IMAGE_MODEL_KINDS[0],
        label_key=LABEL_KEYS["model"],
    ),
    *_layer_fields("image", "img_", IMAGE_NETWORK),
    *_fit_fields(
        "image",
        "img_",
        _IMAGE_DEFAULTS,
        optimizers=COURSE_OPTIMIZERS,
        learning_rates=LEARNING_RATES,
        batch_sizes=BATCH_SIZES,
        max_epochs=MAX_EPOCHS,
    ),
)
_CIFAR_FIELDS = (
    Choice(
        "cifar_net",
        "train_cifar_network",
        options=CIFAR_NETWORKS,
        default=_CIFAR_DEFAULTS["network"],
        label_key=LABEL_KEYS["cifar_net"],
    ),
    Choice(
        "cifar_limit",
        "train_cifar_limit",
        options=(*CIFAR_TRAINING_LIMITS, ALL_IMAGES),
        default=ALL_IMAGES,
        label_key=LABEL_KEYS["cifar_limit"],
    ),
    *_fit_fields(
        "cifar",
        "cifar_",
        _CIFAR_DEFAULTS,
        optimizers=CIFAR_OPTIMIZERS,
        learning_rates=CIFAR_LEARNING_RATES,
        batch_sizes=CIFAR_BATCH_SIZES,
        max_epochs=CIFAR_MAX_EPOCHS,
    ),
)

SETUP = PageSetup("training", (*_DATA_FIELDS, *_TOY_FIELDS, *_LIMIT_FIELDS.values(), *_IMAGE_FIELDS, *_CIFAR_FIELDS))


def params_shown(dataset: str) -> tuple[str, ...]:
    """The params of the controls the page shows for ``dataset`` (every layer's, whatever the layer count), in the
    page's order; ``data`` first."""
    if dataset in TOY_DATASETS:
        group = (*_DATA_FIELDS, *_TOY_FIELDS)
    elif dataset == training_cifar.DATASET:
        group = (_DATA_FIELDS[0], *_CIFAR_FIELDS)
    elif dataset in _LIMIT_FIELDS:
        group = (_DATA_FIELDS[0], _LIMIT_FIELDS[dataset], *_IMAGE_FIELDS)
    else:
        group = (_DATA_FIELDS[0],)
    return tuple(f.param for f in group)
