# %% [markdown]
# # Lab: decoding settings for text generation
#
# This lab continues [the second example of 9.4](../text-generation/#example-sampling):
# it retrains the tiny bigram language model on text from the known Markov chain
# (PyTorch version), then sweeps the temperature $T$ and the top-p threshold $p$ and plots
# the quality of the generated text (its average log-probability per word under the
# *true* chain) against its diversity (distinct-2). Because the true generator is known,
# both axes can be measured exactly, which is never the case for real text.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `torch`, `numpy` and
# `matplotlib` are installed.
#
# ## Train the model and decode it eight ways

# %%
--8<-- "snippets/ch09/gen_sample_torch.py"

# %% [markdown]
# ## Sweeping the temperature and the top-p threshold
#
# Each setting generates 200 texts of 30 words. The temperature sweep uses no top-p; the
# top-p sweep uses $T=1$.

# %% alt="Left: quality (true log-probability per valid word) against diversity (distinct-2) for seven temperatures from 0.25 to 3 and seven top-p thresholds from 0.3 to 1, with the true chain as a star and greedy decoding as a cross. Raising T or p moves the points to the right and down; small p ends next to greedy. Right: the share of invalid transitions against T, near zero up to T=1 and rising steeply at T=2 and 3."
--8<-- "snippets/ch09/lab_sweep.py"

# %% [markdown]
# - Quality and diversity pull in opposite directions: raising $T$ buys
#   diversity with log-probability, and greedy decoding sits at the extreme top left,
#   with the highest log-probability and almost no diversity.
# - The true chain is not at the top: real text is less probable, word by word, than what a
#   likelihood-maximizing decoder writes. That is the observation of Holtzman et al. (2020)
#   on human text and beam search.
# - Low temperatures never write invalid words; high temperatures lift the tiny
#   probabilities the model left on impossible transitions until they are sampled.
# - With $T=1$, no top-p threshold writes more than 1% invalid words: the tail that
#   top-p removes is the one that holds them. A small $p$ collapses towards greedy.
#
# **Try it:** combine $T=2$ with $p=0.9$; replace top-p by top-k with $k=2$ and look at
# the words after "sees", which has only two valid successors; or train the model for 10
# steps instead of 60 and see how the invalid share at $T=1$ changes.
