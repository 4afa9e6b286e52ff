# %% [markdown]
# # Lab: attention heatmap
#
# This lab reruns the [attention-pooling classifier](../attention-taxonomy/#attention-pooling) of
# chapter 7 (PyTorch version) in a notebook, then draws its attention weights on the
# test sequences as a heatmap. The data is synthetic: each sequence is made of random
# tokens, and positive samples hide one keyword at a random position. If the model has
# learned the task, the brightest cell of each positive row should sit on the keyword.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `torch` and
# `matplotlib` are installed.
#
# ## Train the model

# %%
--8<-- "snippets/ch07/attn_pool_torch.py"

# %% [markdown]
# The output above gives the test accuracy and the share of positive samples whose
# largest attention weight falls on the keyword. The weights $\alpha_t$ come out of a
# softmax, so each row sums to 1.
#
# ## Plot the attention weights
#
# Each row is one test sequence and each column one position; the brighter the cell,
# the more weight the model gives that position when it pools the hidden states. Red
# circles mark the keyword's position in the positive samples.

# %% alt="Heat map: one row per test sequence, one column per position, brighter means more attention weight; red circles mark the keyword in positive sequences, and the brightest cell of each positive row sits inside its circle."
--8<-- "snippets/ch07/lab_heatmap.py"

# %% [markdown]
# ## Reading the plot
#
# - Each positive row has a single bright cell, inside its circle: the model puts
#   almost all of its weight on the keyword (more than 0.9 in every positive row here).
# - Negative rows have no keyword, and no position stands out: no weight reaches 0.2,
#   against 0.05 for an even spread over the 20 positions. The model classifies them by
#   *not* finding the keyword.
# - Attention weights show how *this* model pools information; in general they are not
#   a causal explanation by themselves (see [Pitfalls](../attention-taxonomy/#pitfalls) in the chapter).
#
# **Try it:** make the label depend on two tokens that must both appear, or make the
# sequences longer, and see how the heatmap changes.
