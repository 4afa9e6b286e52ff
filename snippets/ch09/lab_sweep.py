# ruff: noqa: F821
# Run after gen_sample_torch.py in the same kernel: it uses logits, decode_probs,
# sample_chain, measure and res.
import matplotlib.pyplot as plt
import numpy as np

temps = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]
ps = [0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0]
by_t = np.array(
    [measure(sample_chain(decode_probs(logits, t=t).numpy(), 200, 30)) for t in temps]
)
by_p = np.array(
    [measure(sample_chain(decode_probs(logits, p=p).numpy(), 200, 30)) for p in ps]
)
for name, values, table in (("T", temps, by_t), ("p", ps, by_p)):
    for v, (logp, invalid, d2, _r4) in zip(values, table):
        print(
            f"{name}={v:<5} logp {logp:6.2f}  invalid {invalid:5.1%}  distinct-2 {d2:.2f}"
        )

fig, axes = plt.subplots(1, 2, figsize=(11, 4), facecolor="white")
ax = axes[0]
ax.plot(by_t[:, 2], by_t[:, 0], "o-", label="temperature T (top-p off)")
ax.plot(by_p[:, 2], by_p[:, 0], "s--", label="top-p p (T=1)")
for v, row in zip(temps, by_t):
    ax.annotate(f"T={v}", (row[2], row[0]), textcoords="offset points", xytext=(4, 4))
ax.plot(res["true chain"][2], res["true chain"][0], "k*", ms=14, label="true chain")
ax.plot(res["greedy"][2], res["greedy"][0], "rx", ms=10, label="greedy")
ax.set(xlabel="distinct-2 (diversity)", ylabel="true log-prob per valid word (quality)")
ax.legend(fontsize=8)
ax = axes[1]
ax.plot(temps, 100 * by_t[:, 1], "o-")
ax.set(xlabel="temperature T", ylabel="invalid transitions (%)")
fig.tight_layout()
plt.show()

assert np.all(np.diff(by_t[:, 2]) > 0), "diversity grows with T"
assert by_t[0, 0] > by_t[3, 0] > by_t[-1, 0], "quality falls with T"
assert by_t[:4, 1].max() < 0.01 < by_t[-1, 1], "invalid words only at high T"
assert by_p[:, 1].max() < 0.01, "with T=1, no p up to 1 produces many invalid words"
assert by_p[0, 2] < by_p[-1, 2], "a small p is less diverse"
assert res["greedy"][0] > res["true chain"][0], (
    "greedy text is more probable than true text"
)
