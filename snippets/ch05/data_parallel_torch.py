# book: run in a fresh process
import os
import socket
import tempfile

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel as DDP

SEED = 0
WORLD_SIZE, GLOBAL_BATCH, STEPS, LR = 2, 64, 20, 0.1

rng = np.random.default_rng(SEED)
X = rng.standard_normal((STEPS, GLOBAL_BATCH, 8)).astype(np.float32)
Y = (X @ rng.standard_normal(8)).astype(np.float32)


def make_model(seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1)
    )


def flat(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])


def gather(tensor):
    """Every rank's copy of a tensor, stacked (all ranks must call it)."""
    copies = [torch.empty_like(tensor) for _ in range(WORLD_SIZE)]
    dist.all_gather(copies, tensor)
    return torch.stack(copies)


def worker(rank, out_dir):
    dist.init_process_group("gloo", rank=rank, world_size=WORLD_SIZE)
    local = make_model(SEED + rank)  # deliberately different weights on each rank
    before = gather(flat(local))
    model = DDP(local)  # broadcasts rank 0's weights and buffers (CPU: no device_ids)
    after = gather(flat(model.module))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    shard = slice(rank, None, WORLD_SIZE)  # each worker gets half of every batch
    for step in range(STEPS):
        x, y = torch.from_numpy(X[step, shard]), torch.from_numpy(Y[step, shard])
        optimizer.zero_grad()
        loss = torch.mean((model(x)[:, 0] - y) ** 2)
        loss.backward()  # DDP all-reduces (averages) the gradients here
        optimizer.step()
    final = gather(flat(model.module))  # every replica's weights, to compare
    if rank == 0:
        torch.save([before, after, final], os.path.join(out_dir, "weights.pt"))
    dist.destroy_process_group()


if __name__ == "__main__":
    with socket.socket() as s:  # ask the OS for a free port
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    with tempfile.TemporaryDirectory() as out_dir:
        mp.spawn(worker, args=(out_dir,), nprocs=WORLD_SIZE, join=True)
        before, after, replicas = torch.load(os.path.join(out_dir, "weights.pt"))

    # The same model (rank 0's initial weights) trained in one process on the
    # whole batches of 64
    model = make_model(SEED)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    for step in range(STEPS):
        x, y = torch.from_numpy(X[step]), torch.from_numpy(Y[step])
        optimizer.zero_grad()
        torch.mean((model(x)[:, 0] - y) ** 2).backward()
        optimizer.step()

    differ = (before[0] - before[1]).abs().max().item()
    synced = (after[0] - after[1]).abs().max().item()
    from_rank0 = torch.equal(after[1], before[0])
    between = (replicas[0] - replicas[1]).abs().max().item()
    vs_single = (replicas[0] - flat(model)).abs().max().item()
    print(
        f"{WORLD_SIZE} processes, gloo backend, {STEPS} steps of {GLOBAL_BATCH // WORLD_SIZE} samples each"
    )
    print(f"parameters per replica: {replicas.shape[1]}")
    print(f"initial weights, seeds {SEED} and {SEED + 1}: max difference {differ:.2f}")
    print(f"after DDP(...) wraps the models: max difference {synced:.1e}")
    print(f"rank 1 now holds rank 0's initial weights: {from_rank0}")
    print(f"max difference between the replicas: {between:.1e}")
    print(f"matches one process on batches of {GLOBAL_BATCH}: {vs_single < 1e-5}")
    assert differ > 0.1, "the ranks built different initial weights"
    assert synced == 0.0 and from_rank0, "DDP broadcasts rank 0's weights"
    assert between == 0.0, "data parallelism keeps the replicas identical"
    assert vs_single < 1e-5, "averaged gradients = the gradient of the whole batch"
