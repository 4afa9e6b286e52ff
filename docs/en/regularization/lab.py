# %% [markdown]
# # Lab: overfitting curves and a random search
#
# This lab draws the curves behind [chapter 4](../): the training and validation loss of
# an MLP that overfits 200 handwritten digits, next to the same network with an L2
# penalty and dropout; then the result of a random search over the learning rate. The
# data are scikit-learn's bundled `load_digits` (8×8 grayscale images, 10 classes, no
# download): 200 images for training, with 20% of their labels replaced by random
# classes, and 600 correctly labelled images for validation, as in the chapter.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `torch`,
# `scikit-learn` and `matplotlib` are installed.
#
# ## Data and network
#
# The first cell loads and splits the data and defines the network (64 → 256 → 256 → 10
# with ReLU, optional dropout after each hidden layer) and a training function. Training
# is full-batch Adam, one step per epoch; after each step it records the cross-entropy
# on the training and validation sets without the penalty and without dropout, so that
# the two curves are measured the same way.

# %%
--8<-- "snippets/ch04/lab_setup.py"

# %% [markdown]
# ## Training and validation loss
#
# Both networks start from the same initial weights and train for 200 epochs. The
# right-hand network has an L2 penalty of $\lambda = 10^{-3}$ on all weight matrices
# ($\lambda \sum w^2$ added to the loss) and dropout with rate 0.5 after both hidden
# layers. Training uses Adam, so this is the coupled L2 penalty of the chapter: Adam
# rescales the penalty's gradient like the rest, as
# [section 4.2](../weight-penalties/#example-overfit-l2-l1) explains. The vertical axis is logarithmic; the dotted line marks the epoch with the
# lowest validation loss, where early stopping would keep the weights.

# %% alt="Two line charts side by side with a logarithmic vertical axis: cross-entropy against epoch for a 256-256 MLP trained on 200 digits, 20% of them with random labels. Left, without regularization: the training loss falls to about 0.01, while the validation loss reaches its lowest value, about 0.6, around epoch 40 and then climbs to about 1.5 by epoch 200. Right, with L2 and dropout: the training loss falls slowly, to about 0.4 at epoch 200, and the validation loss reaches about 0.56 around epoch 150 and ends near 0.6."
--8<-- "snippets/ch04/lab_curves.py"

# %% [markdown]
# ## Reading the plot
#
# - **Without regularization the validation loss turns around.** It is lowest around
#   epoch 40 (about 0.6) and then rises to about 1.5, while the training loss keeps
#   falling to about 0.01: the network is memorizing the random labels, and its confident
#   mistakes on the validation set cost more and more cross-entropy. Its final validation
#   accuracy is about 0.68.
# - **With L2 and dropout the curves stay together.** The training loss falls slowly,
#   to about 0.4 after 200 epochs (far from fitting the random labels); the validation
#   loss reaches its minimum, about 0.56, much later, around epoch 150, and barely rises
#   afterwards; the final validation accuracy is about 0.82.
# - **Early stopping would help the left network most.** Stopping at its best epoch
#   keeps a validation loss of about 0.6 instead of 1.5; on the right, the epoch matters
#   much less.

#
# ## Random search over the learning rate
#
# The second experiment draws 24 learning rates log-uniformly between $10^{-5}$ and 1,
# trains a smaller network (two hidden layers of 128 units) for 30 epochs with each, and
# plots the validation accuracy after the last epoch against the learning rate on a
# logarithmic axis.

# %% alt="Scatter plot on a logarithmic horizontal axis: validation accuracy after 30 epochs for 24 Adam learning rates drawn log-uniformly between 1e-5 and 1. Below 1e-4 and above 0.1 the accuracy stays below 0.3, mostly near 0.1, the level of guessing; between them it rises to a best of about 0.86 at a learning rate of about 0.002, marked with a star, and falls back to about 0.7 to 0.76 between 0.03 and 0.07."
--8<-- "snippets/ch04/lab_search.py"

# %% [markdown]
# The best of the 24 trials has a learning rate of about 0.002 and a validation accuracy
# of about 0.86 (the labels are noisy, so this is lower than in the chapter's search).
# Learning rates below $10^{-4}$ are far too small for 30 epochs, and those above 0.1 are
# far too large: none of them reaches 0.3, and most stay at the accuracy of guessing,
# 0.1. Drawing the rates
# log-uniformly spreads the trials evenly over the five decades; a uniform draw between
# 0 and 1 would have put nine in ten of them above 0.1.
#
# **Try it:** set `NOISE = 0` in the first cell and run the lab again: without random
# labels, how far does the unregularized validation loss still climb?

