"""/gan's link fields: the data, which images, the networks and the training's settings (the form's controls), and
the two seeds of the walk between drawings (shown once a GAN is trained).

A link sets the form's controls; like a change by hand, the GAN trains only when Train is pressed.
"""

from __future__ import annotations

from core.classroom.setups import Choice, Number, PageSetup
from core.lessons.gan import gan, networks
from core.lessons.gan.data import DATASETS

# -- the page's choices ----------------------------------------------------------------------------------------------

_DEFAULT = gan.page_default_config()
EPOCH_CHOICES = (1, 2, 5, 10, 20, 30, 40, 60, 80, 100, 150, 200)
#: The epochs offered: the choices above, the app's default and the course preset's.
EPOCH_OPTIONS = tuple(sorted(set(EPOCH_CHOICES) | {_DEFAULT.epochs, gan.COURSE_PRESET_EPOCHS}))
SMOOTHING_CHOICES = (0.0, 0.05, 0.1, 0.2, 0.3)
BATCH_CHOICES = (32, 64, 128, 256)
#: "all" the images, or the index of one class (a digit, or a kind of clothing).
IMAGE_CLASSES = ("all", *range(10))
MAX_SEED = 99_999
INTERPOLATION_SEEDS = (1, 2)  # the walk's first "from" and "to" seeds

SETUP = PageSetup(
    "gan",
    (
        Choice(
            "data", "gan_dataset", options=tuple(DATASETS), default=_DEFAULT.dataset, label_key="gan.settings.dataset"
        ),
        Choice(
            "label",  # "class" is the app's own parameter (a classroom's link)
            "gan_class",
            options=IMAGE_CLASSES,
            default=_DEFAULT.param("image_class"),
            label_key="gan.settings.class",
        ),
        Choice(
            "net",
            "gan_network",
            options=tuple(networks.NETWORKS),
            default=_DEFAULT.param("network"),
            label_key="gan.settings.network",
        ),
        Choice("epochs", "gan_epochs", options=EPOCH_OPTIONS, default=_DEFAULT.epochs, label_key="gan.settings.epochs"),
        Choice("bs", "gan_batch", options=BATCH_CHOICES, default=_DEFAULT.batch_size, label_key="gan.settings.batch"),
        Choice(
            "smooth",
            "gan_smoothing",
            options=SMOOTHING_CHOICES,
            default=_DEFAULT.param("label_smoothing"),
            label_key="gan.settings.smoothing",
        ),
        Number(
            "from",
            "gan_interp_from",
            low=0,
            high=MAX_SEED,
            step=1,
            integer=True,
            default=INTERPOLATION_SEEDS[0],
            label_key="gan.interp.from",
        ),
        Number(
            "to",
            "gan_interp_to",
            low=0,
            high=MAX_SEED,
            step=1,
            integer=True,
            default=INTERPOLATION_SEEDS[1],
            label_key="gan.interp.to",
        ),
    ),
)
