# %% [markdown]
# # Lab: optimizers and learning-rate schedules
#
# This lab puts the optimizers and learning-rate schedules of [chapter 5](../) to work
# on two problems. The first is a two-dimensional quadratic, small enough to draw every
# step of SGD, SGD with momentum and Adam on its contour lines. The second is a small
# multilayer perceptron (MLP) trained on scikit-learn's bundled handwritten digits,
# `load_digits` (8×8 grayscale images, 10 classes, no download): we compare SGD, SGD
# with momentum, Adam and AdamW on it, drive `ReduceLROnPlateau` with its real
# validation loss, and train it with learning rates that are too small, about right and
# too large. In between, we read the learning rate out of PyTorch's schedulers step by
# step and check it against the closed-form formulas.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `torch`,
# `scikit-learn` and `matplotlib` are installed.
#
# ## Data and model
#
# The first code cell loads the digits (standardized per feature, 75% for training, 25%
# for validation) and defines the model, an MLP with two hidden layers of 64 ReLU
# units, and the training loop: mini-batches of 64 (the last, incomplete batch of each
# epoch is dropped, which leaves 21 steps per epoch), 20 epochs, cross-entropy loss.
# Every run starts from the same initial weights and sees the mini-batches in the same
# order, so two runs differ only in their optimizer and learning rate.

# %%
--8<-- "snippets/ch05/lab_setup.py"

# %% [markdown]
# ## Three optimizers on a badly conditioned quadratic
#
# With gradient $g_t = \nabla f(w_t)$ and learning rate $\eta$, the three update rules
# are (in the form PyTorch implements them):
#
# - SGD: $w_{t+1} = w_t - \eta\, g_t$;
# - SGD with momentum $\mu$: $b_t = \mu\, b_{t-1} + g_t$, then $w_{t+1} = w_t - \eta\,
#   b_t$ (Polyak's heavy ball; PyTorch's documentation notes that this form differs
#   slightly from the one in Sutskever et al., 2013);
# - Adam (Kingma & Ba, 2015): $m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t$ and
#   $v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2$ per coordinate, corrected to
#   $\hat m_t = m_t / (1-\beta_1^t)$ and $\hat v_t = v_t / (1-\beta_2^t)$, then
#   $w_{t+1} = w_t - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)$, with the defaults
#   $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-8}$.
#
# The function is $f(w) = \tfrac12 (w_1^2 + 25\, w_2^2)$, with its minimum at the
# origin. Its gradient is $(w_1,\ 25\, w_2)$, so one step of plain gradient descent
# multiplies $w_1$ by $1-\eta$ and $w_2$ by $1-25\eta$. The second factor stays inside
# $(-1, 1)$ only for $\eta < 2/25 = 0.08$; at $\eta = 0.07$ it is $-0.75$ (the sign of
# $w_2$ flips at every step) while $w_1$ shrinks by only 7% per step. The cell runs the
# real `torch.optim` classes on a two-element tensor.

# %% alt="Contour plot of f(w) = (w1² + 25·w2²)/2 with 40 steps of three optimizers from (-4.5, 1). SGD with lr 0.07 zigzags across the narrow valley and is still 0.25 from the minimum at the end; SGD with momentum 0.7 and the same lr ends 0.003 from it; Adam with lr 0.3 first moves diagonally, overshoots to w1 ≈ 0.85 and ends 0.22 from the minimum."
--8<-- "snippets/ch05/lab_quadratic.py"

# %% [markdown]
# ## Reading the plot
#
# - **SGD zigzags and crawls.** Along $w_2$ each step multiplies the coordinate by
#   $-0.75$: the path jumps from one wall of the valley to the other. Along $w_1$ it
#   multiplies it by only $0.93$, so after 40 steps SGD is still 0.25 from the minimum.
#   A larger learning rate would speed up $w_1$, but beyond $\eta = 0.08$ the $w_2$
#   coordinate grows at every step and the iteration diverges: the steepest direction
#   sets the largest usable learning rate, the flattest one sets the speed.
# - **Momentum is about 90 times closer after the same 40 steps (0.0028).** Along
#   $w_1$ the gradient keeps its sign, so the buffer $b_t$ accumulates it, and for a
#   constant gradient the step approaches $\eta\, g / (1-\mu)$, here 3.3 times that of
#   SGD; along $w_2$ the gradient changes sign, and the successive contributions
#   partly cancel.
# - **Adam rescales each coordinate.** Its first step is $\eta\,\hat m_1 /
#   (\sqrt{\hat v_1} + \epsilon) = \eta\, g_1/(|g_1| + \epsilon)$, that is $\eta$ times
#   the sign of the gradient: (0.3, −0.3), although the gradient is (−4.5, 25). It
#   therefore moves diagonally, not down the steepest slope. Its $\hat m_t$ is an
#   average of past gradients and acts like momentum: it carries $w_1$ past the minimum
#   to 0.85 before turning back. Per-coordinate scaling does not remove the need to
#   choose $\eta$: here Adam ends about as far from the minimum as SGD.

# %% [markdown]
# ## Four optimizers on the digits
#
# AdamW (Loshchilov & Hutter, 2019) is Adam with *decoupled* weight decay: PyTorch's
# `AdamW` first multiplies the weights by $1 - \eta\lambda$, then takes the Adam step,
# $w_{t+1} = (1-\eta\lambda)\, w_t - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)$.
# `Adam(weight_decay=λ)` instead adds $\lambda w_t$ to the gradient, which then goes
# through $\hat m_t$ and $\hat v_t$ like the rest of the gradient: that is an L2
# penalty, and under Adam it is not the same thing. Each optimizer below has a common
# learning rate for its kind (0.05 for SGD, $10^{-3}$ for Adam); none was tuned.

# %% alt="Line chart with a logarithmic vertical axis: training loss per epoch of the same MLP on the digits over 20 epochs. SGD with lr 0.05 ends at 0.12, Adam and AdamW with lr 1e-3 at 0.026 and 0.028 on almost the same curve, SGD with momentum 0.9 and lr 0.05 at 0.0026."
--8<-- "snippets/ch05/lab_optimizers.py"

# %% [markdown]
# - **At the same learning rate, momentum trains much faster than plain SGD** (0.0026
#   against 0.12 after 20 epochs). Part of the reason is the one seen on the
#   quadratic: with $\mu = 0.9$ and a gradient that keeps its direction, the step
#   approaches $\eta/(1-\mu) = 10\eta$.
# - **The lowest training loss is not the best model.** SGD with momentum has the
#   lowest training loss but the highest validation loss (0.23, against 0.13 for Adam);
#   all four reach 95–97% validation accuracy. Compare optimizers on held-out data.
# - **Adam and AdamW lie almost on top of each other.** With $\eta = 10^{-3}$ and
#   $\lambda = 0.1$, each step multiplies the weights by $1 - \eta\lambda = 0.9999$;
#   on its own, 420 such steps would shrink them by 4%, and the gradient pulls back
#   part of that: AdamW's weights end 2% smaller in norm (11.02 against 11.27). Decoupled weight
#   decay is a regularizer whose effect builds up over long training, not a way to
#   train faster.
#
# ## Learning-rate schedules
#
# A scheduler changes the optimizer's learning rate each time its `step()` is called;
# call it after `optimizer.step()`. Here it is called once per optimizer step, $T =
# 100$ steps from $\eta_0 = 0.1$; many training scripts call it once per epoch instead.
# The three schedules, with $t = 0, 1, \dots$ counting the calls:
#
# - `StepLR`: $\eta_t = \eta_0\, \gamma^{\lfloor t/s \rfloor}$, here $s = 30$,
#   $\gamma = 0.1$;
# - `ExponentialLR`: $\eta_t = \eta_0\, \gamma^t$, here $\gamma = 0.96$;
# - linear warm-up over $W = 10$ steps, then cosine annealing (Loshchilov & Hutter,
#   2017, without restarts), joined by `SequentialLR`: $\eta_t = \eta_0\, (t+1)/W$ for
#   $t < W$, and $\eta_t = \tfrac12 \eta_0 \bigl(1 + \cos(\pi\, (t-W)/(T-W))\bigr)$ for
#   $t \ge W$. `LinearLR(start_factor=1/W, total_iters=W-1)` gives the first part,
#   `CosineAnnealingLR(T_max=T-W)` the second. Goyal et al. (2017) used a warm-up like
#   this to train with large minibatches.
#
# The cell reads the learning rate of each step from the optimizer and checks it
# against the formula.

# %% alt="Line chart of the learning rate against the optimizer step for 100 steps from 0.1: StepLR stays at 0.1 until step 29 and drops tenfold at steps 30, 60 and 90; ExponentialLR falls smoothly to 0.0018; the warm-up schedule rises linearly from 0.01 to 0.1 over the first 10 steps, then follows a half cosine down to nearly 0."
--8<-- "snippets/ch05/lab_schedules.py"

# %% [markdown]
# - All three schedulers agree with their formulas to within $10^{-16}$, a few units
#   in the last place of a double: `CosineAnnealingLR` and `ExponentialLR` compute
#   each value from the previous one (the cosine by the ratio of two consecutive
#   closed-form values), not from the formula directly.
# - The warm-up starts at $\eta_0/W = 0.01$ and reaches $\eta_0$ at step 9. Step 10,
#   the first of the cosine ($t - W = 0$), is also $\eta_0$; the cosine is at half
#   height, 0.05, at step 55, halfway through its 90 steps, and its last value (step
#   99) is $3\times 10^{-5}$, not 0: the cosine would reach 0 at step 100, which is
#   never used.
#
# ## ReduceLROnPlateau driven by the validation loss
#
# `ReduceLROnPlateau` does not follow a formula in $t$: after each epoch it receives a
# measured value, here the validation loss, and multiplies the learning rate by
# `factor` when that value has not improved for long enough. In PyTorch an epoch
# counts as an improvement when its loss is below $(1 - 10^{-4})$ times the best loss
# so far (`threshold=1e-4`, `threshold_mode="rel"`); the learning rate is lowered when
# the number of epochs without improvement becomes **greater than** `patience`, that is
# after `patience + 1` of them, and the count starts again. Below, SGD with momentum
# 0.9 starts at 0.1, with `factor=0.5` and `patience=2`, for 30 epochs. The cell also
# writes the rule out in NumPy and checks that it gives the same learning rate as
# PyTorch in every epoch.

# %% alt="Two stacked charts sharing the epoch axis. Top: the validation loss reaches its best, 0.148, in epoch 6 and then stays near 0.15, while the training loss keeps falling to about 0.001. Bottom: the learning rate, on a log scale, is 0.1 up to epoch 9 and is halved before epochs 10, 13, 16, 19, 22, 25 and 28, to about 0.0008."
--8<-- "snippets/ch05/lab_plateau.py"

# %% [markdown]
# - The validation loss is best in epoch 6 (0.148). Epochs 7, 8 and 9 do not beat it;
#   after the third, the count (3) exceeds `patience` (2) and epoch 10 runs at 0.05.
# - After that the validation loss never improves again, so the learning rate is
#   halved every 3 epochs, down to $0.1 \cdot 0.5^7 \approx 0.0008$, while the training
#   loss keeps falling. The network is overfitting, and a smaller learning rate does
#   not cure that: the scheduler only sees that the loss stopped improving, not why.
#   Pair it with early stopping, which would have kept the weights of epoch 6.
# - Keras' `keras.callbacks.ReduceLROnPlateau` counts differently: in Keras 3.15 it
#   lowers the learning rate as soon as the count *reaches* `patience`, one epoch
#   earlier than PyTorch for the same number (see `keras/src/callbacks/reduce_lr_on_plateau.py`).
#   It also compares with an absolute `min_delta` instead of a relative threshold.
#
# ## Too small, about right, too large
#
# On the quadratic, plain gradient descent converges only for $\eta < 2/25$: a step
# along the steepest direction multiplies the error by $1 - 25\eta$, and beyond that
# bound its magnitude exceeds 1 and grows at every step. A network has no single
# curvature, but the same thing happens. The last cell trains the MLP with three
# learning rates for plain SGD and three for Adam, and plots the loss of every
# mini-batch. One of the original posts claimed that Adam "adjusts the learning rate
# automatically, so you can pick a relatively large initial learning rate"; the Adam
# panel tests that.

# %% alt="Two stacked charts of the mini-batch loss, log scale, over 420 steps. SGD: with lr 0.001 the loss stays near ln 10 ≈ 2.30; with lr 0.1 it falls to about 0.05; with lr 10 it explodes to 7e23 in step 8, off the chart, then stays near ln 10. Adam: with lr 1e-5 the loss stays near ln 10; with lr 1e-3 it falls to about 0.03; with lr 0.3 it jumps to about 100 in step 2 and then stays near ln 10."
--8<-- "snippets/ch05/lab_lr_range.py"

# %% [markdown]
# - **Too small:** after 420 steps the loss has barely left $\ln 10$ (2.27 for SGD at
#   $10^{-3}$, 2.24 for Adam at $10^{-5}$) and the validation accuracy is 15–18%.
#   Nothing has gone wrong; training is just far too slow.
# - **About right:** SGD at 0.1 and Adam at $10^{-3}$ both reach 97% validation
#   accuracy.
# - **Too large:** SGD at 10 diverges: each step overshoots further than the last, and
#   the loss grows from 2.3 in step 1 to about 500 in step 4 and to $7\times 10^{23}$
#   in step 8. Adam at 0.3 does not blow up like that, because its step in each coordinate is
#   roughly bounded by $\eta$ (Kingma & Ba, 2015, section 2.1), but its loss still jumps
#   to about 100 in step 2. Both runs then sit near $\ln 10$ with about 10% accuracy,
#   the level of a uniform guess: the huge steps have left the network in a state it
#   does not recover from (in ReLU networks, units that have died are one common cause;
#   see the [chapter 2 lab](../../fundamentals/lab/)).
# - So Adam does not pick the learning rate for you. It divides each coordinate's step
#   by a running estimate of that coordinate's gradient size, which changes the
#   *relative* step sizes, but the overall scale is still $\eta$, and $\eta$ too large or
#   too small fails just as it does for SGD. Its common default $10^{-3}$ is a good
#   starting point, and a search over learning rates should be done on a log scale.
#
# **Try it:** give the quadratic a condition number of 100 (`KAPPA = 100.0`, and a
# learning rate below $2/100$) and see how much slower SGD gets; replace
# `ReduceLROnPlateau` by the warm-up and cosine schedule in the training loop; or
# find, for SGD, the largest learning rate that still trains.
#
# ## References
#
# - B. T. Polyak, [Some methods of speeding up the convergence of iteration
#   methods](https://doi.org/10.1016/0041-5553%2864%2990137-5), USSR Computational
#   Mathematics and Mathematical Physics, 1964 (momentum, "heavy ball").
# - I. Sutskever, J. Martens, G. Dahl, G. Hinton, [On the importance of initialization
#   and momentum in deep learning](https://proceedings.mlr.press/v28/sutskever13.html),
#   ICML 2013.
# - D. P. Kingma, J. Ba, [Adam: A Method for Stochastic
#   Optimization](https://arxiv.org/abs/1412.6980), ICLR 2015.
# - I. Loshchilov, F. Hutter, [Decoupled Weight Decay
#   Regularization](https://arxiv.org/abs/1711.05101), ICLR 2019 (AdamW).
# - I. Loshchilov, F. Hutter, [SGDR: Stochastic Gradient Descent with Warm
#   Restarts](https://arxiv.org/abs/1608.03983), ICLR 2017 (cosine annealing).
# - P. Goyal et al., [Accurate, Large Minibatch SGD: Training ImageNet in 1
#   Hour](https://arxiv.org/abs/1706.02677), 2017 (gradual warm-up).
# - PyTorch documentation: [`torch.optim`](https://docs.pytorch.org/docs/stable/optim.html)
#   (SGD, Adam, AdamW and the learning-rate schedulers).
