"""Optimizers as pure stepping code, each the update ``torch.optim`` performs.

:mod:`.rules` is the registry, one :class:`~.spec.Spec` per optimizer (the one place each
update rule is written); :class:`Optimizer` is an optimizer with its hyper-parameters, which
steps (:meth:`Optimizer.update`) and explains itself by its spec; :func:`run_1d` and
:func:`run_2d` run to the end in one and two variables with the spec's rule written out;
:func:`stability` is the step-size rule near a minimum; :class:`Schedule` is a learning-rate schedule
(``torch.optim.lr_scheduler``'s), whose per-step α :func:`run_2d` takes.

Each spec names the ``torch.optim`` call it performs (``Spec.torch``).
"""

from .optimizer import Optimizer, run_1d, run_2d
from .rules import HYPERPARAMETERS, KINDS, NAMES, SHORT_NAMES, SPECS
from .schedules import SCHEDULES, Schedule, ScheduleError, parse_schedule
from .stability import Stability, stability

__all__ = ["HYPERPARAMETERS", "KINDS", "NAMES", "Optimizer", "SCHEDULES", "SHORT_NAMES", "SPECS", "Schedule",
           "ScheduleError", "Stability", "parse_schedule", "run_1d", "run_2d", "stability"]
