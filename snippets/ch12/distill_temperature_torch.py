import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
# a teacher's logits for an image of a 7 that looks a little like a 1 and a 9
z_t = torch.tensor([-2.0, 3.0, -1.0, 1.0, -3.0, -1.0, -4.0, 9.0, 0.0, 2.0])
rng = np.random.default_rng(0)
z_s0 = torch.tensor(rng.normal(size=10))  # a student's logits
K = len(z_t)

probs, norms, scaled = [], [], []
for T in [1, 2, 4, 8, 32]:
    p_t = F.softmax(z_t / T, dim=0)
    z_s = z_s0.clone().requires_grad_()
    kl = F.kl_div(  # input: student log-probabilities, target: teacher probabilities
        F.log_softmax(z_s / T, dim=0), p_t, reduction="sum"
    )
    (grad,) = torch.autograd.grad(kl, z_s)
    p_s = F.softmax(z_s.detach() / T, dim=0)
    assert torch.allclose(grad, (p_s - p_t) / T, atol=1e-12), "dKL/dz_s = (p_s - p_t)/T"
    # the large-T limit: T^2 * gradient -> (z_s - z_t)/K for zero-mean logits
    limit = ((z_s0 - z_s0.mean()) - (z_t - z_t.mean())) / K
    top = p_t.topk(3)
    print(
        f"T={T:2d}: p(7)={p_t[7]:.3f}  next {top.indices[1]}:{top.values[1]:.3f} "
        f"{top.indices[2]}:{top.values[2]:.3f}  |grad|={grad.norm():.4f}  "
        f"T^2|grad|={T**2 * grad.norm():.4f}"
    )
    probs.append(p_t.numpy())
    norms.append(grad.norm().item())
    scaled.append(T**2 * grad.norm().item())
print(f"large-T limit |z_s - z_t|/K (zero-mean logits): {limit.norm():.4f}")
result = {"probs": np.array(probs), "grad_norms": np.array(norms)}

assert norms[-1] < norms[0] / 20, "without T^2 the soft gradient vanishes as T grows"
assert abs(scaled[-1] / limit.norm().item() - 1) < 0.1, "T^2 * gradient nears the limit"
assert max(scaled) < 2 * min(scaled), "with T^2 the gradient keeps its scale"
assert list(top.indices[:3]) == [7, 1, 9], "the soft targets rank 1 and 9 after 7"
