# %% [markdown]
# # Lab: ROC and precision–recall curves
#
# This lab draws the two curves of [chapter 3](../evaluation/#roc-and-pr) for a classifier on an
# imbalanced dataset and marks on them what a choice of threshold means. The data are
# synthetic (no download): 20000 examples with 10 features, of which only 5% are
# positive. Both classes are standard normal; the positives are shifted by a distance
# of 2 along three of the axes, so the classes overlap and no classifier can be
# perfect. The classifier is a plain logistic regression from scikit-learn, because the
# curves, not the model, are the point here. Half of the data is used for training, a
# quarter for choosing a threshold (the validation set) and a quarter for drawing the
# curves (the test set).
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `scikit-learn` and
# `matplotlib` are installed.
#
# ## Data, model and two thresholds
#
# The first cell trains the model and chooses a second threshold besides the default
# 0.5: the one with the best $F_1$ on the validation set. It also defines
# `at_threshold(t)`, which returns the test metrics of the rule "positive if $p \ge t$".

# %%
--8<-- "snippets/ch03/lab_setup.py"

# %% [markdown]
# ## The two curves
#
# Left, the ROC curve: true positive rate (recall) against false positive rate. Right,
# the precision–recall curve. The gray dotted lines are what a classifier without any
# skill would get: the diagonal on the ROC plot, and a horizontal line at the share of
# positives on the PR plot. The two markers are the operating points of the two
# thresholds.

# %% alt="Two plots side by side for a logistic regression on a test set with 5% positives. Left, the ROC curve rises steeply at the left edge, with an area of 0.928, far above the diagonal chance line; threshold 0.5 sits at a false positive rate of 0.007 and a recall of 0.29, threshold 0.29 at 0.019 and 0.48. Right, the precision-recall curve falls from 1 towards 0.05, with an average precision of 0.543 against a chance level of 0.05; threshold 0.5 sits at recall 0.29 and precision 0.70, threshold 0.29 at recall 0.48 and precision 0.57."
--8<-- "snippets/ch03/lab_curves.py"

# %% [markdown]
# ## Reading the plot
#
# - **The ROC curve looks excellent.** Its area is 0.928, and both operating points sit
#   on the steep part at the far left, at false positive rates of 0.7% and 1.9%.
# - **The PR curve tells the rest.** The test set has 4752 negatives, so a false
#   positive rate of 1.9% is about 90 false alarms, set against about 119 positives
#   found: a precision of 0.567. The average precision, 0.543, is ten times the chance
#   level of 0.05 and still far from 1; the ROC AUC of 0.928 does not let you see how
#   many false alarms come with each hit.
# - **A threshold is a point on both curves.** Lowering it from 0.5 to 0.29 moves both
#   markers along their curves: recall rises from 0.29 to 0.48, precision falls from
#   0.70 to 0.57, and the test $F_1$ rises from 0.41 to 0.52. The threshold was chosen
#   on the validation set, so this gain on the test set is an honest one.
# - **Accuracy hardly notices.** It is 0.959 at 0.5 and 0.956 at 0.29, both barely
#   above the 0.950 of always answering "negative".
#
# ## Metrics against the threshold
#
# Every threshold is one point on each curve. The last plot shows the same information
# the other way round: precision, recall, $F_1$ and accuracy on the test set as the
# threshold moves from 0.01 to 0.95.

# %% alt="Line chart of test-set precision, recall, F1 and accuracy against the decision threshold from 0.01 to 0.95. As the threshold rises, recall falls from about 1 to near 0 and precision climbs from about 0.1 to 1; F1 peaks at about 0.53 for thresholds between 0.2 and 0.3; accuracy stays between 0.95 and 0.96 for every threshold from 0.23 up. Dotted vertical lines mark the thresholds 0.29 and 0.5."
--8<-- "snippets/ch03/lab_threshold.py"

# %% [markdown]
# - Recall and precision move in opposite directions; $F_1$ has a broad maximum, about
#   0.53 between thresholds 0.2 and 0.3, close to where the two curves cross. The
#   threshold chosen on the validation set, 0.29, lands inside it.
# - Accuracy stays between 0.95 and 0.96 for every threshold from 0.23 up and never
#   beats the majority rule by more than a point: on data this skewed it cannot tell
#   good thresholds from bad ones.
# - At the lowest threshold, 0.01, recall is almost 1 and precision has fallen to about
#   0.1, on its way to the share of positives, 0.05: flagging everything finds every
#   positive and is useless.
#
# **Try it:** set `SHIFT` to 3.0 (easier classes) or 1.0 (harder ones) in the first cell
# and compare how much the ROC AUC and the average precision change; or train on a
# dataset with 1% positives by changing `0.05` in the first cell.
