# %% [markdown]
# # Lab: exploration and regret
#
# This lab goes further than [the example of 10.3](../bandits/#example-bandits): the same
# ten items with click rates from 0.04 to 0.25, but 20 seeds instead of 8, four values of
# the exploration rate $\varepsilon$ of ε-greedy (0.01, 0.05, 0.1, 0.2) next to UCB1 and
# Thompson sampling, and the whole regret curve over 3,000 rounds instead of its last
# value. At each round all policies face the same simulated user, as in the example.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `numpy` and `matplotlib`
# are installed.
#
# ## Regret curves

# %% alt="Cumulative regret against the round, from 1 to 3,000, averaged over 20 seeds, for epsilon-greedy with epsilon 0.01, 0.05, 0.1 and 0.2 (dashed), UCB1 and Thompson sampling (solid), and a dotted straight line for uniform showing. UCB1 is the highest curve after the uniform line; Thompson sampling and epsilon 0.1 end lowest, and Thompson's curve is the flattest at the end, while the epsilon-greedy curves keep rising along straight lines."
--8<-- "snippets/ch10/lab_regret.py"

# %% [markdown]
# What to read in the curves:
#
# - After 3,000 rounds the two lowest regrets are those of ε-greedy with $\varepsilon=0.1$
#   and Thompson sampling; over these 20 seeds ε = 0.1 is even slightly ahead.
# - But look at the slopes at the end: in the last 1,000 rounds Thompson sampling's regret
#   grows the least, less than two thirds of ε = 0.1's. Thompson sampling stops exploring
#   items it is sure about; a fixed ε keeps showing a random item one round in ten,
#   forever, and its curve is a straight line of slope about $\varepsilon$ times the average
#   gap. Over a longer horizon Thompson sampling pulls ahead.
# - Too much exploration costs regret ($\varepsilon=0.2$ ends above $\varepsilon=0.1$), and
#   so does too little ($\varepsilon=0.01$): with little exploration, a policy that has
#   settled on a wrong item can take a long time to leave it.
# - UCB1 ends with more than twice Thompson sampling's regret: with click rates this low,
#   its confidence bonus stays larger than the gaps between items for thousands of rounds.
#
# **Try it:** make the click rates ten times smaller (a realistic CTR) and see how long
# every learner needs; replace the fixed ε by $\varepsilon_t=\min(1, 5/\sqrt{t})$; or
# let the best item change halfway through (non-stationarity) and see which policy notices.
