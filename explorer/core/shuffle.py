"""The order a mini-batch run visits the points in: PyTorch's, for the same seed.

A run with batch size B < n takes each epoch's points in a new order.  The order here is,
index for index, the one ``torch.utils.data.DataLoader(dataset, batch_size=B, shuffle=True,
generator=torch.Generator().manual_seed(seed))`` gives (``num_workers=0``, ``drop_last=False``),
so a PyTorch script written from the lesson trains on the same batches and its losses
match the app's step for step.  Checked against torch 2.13 (``scripts/check_with_torch.py``).

How torch makes them (ATen's ``randperm_cpu`` and ``torch.utils.data``):

- The generator is MT19937 seeded as ``std::mt19937(seed)``; numpy's legacy
  ``RandomState(seed)`` seeds its MT19937 the same way, so their raw 32-bit draws agree.
- ``randperm(n)`` is a Fisher–Yates shuffle from the front: ``r = [0 … n−1]``; for
  i = 0 … n−2, z = draw % (n − i), swap r[i] and r[i + z] (for n below 2³²/20).
- Each epoch the DataLoader's iterator first draws its base seed (one int64: two draws),
  then its ``RandomSampler`` yields ``randperm(n)`` and, when it is exhausted, makes a
  second ``randperm(n)`` of which it keeps ``[:0]`` — n − 1 draws spent for nothing.
"""

from __future__ import annotations

import numpy as np

__all__ = ["TorchShuffle", "MAX_SEED"]

MAX_SEED = 2**32 - 1  #: numpy's legacy MT19937 seeding takes 32-bit seeds (torch's would take more)


class TorchShuffle:
    """The epoch orders of one seeded run: :meth:`next_epoch` (n,) int64 indices, each
    epoch's in turn, as the DataLoader above yields them."""

    def __init__(self, seed: int):
        if not 0 <= int(seed) <= MAX_SEED:
            raise ValueError(f"the seed is a whole number from 0 to {MAX_SEED}; got {seed}")
        self.seed = int(seed)
        self._draws = np.random.RandomState(self.seed)._bit_generator  # MT19937, std::mt19937's seeding

    def next_epoch(self, n: int) -> np.ndarray:
        """The order (n,) of the next epoch's n points."""
        draws = self._draws
        draws.random_raw(2)  # the iterator's base seed
        order = self._randperm(n)
        draws.random_raw(max(0, n - 1))  # the sampler's last, empty slice of a second permutation
        return order

    def _randperm(self, n: int) -> np.ndarray:
        order = list(range(n))
        if n > 1:
            # The draws at once (raw 32-bit values), then torch's swaps, in order: each swap
            # depends on the ones before, so this loop is the algorithm, not a missed vectorisation.
            spans = np.arange(n, 1, -1, dtype=np.uint64)
            offsets = (self._draws.random_raw(n - 1) % spans).tolist()
            for i, z in enumerate(offsets):
                j = i + z
                order[i], order[j] = order[j], order[i]
        return np.array(order, dtype=np.int64)
