import numpy as np
import tensorflow as tf

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
rng = np.random.default_rng(0)
# A chain of 5 states. "Left" in state 0 pays +1 and stays there; "right" in the
# last state pays +5 and stays there. Episodes of 20 steps start in state 0.
L, EP_LEN, EPISODES, S = 5, 20, 200, 40  # 40 runs = 4 experiments of 10 seeds
GAMMA, ALPHA, EPS = 0.9, 0.5, 0.3  # Q-learning, epsilon-greedy
T = EP_LEN * EPISODES
explore = tf.constant(rng.random((T, S)) < EPS)  # the same stream as PyTorch
rand_a = tf.constant(rng.integers(2, size=(T, S)))
noise = tf.constant(rng.random((T, S, 2)) * 1e-9)  # breaks ties between actions
boot = tf.constant(rng.integers(10, size=(10_000, 10)))  # bootstrap resamples

Q = tf.Variable(tf.zeros((S, L, 2), tf.float64))


@tf.function
def train():
    returns = tf.TensorArray(tf.float64, size=EPISODES)
    s = tf.zeros(S, tf.int64)
    ret = tf.zeros(S, tf.float64)
    for t in tf.range(T):  # one graph for the whole loop
        if t % EP_LEN == 0:
            s = tf.zeros_like(s)  # a new episode
        q_s = tf.gather(Q, s, batch_dims=1)
        a = tf.where(explore[t], rand_a[t], tf.argmax(q_s + noise[t], 1))
        s2 = tf.clip_by_value(s + 2 * a - 1, 0, L - 1)
        r = 1.0 * tf.cast((s == 0) & (a == 0), tf.float64) + 5.0 * tf.cast(
            (s == L - 1) & (a == 1), tf.float64
        )
        idx = tf.stack([tf.range(S, dtype=tf.int64), s, a], 1)
        q_sa = tf.gather_nd(Q, idx)
        q_next = tf.reduce_max(tf.gather(Q, s2, batch_dims=1), 1)
        Q.scatter_nd_update(idx, q_sa + ALPHA * (r + GAMMA * q_next - q_sa))
        ret += r
        if (t + 1) % EP_LEN == 0:
            returns = returns.write(t // EP_LEN, ret)
            ret = tf.zeros_like(ret)
        s = s2
    return returns.stack()


returns = train()
score = tf.reshape(tf.reduce_mean(returns[-20:], 0), (4, 10))  # last 20 episodes


def summary(x):
    srt = tf.sort(x)
    boot_means = tf.reduce_mean(tf.gather(x, boot), 1).numpy()
    return {
        "mean": tf.reduce_mean(x).numpy(),
        "std": tf.math.reduce_std(x).numpy() * np.sqrt(10 / 9),  # sample std (n - 1)
        "median": tf.reduce_mean(srt[4:6]).numpy(),
        "IQM": tf.reduce_mean(srt[2:8]).numpy(),  # mean of the middle 6 of 10 runs
        "min": srt[0].numpy(),
        "max": srt[-1].numpy(),
        "ci": np.quantile(boot_means, [0.025, 0.975]),  # 95% percentile bootstrap
    }


first = summary(score[0])
print("run           " + " ".join(f"{i:5d}" for i in range(10)))
print("last-20 mean  " + " ".join(f"{v:5.1f}" for v in score[0].numpy()))
print(
    ", ".join(
        f"{k} {first[k]:.1f}" for k in ["mean", "std", "median", "IQM", "min", "max"]
    )
)
print(f"95% bootstrap CI of the mean: [{first['ci'][0]:.1f}, {first['ci'][1]:.1f}]")
print("the same experiment, four times with 10 new runs each:")
result = {}
for g in range(4):
    m = summary(score[g])
    solved = int(tf.reduce_sum(tf.cast(score[g] > 40, tf.int32)))
    result[f"group{g}"] = np.array([m["mean"], m["IQM"], *m["ci"]])
    print(
        f"  runs {10 * g:2d}-{10 * g + 9:2d}: mean {m['mean']:4.1f}  IQM {m['IQM']:4.1f}  "
        f"CI [{m['ci'][0]:4.1f}, {m['ci'][1]:4.1f}]  runs that found the +5: {solved}/10"
    )
solved = tf.reduce_sum(tf.cast(score > 40, tf.int32), 1).numpy()
assert tf.reduce_min(score) < 20 and tf.reduce_max(score) > 50, (
    "runs end near 15 or above 50"
)
assert solved.max() - solved.min() >= 4, "experiments of 10 seeds disagree by 4+ runs"
means = [result[f"group{g}"][0] for g in range(4)]
assert max(means) - min(means) > 15, "their means differ by more than 15"
