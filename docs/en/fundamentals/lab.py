# %% [markdown]
# # Lab: gradients in deep networks
#
# This lab looks at the vanishing gradients of [chapter 2](../activation-functions/#vanishing-gradients) in a real deep
# network: one multilayer perceptron (MLP) with 15 hidden layers of 64 units, built with
# sigmoid, tanh or ReLU and the initialization that goes with each. We first measure
# the gradient of every layer's weights at initialization, then train the networks on
# scikit-learn's bundled handwritten digits, `load_digits` (8×8 grayscale images, 10
# classes, no download), and compare their loss curves. Finally we count how many ReLU
# units "die" when the learning rate is too large.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `torch`,
# `scikit-learn` and `matplotlib` are installed.
#
# ## Data and network
#
# The first code cell loads the data (standardized per feature, 75% for training, 25%
# for testing) and defines a function that builds the network. Both initializations
# draw the weights from a zero-mean normal distribution and set the biases to 0; only
# the variance differs: Glorot/Xavier initialization (Glorot & Bengio, 2010) uses
# $\mathrm{Var}(W) = 2/(n_\text{in}+n_\text{out})$, He initialization (He et al., 2015)
# uses $\mathrm{Var}(W) = 2/n_\text{in}$. All hidden layers here are 64×64, so Glorot's
# variance is $1/64$ and He's is twice that.

# %%
--8<-- "snippets/ch02/lab_setup.py"

# %% [markdown]
# ## The gradient of every layer at initialization
#
# We compute the cross-entropy loss on the whole training set, backpropagate once, and
# record the norm of each weight matrix's gradient, $\lVert \partial L / \partial W_l
# \rVert$. Layer 1 is next to the input; `out` is the output layer. The vertical axis
# is logarithmic: each grid line is a factor of 100.

# %% alt="Line chart with a logarithmic vertical axis: the gradient norm of each layer's weights in a 15-hidden-layer MLP at initialization. With sigmoid and Glorot it falls from about 0.6 at the output to about 6e-10 at layer 1, with sigmoid and He to about 3e-8; tanh with Glorot and ReLU with He stay between about 0.3 and 1 in every layer; ReLU with Glorot is flat too, but only about 0.003."
--8<-- "snippets/ch02/lab_grad_norms.py"

# %% [markdown]
# ## Reading the plot
#
# - **Sigmoid gradients vanish layer by layer.** Each layer that backpropagation passes
#   through multiplies the gradient by that layer's weights and by the activation's
#   derivative, $\sigma'(z) = \sigma(z)\,(1-\sigma(z)) \le 1/4$. With Glorot
#   initialization, every step towards the input multiplies the gradient by about 0.25
#   (the number printed above); after 15 layers, layer 1 gets about a billionth of the
#   gradient at the output (about 6e-10 against 0.6).
# - **Changing the initialization alone does not save sigmoid.** With He
#   initialization (twice the weight variance) the factor per layer becomes about 0.33,
#   and layer 1 still gets only about 3e-8: the trouble is that $\sigma'$ is at most
#   1/4, and the initialization can only push that factor up a little.
# - **tanh + Glorot and ReLU + He are flat.** tanh has derivative 1 at 0, and Glorot
#   initialization was derived for exactly this nearly linear regime, to keep the
#   variances roughly the same from layer to layer; ReLU zeroes about half of its
#   inputs, and He initialization puts the factor 2 back. On both curves, the hidden
#   layers' gradients stay within a factor of 3 of each other.
# - **ReLU + Glorot is flat too, but about 240 times lower.** Without He's factor 2,
#   every ReLU layer halves the variance of the signal: the forward activations get
#   smaller towards the output, and the backward gradients get smaller towards the
#   input. A layer's weight gradient is the gradient arriving at that layer times the
#   activations coming from the layer below; one factor shrinks with depth while the
#   other grows, so the curve is flat but low. He et al. (2015) made this point with a
#   30-layer ReLU network: with Glorot initialization its training stalls, with theirs
#   it converges.
#
# ## Training curves
#
# The three networks are trained with exactly the same settings for 400 steps:
# minibatches of 64, SGD with momentum 0.9, learning rate 0.03, and the gradient norm
# clipped at 1 (so that the larger learning rate of the next section does not overflow
# into NaN). Each point is the mean loss of the last 20 minibatches. The gray dotted
# line is $\ln 10 \approx 2.303$, the cross-entropy of guessing 1/10 for every class.

# %% alt="Line chart: training loss against step for three 15-layer MLPs on the digits. Sigmoid with Glorot stays on the gray ln 10 ≈ 2.30 line throughout; tanh with Glorot and ReLU with He fall below 0.1 within 400 steps."
--8<-- "snippets/ch02/lab_training.py"

# %% [markdown]
# - **The sigmoid network learns nothing.** Its loss stays near $\ln 10$ and its test
#   accuracy is about 10%, the same as guessing. The last column shows one reason:
#   after 400 steps, layer 1's weights have moved by less than $10^{-8}$ relative to
#   their initial values (in float32 almost all of these tiny updates are rounded
#   away: they are too small to change a weight at all); the layers near the input
#   have barely moved.
# - **The tanh and ReLU networks both learn the task.** Their losses fall below 0.1
#   within a few hundred steps, both reach a test accuracy of about 90% or more, and
#   their layer-1 weights move by roughly 20–40%. On this small data set tanh even
#   goes down a little faster than ReLU: what matters is that the gradient reaches the
#   bottom layers, not that one activation is always better.
#
# ## Dead ReLUs
#
# ReLU outputs 0, with derivative 0, for negative inputs. If a unit outputs 0 for
# **every** example in the training set, its own incoming weights and bias receive no
# gradient at all; such a unit is called a "dead" ReLU. With a learning rate that is
# too large, one big update can push a unit's weights and bias to a place where it no
# longer fires for any input. Below, the same ReLU + He network is trained again with a
# learning rate 10 times larger (0.3), and every 20 steps we count the dead units among
# all 15×64 hidden units.

# %% alt="Line chart: the share of dead ReLU units during training. With learning rate 0.03 it first rises to about 10% and then falls back to about 3–4%; with learning rate 0.3 it rises much higher, to between about a quarter and a half of the units after 400 steps, depending on the machine."
--8<-- "snippets/ch02/lab_dead_relu.py"

# %% [markdown]
# ## Reading the plot
#
# - Even at initialization about 4% of the units are already dead: their
#   pre-activations are negative for every training example.
# - With learning rate 0.3 many more units die: after 400 steps, somewhere between
#   about a quarter and a half of all hidden units, depending on the machine (see the
#   last point). The network also learns much worse: the loss of its last steps stays
#   around 1 or higher, against below 0.1 at 0.03, and its test accuracy stays below
#   that of the run at 0.03, usually far below. With learning rate 0.03 the share of
#   dead units ends at about 3–4%.
# - The curve for 0.03 first rises to about 10% and then comes back down: a dead unit's
#   own weights get no gradient, but its inputs come from the layers below, which keep
#   changing (and momentum keeps moving its weights for a while), so a dead unit in a
#   deeper layer can come back to life. Death is not always permanent, but with too
#   large a learning rate units die much faster than they revive.
# - The usual remedies are a smaller learning rate, or an activation with a small slope
#   for negative inputs such as the leaky ReLU (Maas et al., 2013).
# - **Why your figures for 0.3 may differ from ours.** With steps this large, training
#   is chaotic: the tiny rounding differences between one CPU or math library and
#   another grow from step to step until two runs take visibly different paths. When we
#   changed the inputs by about one part in a million, the run at 0.3 ended with
#   between about 25% and 52% dead units and a test accuracy between about 20% and
#   75%, while the run at 0.03 hardly changed (91–93% accuracy, 3–4% dead units). The
#   conclusion holds on every run; the exact figures do not.
#
# **Try it:** set `DEPTH` to 5 and look at the sigmoid's gradient and training curves
# again; or initialize the ReLU biases to $-0.5$ in `make_mlp` and see how many units
# are dead before training starts.
