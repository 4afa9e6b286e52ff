# %% [markdown]
# # Lab: GAN training dynamics
#
# This lab continues [the ring example of 13.2](../stabilizing/#measured-on-the-ring).
# The real data is again the ring of 8 Gaussians of 13.2 (radius 2, standard deviation
# 0.02, narrower than 13.1's 0.05), and the generator is frozen at its starting point,
# a blob of standard deviation 0.3 at the origin. Against it we train, for 1,000 steps
# and on four seeds side by side, four networks of the same size (2 → 64 → 64 → 1):
#
# - a standard discriminator (binary cross-entropy, Adam);
# - the same discriminator with spectral normalization (one power iteration per step);
# - a WGAN critic with weights clipped to $[-0.01, 0.01]$ and RMSProp at learning rate
#   $5\cdot10^{-5}$, the settings of the WGAN paper;
# - a WGAN-GP critic ($\lambda=10$, Adam).
#
# As training goes on we measure the quantity the generator would learn from: the mean
# norm of the gradient of its loss with respect to its samples. For the standard
# discriminator there are two curves, one for the original loss $\log(1-D(x))$ and one for
# the non-saturating $-\log D(x)$; for the spectrally normalized one the original loss.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `numpy`, `torch` and
# `matplotlib` are installed.
#
# ## Gradient against training steps

# %% alt="Log-log plot of the mean gradient norm at the generated samples against the number of discriminator or critic training steps, from 1 to 1,000, averaged over 4 seeds. The dashed curve for the standard GAN with the saturating loss rises to about 0.5 and then falls by several orders of magnitude; the dashed non-saturating curve keeps rising to about 5. The solid curves stay flat at the end: WGAN-GP near 1, the spectrally normalized discriminator with the saturating loss near 0.2, and the weight-clipped critic about a thousand times lower, near 0.001."
--8<-- "snippets/ch13/lab_gradients.py"

# %% [markdown]
# What to read in the curves:
#
# - With the original loss, the gradient reaching the generator falls by more than a
#   factor of 1,000 from its peak once the discriminator separates the blob from the
#   ring: the vanishing gradient of Arjovsky & Bottou (2017), on a problem with two
#   dimensions.
# - The non-saturating loss does not vanish: after 1,000 steps its gradient is still above
#   1, and it grew with the discriminator's confidence, not with anything the generator
#   did.
# - Spectral normalization removes the vanishing gradient even with the original loss:
#   at the end the gradient is still more than half of its peak. A 1-Lipschitz network
#   cannot push its logit to extreme values between points that are only about 2 apart,
#   so the sigmoid never saturates.
# - The clipped critic's gradient stays below 0.01 throughout: clipping bounds the
#   Lipschitz constant by a number set by $c$ and the network's size, not by 1. That
#   alone only rescales the Wasserstein estimate; the trouble Gulrajani et al. (2017)
#   describe is what a clipped critic can represent, which a problem this small does not
#   show.
# - The WGAN-GP critic's gradient ends between 0.8 and 1.3, as its penalty asks.
#
# **Try it:** move the blob closer to the ring (a standard deviation of 1.5 instead of
# 0.3) and see whether the original loss still vanishes; clip at $c=0.1$ instead of 0.01;
# or unfreeze the generator and train the whole GAN, counting the modes of the ring it
# covers every 500 steps, as in [13.1](../gan-game/#ring-of-gaussians).
