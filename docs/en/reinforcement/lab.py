# %% [markdown]
# # Lab: learning curves over seeds
#
# [Section 14.4](../what-goes-wrong/#seeds) showed, on a tabular problem, how much single
# runs of the same algorithm differ. This lab does the same with a neural policy on
# CartPole: REINFORCE with a learned baseline, as in
# [14.3](../policy-gradient/#baseline), trained with five seeds for 60 updates of 8
# episodes each (480 episodes per seed). The environment is `CartPole-v1`'s dynamics
# and rules written in NumPy, as in [14.2](../dqn/#cartpole): reward 1 per step, the
# episode ends when the pole leans past 12° or the cart leaves ±2.4, and at 500 steps.
# Each seed fixes both the network's initial weights and the random numbers that pick
# actions and starting states.
#
# The figure shows each seed's learning curve (the mean return of the 8 episodes of
# each update), their mean, and a 95% bootstrap band of the mean: at each update the 5
# seeds are resampled with replacement 2,000 times, and the band holds the middle 95%
# of the resampled means.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `numpy`, `torch` and
# `matplotlib` are installed.
#
# ## Five seeds

# %% alt="Return against the number of episodes played, from 8 to 480, for five seeds of REINFORCE with a baseline on CartPole (thin coloured lines), their mean (thick black line) and a grey 95% bootstrap band around the mean. All curves start near 20 and rise, slowly at first and steeply between about 200 and 350 episodes, towards the maximum of 500; the seeds rise at different times, and at least one curve falls back for a while after reaching a high point, which widens the band."
--8<-- "snippets/ch14/lab_curves.py"

# %% [markdown]
# What to read in the curves:
#
# - Every seed learns: each one's mean return over its last 5 updates is more than three
#   times that of its first 5, and the mean over seeds ends above 150 (the code asserts
#   both).
# - But they do not learn at the same time, nor smoothly. At some update the best and the
#   worst seed differ by more than 150 (asserted too): a single curve would have told you
#   either story. Look for a curve that falls back after a high point: a policy-gradient
#   step with too large a learning rate can undo what was learned, and the return does
#   not always come back quickly.
# - The band is wide where the seeds disagree and narrow where they agree. With 5 seeds
#   it is a rough guide only: a bootstrap over 5 values cannot show more than the spread
#   of those 5, so it tends to be too narrow. Agarwal et al. (2021) show that comparisons of
#   algorithms from 3 to 5 runs are often not reliable.
#
# **Try it:** run 10 seeds instead of 5 and compare the band; lower the learning rate
# from 0.01 to 0.003 and see whether curves that fall back become rarer and how much
# later the curves rise; remove the baseline (use `ret` in place of `ret - b`) and compare the
# spread between seeds; or replace the mean of each update by the IQM over seeds.
