# %% [markdown]
# # Lab: attack strength and adversarial training
#
# This lab goes further than [the examples of 11.3](../adversarial/#example-training):
# the same MLP on the 8×8 digits, the same full-batch training and the same PGD attack
# (PyTorch version), but five adversarially trained models instead of two, with training
# budgets $\varepsilon_{\text{train}}$ of 0 (standard training), 0.05, 0.1, 0.15 and 0.2,
# each attacked with PGD-20 at thirteen budgets $\varepsilon$ from 0 to 0.3. A second sweep
# varies the number of PGD steps, from 1 to 100, at $\varepsilon=0.1$, for the standard
# model and the model trained at 0.1. The step size is always $2.5\,\varepsilon$ divided by
# the number of steps.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `torch`, `scikit-learn`,
# `numpy` and `matplotlib` are installed.
#
# ## Two sweeps

# %% alt="Left: test accuracy under PGD-20 against the attack budget eps, from 0 to 0.3, for five models trained at eps 0, 0.05, 0.1, 0.15 and 0.2. All curves fall as eps grows; the standard model's falls fastest, to nearly zero at 0.2, and the models trained at larger eps start lower at eps 0 but stay higher at large eps, so the curves cross. Right: accuracy at eps 0.1 against the number of PGD steps, from 1 to 100 on a log scale, for the standard model (around 0.5 falling to about 0.46) and the model trained at 0.1 (around 0.78 falling to about 0.76); both curves are flat from about 10 steps on."
--8<-- "snippets/ch11/lab_robustness.py"

# %% [markdown]
# What to read in the table and the curves:
#
# - Clean accuracy (the first column) does not rise with the training budget, and training
#   at $\varepsilon=0.2$ costs more than three points of it: the price of robustness grows
#   with the ball it is bought for.
# - Against an attack at 0.1, the model trained at 0.1 gains more than 25 points over the
#   standard model. Against an attack at 0.2, the model trained at 0.2 is clearly better
#   than the one trained at 0.1: robustness is bought for one budget and does not extend
#   far beyond it. The curves cross, so there is no single "most robust" model without a
#   threat model.
# - Every row falls as the attack grows, as it must for a sound evaluation; a defence whose
#   accuracy stayed flat as $\varepsilon$ grew would be a sign of gradient masking.
# - More PGD steps never make the attack noticeably weaker here, and the accuracy has
#   settled by 20 steps: on this small network, 20 steps are enough. Deeper networks need
#   more steps, random restarts, or AutoAttack.
#
# **Try it:** add random restarts to `pgd` and keep, for each image, the restart that fools
# the model; train with FGSM from a random start (one step of $1.25\,\varepsilon$, as in
# Wong et al. 2020) instead of 2-step PGD and compare the cost; or evaluate the models
# trained here under an $L_2$ attack and see how much of their robustness carries over.
