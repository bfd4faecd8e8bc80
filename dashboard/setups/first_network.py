"""/first-network's link fields: the neuron's optimizer, learning rate and epochs, and the regression's learning rate,
epochs, scaling and validation rows. The menus live here (the page imports them); the defaults are the tasks' own
(``core.training.registry``), as the page's controls start from them.

The page trains what its controls say when they were set from outside its forms (a link, the instructor's step), so
a link shows its model, not only its settings.
"""

from core.classroom.setups import Choice, Flag, PageSetup
from core.training import registry

IDENTITY_OPTIMIZERS = ("sgd", "adam")
IDENTITY_LEARNING_RATES = (0.001, 0.005, 0.01, 0.02, 0.05, 0.08, 0.1)
IDENTITY_EPOCHS = (20, 50, 100, 300, 500, 1000)
REGRESSION_LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
REGRESSION_EPOCHS = (10, 20, 50, 100, 200)

_IDENTITY = registry.get_task("linear_identity").defaults
_REGRESSION = registry.get_task("regression").defaults

SETUP = PageSetup(
    "first-network",
    (
        Choice(
            "opt",
            "first_id_optimizer",
            options=IDENTITY_OPTIMIZERS,
            default=_IDENTITY["optimizer"],
            label_key="first.id.optimizer",
        ),
        Choice(
            "lr1",
            "first_id_rate",
            options=IDENTITY_LEARNING_RATES,
            default=_IDENTITY["learning_rate"],
            label_key="first.id.learning_rate",
        ),
        Choice(
            "ep1", "first_id_epochs", options=IDENTITY_EPOCHS, default=_IDENTITY["epochs"], label_key="first.id.epochs"
        ),
        Choice(
            "lr2",
            "first_reg_rate",
            options=REGRESSION_LEARNING_RATES,
            default=_REGRESSION["learning_rate"],
            label_key="first.reg.learning_rate",
        ),
        Choice(
            "ep2",
            "first_reg_epochs",
            options=REGRESSION_EPOCHS,
            default=_REGRESSION["epochs"],
            label_key="first.reg.epochs",
        ),
        Flag("std", "first_reg_standardise", default=True, label_key="first.reg.standardise"),
        Flag(
            "val",
            "first_reg_validation",
            default=_REGRESSION["validation_split"] > 0,
            label_key="first.reg.validation.control",
        ),
    ),
)
