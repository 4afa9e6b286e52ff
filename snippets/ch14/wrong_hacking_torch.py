import numpy as np
import torch

torch.set_num_threads(1)
rng = np.random.default_rng(0)
# A corridor of cells 0..6: start at 0, goal at 6 (+10, the episode ends).
# A coin at cell 2 pays +1 each time the agent steps onto it (it respawns).
N, COIN, GOAL, LIMIT = 7, 2, 6, 50  # cells, coin, goal, steps per episode
GAMMA, ALPHA, EPS, T, S = 0.99, 0.5, 0.2, 6000, 10  # T steps of training, S seeds
SPECS = ["goal only", "goal + coin", "goal + shaping"]  # three reward designs
B = len(SPECS) * S  # all runs side by side
coin_on = torch.tensor(np.repeat([0.0, 1.0, 0.0], S))
shape_on = torch.tensor(np.repeat([0.0, 0.0, 1.0], S))
explore = torch.tensor(rng.random((T, B)) < EPS)  # the same random stream as TensorFlow
rand_a = torch.tensor(rng.integers(2, size=(T, B)))
noise = torch.tensor(rng.random((T + 1, B, 2)) * 1e-9)  # breaks ties between actions
Q = torch.zeros((B, N, 2), dtype=torch.float64)
rows = torch.arange(B)


def move(s, a):
    s2 = (s + 2 * a - 1).clamp(0, N - 1)  # a = 0: left, a = 1: right
    goal = (s2 == GOAL).double()
    coin = ((s2 == COIN) & (s != COIN)).double()
    return s2, goal, coin


s = t_ep = torch.zeros(B, dtype=torch.int64)
finished = torch.zeros(B, dtype=torch.float64)
for t in range(T):
    a = torch.where(explore[t], rand_a[t], (Q[rows, s] + noise[t]).argmax(1))
    s2, goal, coin = move(s, a)
    # Potential-based shaping (Ng et al. 1999): F = gamma * phi(s') - phi(s), phi = cell.
    shaping = GAMMA * s2.double() * (1 - goal) - s.double()
    r = 10 * goal + coin_on * coin + shape_on * shaping
    target = r + GAMMA * (1 - goal) * Q[rows, s2].max(1).values
    q_sa = Q[rows, s, a]
    Q[rows, s, a] = q_sa + ALPHA * (target - q_sa)
    t_ep = t_ep + 1
    reset = (goal > 0) | (t_ep >= LIMIT)  # a time limit is not a terminal state
    s, t_ep = torch.where(reset, 0, s2), torch.where(reset, 0, t_ep)
    finished += goal
finished = finished.numpy()

# The greedy policy, one episode: coins picked up and whether it reaches the goal.
s, coins, reached = torch.zeros(B, dtype=torch.int64), np.zeros(B), np.zeros(B)
for _ in range(LIMIT):
    a = (Q[rows, s] + noise[T]).argmax(1)
    s, goal, coin = move(s, a)
    coins += (1 - reached) * coin.numpy()
    reached = np.maximum(reached, goal.numpy())
    s = torch.where(goal > 0, GOAL, s)  # stays at the goal

result = {"coins": coins, "reached": reached, "finished": finished}
print(
    f"{'reward':15s} {'training episodes finished':>26s} {'greedy: coins':>13s} {'reaches goal':>12s}"
)
for i, name in enumerate(SPECS):
    sl = slice(i * S, (i + 1) * S)
    print(
        f"{name:15s} {finished[sl].mean():26.1f} {coins[sl].mean():13.1f} {reached[sl].mean():12.0%}"
    )
c, g = coins.reshape(3, S), reached.reshape(3, S)
assert (g[1] == 0).all() and (g[0] == 1).all(), (
    "the coin agent never finishes, the other always"
)
assert c[1].min() >= 20 > c[0].max(), "but it collects 20 or more coins in 50 steps"
assert (g[2] == 1).all(), "potential-based shaping keeps the goal-reaching policy"
