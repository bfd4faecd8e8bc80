"""/training's link fields: the data set and its options, the network, the fit's settings."""

from core.classroom.setups import Choice, Number, PageSetup

SETUP = PageSetup(
    "training",
    (
        Choice(
            "data",
            "train_dataset",
            options=("mnist", "fashion_mnist", "digits", "cifar10", "circles", "moons", "xor", "spirals", "blobs"),
            default="mnist",
            label_key="train.data.choose",
        ),
        Number("noise", "train_toy_noise", low=0.0, high=0.5, step=0.05, default=0.1, label_key="train.data.noise"),
    ),
)
