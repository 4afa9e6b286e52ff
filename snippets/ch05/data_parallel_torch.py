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


def make_model():
    torch.manual_seed(SEED)  # the same initial weights everywhere
    return torch.nn.Sequential(
        torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1)
    )


def flat(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])


def worker(rank, out_dir):
    dist.init_process_group("gloo", rank=rank, world_size=WORLD_SIZE)
    model = DDP(make_model())  # CPU: no device_ids
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    shard = slice(rank, None, WORLD_SIZE)  # each worker gets half of every batch
    for step in range(STEPS):
        x, y = torch.from_numpy(X[step, shard]), torch.from_numpy(Y[step, shard])
        optimizer.zero_grad()
        loss = torch.mean((model(x)[:, 0] - y) ** 2)
        loss.backward()  # DDP all-reduces (averages) the gradients here
        optimizer.step()
    # Gather every replica's weights to compare them
    weights = flat(model.module)
    gathered = [torch.empty_like(weights) for _ in range(WORLD_SIZE)]
    dist.all_gather(gathered, weights)
    if rank == 0:
        torch.save(torch.stack(gathered), os.path.join(out_dir, "weights.pt"))
    dist.destroy_process_group()


if __name__ == "__main__":
    with socket.socket() as s:  # ask the OS for a free port
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    with tempfile.TemporaryDirectory() as out_dir:
        mp.spawn(worker, args=(out_dir,), nprocs=WORLD_SIZE, join=True)
        replicas = torch.load(os.path.join(out_dir, "weights.pt"))

    # The same model trained in one process on the whole batch of 64
    model = make_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    for step in range(STEPS):
        x, y = torch.from_numpy(X[step]), torch.from_numpy(Y[step])
        optimizer.zero_grad()
        torch.mean((model(x)[:, 0] - y) ** 2).backward()
        optimizer.step()

    between = (replicas[0] - replicas[1]).abs().max().item()
    vs_single = (replicas[0] - flat(model)).abs().max().item()
    print(
        f"{WORLD_SIZE} processes, gloo backend, {STEPS} steps of {GLOBAL_BATCH // WORLD_SIZE} samples each"
    )
    print(f"parameters per replica: {replicas.shape[1]}")
    print(f"max difference between the replicas: {between:.1e}")
    print(f"matches one process on batches of {GLOBAL_BATCH}: {vs_single < 1e-5}")
    assert between == 0.0, "data parallelism keeps the replicas identical"
    assert vs_single < 1e-5, "averaged gradients = the gradient of the whole batch"
