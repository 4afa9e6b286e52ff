# %% [markdown]
# # Lab: how many layers to transfer
#
# This lab reruns the [transfer comparison](../transfer-learning/#example-transfer-compare)
# of section 6.1 (PyTorch version) in a notebook, then asks the question Yosinski et al.
# (2014) asked of ImageNet networks: which layers of a pretrained trunk are worth
# reusing? The trunk has two hidden layers, pretrained on the digits 0–4; the target
# is the digits 5–9, shifted in a 10×10 canvas, with 20 labelled images per class.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `torch`, `scikit-learn`
# and `matplotlib` are installed.
#
# ## Pretrain, then compare the three strategies

# %%
--8<-- "snippets/ch06/transfer_compare_torch.py"

# %% [markdown]
# The table is the one on the page: fine-tuning leads with 5 labels per class, and
# frozen features fall behind as the labels grow.
#
# ## Copy the first k layers
#
# Now copy only the first $k$ Linear layers of the pretrained trunk ($k = 0$ is training
# from scratch, $k = 2$ the whole trunk), initialize the rest at random, and train with
# 20 labels per class. The copied layers are either frozen or fine-tuned with a learning
# rate ten times smaller than the rest; every bar is a mean of three seeds.

# %% alt="Bar chart of test accuracy on digits 5-9 with 20 labels per class, for 0, 1 or 2 pretrained layers copied, each with the copied layers frozen or fine-tuned. With 2 frozen layers the accuracy drops well below training from scratch; with 1 copied layer both bars are at or above scratch, and fine-tuning it gives the highest bar."
--8<-- "snippets/ch06/lab_transfer_layers.py"

# %% [markdown]
# ## Reading the plot
#
# - **The first layer is general.** Copied and frozen, it does about as well as training
#   from scratch, and fine-tuned it gives the best bar of all: the first layer of the
#   pretrained trunk detects shifted strokes that the digits 5–9 are made of too.
# - **The last hidden layer is specific.** Freezing both layers is clearly worse than
#   training from scratch: the second layer was trained to separate 0–4, and with it
#   frozen the head cannot recover what it discarded. This is the general-to-specific
#   picture of Yosinski et al., on a network with two hidden layers.
# - **Fine-tuning repairs most of it.** With both layers copied and fine-tuned, the
#   network is back above scratch, but here not as high as with only the first layer
#   copied: the second layer's start is tuned to the wrong classes.
#
# **Try it:** change `N` to 5 or 100 and see whether the best $k$ moves; or pretrain on
# the pixel-shuffled digits of [6.2](../fine-tuning/#example-negative) and check which
# layers still transfer.
