"""The same seed gives PyTorch's batches, and training matches a PyTorch loop (#23).

The first tests run without torch: they hold the app to orders real torch 2.13 printed for
``DataLoader(TensorDataset(...), batch_size=3, shuffle=True,
generator=torch.Generator().manual_seed(5))`` on seven points (recorded facts).  The others
run torch itself (skipped where it is not installed: it is not a dependency of the app) —
its DataLoader's orders, and a representative subset of ``scripts/check_with_torch.py``'s
cases, every optimizer and every schedule among them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from explorer.core.data import DataSet
from explorer.core.loss import loss_for
from explorer.core.optimizers import KINDS, Optimizer
from explorer.core.polynomial import train_polynomial
from explorer.core.shuffle import MAX_SEED, TorchShuffle
from explorer.core.training import MiniBatches, train

# Printed by torch 2.13 for n = 7, batch_size = 3, seed 5: three epochs, batch by batch.
TORCH_BATCHES_N7_B3_SEED5 = [
    [[2, 4, 3], [5, 0, 6], [1]],
    [[4, 1, 0], [2, 3, 6], [5]],
    [[3, 0, 2], [5, 1, 6], [4]],
]
SEVEN = ((0.0, 1.1), (1.0, 2.9), (2.0, 5.2), (3.0, 6.8), (4.0, 9.1), (5.0, 10.7), (6.0, 13.2))


def test_the_shuffle_gives_the_orders_torch_gave():
    shuffle = TorchShuffle(5)
    for epoch in TORCH_BATCHES_N7_B3_SEED5:
        assert shuffle.next_epoch(7).tolist() == [i for batch in epoch for i in batch]


def test_a_seeded_mini_batch_run_takes_torchs_batches():
    data = DataSet.from_points(SEVEN)
    loss = loss_for(data, "linear")
    batches = MiniBatches(loss, 3, 5, steps=9)
    taken = []
    for _ in range(9):
        batches.gradient(0.5, -0.25)
        taken.append(batches.last_indices().tolist())
    assert taken == [batch for epoch in TORCH_BATCHES_N7_B3_SEED5 for batch in epoch]

    # train() records the same orders and steps on those batches: each step's gradient is the
    # mean squared error's on its batch's points, worked out here from the points themselves.
    run = train(data, Optimizer("gd", 0.01), 9, batch=3, seed=5)
    assert run.orders == [[i for batch in epoch for i in batch] for epoch in TORCH_BATCHES_N7_B3_SEED5]
    x, y = np.array([p[0] for p in SEVEN]), np.array([p[1] for p in SEVEN])
    for k, rows in enumerate(taken):
        residual = run.w[k] * x[rows] + run.b[k] - y[rows]
        expected = (2 * np.mean(residual * x[rows]), 2 * np.mean(residual))
        assert run.gradients[k] == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_a_seeded_polynomial_run_takes_torchs_batches():
    data = DataSet.from_points(SEVEN)
    run = train_polynomial(data, 2, Optimizer("gd", 1e-4), 9, batch=3, seed=5)
    x, y = np.array([p[0] for p in SEVEN]), np.array([p[1] for p in SEVEN])
    for k, rows in enumerate(batch for epoch in TORCH_BATCHES_N7_B3_SEED5 for batch in epoch):
        V = np.vander(x[rows], 3, increasing=True)
        expected = 2 * V.T @ (V @ run.weights[k] - y[rows]) / len(rows)
        assert run.gradients[k] == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_a_seed_beyond_torchs_32_bits_is_refused_with_its_range():
    with pytest.raises(ValueError, match=f"from 0 to {MAX_SEED}"):
        TorchShuffle(MAX_SEED + 1)
    with pytest.raises(ValueError, match="from 0 to"):
        train(DataSet.from_points(SEVEN), Optimizer("gd", 0.01), 3, batch=2, seed=-1)


# ---------------------------------------------------------------------------- with torch itself
def _check_script():
    pytest.importorskip("torch")
    path = Path(__file__).resolve().parent.parent / "scripts" / "check_with_torch.py"
    spec = importlib.util.spec_from_file_location("check_with_torch", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("n", "batch", "seed"),
                         [(7, 3, 5), (5, 2, 0), (5, 1, 7), (12, 5, 123456789), (2, 1, MAX_SEED), (1, 1, 3)])
def test_the_shuffle_is_torchs_dataloader(n, batch, seed):
    torch = pytest.importorskip("torch")
    from torch.utils.data import DataLoader, TensorDataset

    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    shuffle = TorchShuffle(seed)
    for _ in range(4):
        theirs = [int(i) for (xb,) in loader for i in xb]
        assert shuffle.next_epoch(n).tolist() == theirs


# Every optimizer and every schedule at least once, over the four models, three batch sizes and both seeds.
CASES = [(model, kind, schedule, batch, seed)
         for kind, (model, schedule, batch, seed) in zip(KINDS, [
             ("linear", "constant", 2, 0), ("logistic", "step", 1, 7), ("poly2", "exp", "full", 0),
             ("poly3", "cosine", 2, 7), ("linear", "linear", 1, 0), ("logistic", "cosine", 2, 0),
             ("poly3", "linear", 1, 7)], strict=True)]
CASES = [(*case, "step") for case in CASES]
CASES += [("linear", "adam", "step", 1, 7, "step"), ("poly2", "momentum", "linear", 2, 0, "step"),
          ("logistic", "nesterov", "exp", 2, 7, "step"),
          # the scheduler stepped once an epoch (schedule_every="epoch")
          ("linear", "rmsprop", "cosine", 1, 0, "epoch"), ("poly3", "adamw", "step", 2, 7, "epoch")]


@pytest.mark.parametrize(("model", "kind", "schedule", "batch", "seed", "every"), CASES)
def test_training_matches_a_torch_loop(model, kind, schedule, batch, seed, every):
    check = _check_script()
    differences = check.compare(model, kind, schedule, batch, seed, every)
    assert max(differences.values()) <= check.TOLERANCE, differences
