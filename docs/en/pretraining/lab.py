# %% [markdown]
# # Lab: clustering digits on raw pixels and learned codes
#
# This lab goes further than [8.3](../clustering/): it retrains the
# [autoencoder of the example](../clustering/#example-autoencoder-codes) (PyTorch version),
# draws 2-D maps of the digits on raw pixels and on the learned codes, cuts a Ward
# dendrogram, sweeps the number of clusters $k$ of k-means, and sweeps DBSCAN's radius
# `eps` on two moons. Labels are used only to colour the maps and to compute the adjusted
# Rand index (ARI); no clustering algorithm sees them.
#
# This page is executed in full whenever the site is built; the button at the top right
# downloads the `.ipynb` with its outputs, which reruns anywhere `torch`, `scikit-learn`
# and `matplotlib` are installed.
#
# ## Train the autoencoder and cluster

# %%
--8<-- "snippets/ch08/cluster_autoencoder_torch.py"

# %% [markdown]
# ## Two maps of the same digits
#
# PCA projects each feature space onto its two directions of largest variance. The left
# column colours the points by their true digit (the digit is written at the middle of
# its points), the right column by the k-means cluster they fell in. The colours of the
# two columns do not correspond: cluster ids are arbitrary.

# %% alt="Four scatter plots in a 2-by-2 grid. Top row: the digits projected on the first two principal components of the raw pixels; bottom row: the same for the autoencoder codes. Left column coloured by true digit, right column by k-means cluster. In both spaces some digits, such as 0, form separate groups while others overlap in the middle."
--8<-- "snippets/ch08/lab_maps.py"

# %% [markdown]
# Two principal components keep only 29% of the variance of the 64 pixels, but 62% of
# that of the 10-dimensional codes: the autoencoder has packed the images into fewer,
# more correlated directions. That makes the map of the codes a more faithful picture of
# its space, not a better space for clustering: in both maps some digits, such as 0, form
# a group of their own, while others overlap in the middle. Keep in mind that k-means works
# in all 64 (or 10) dimensions; a 2-D map shows only part of what it sees.
#
# ## The Ward dendrogram
#
# Ward linkage (SciPy's `linkage(X, method="ward")`) builds the whole merge tree of the
# 1,797 raw images; the plot shows its last 30 merges. The dashed line is a cut that
# leaves 10 branches.

# %% alt="A dendrogram of the last 30 merges of Ward linkage on the raw digit pixels; merge height on the vertical axis. A dashed horizontal line cuts the tree into 10 coloured branches; the last merges happen much higher than the ones below the line."
--8<-- "snippets/ch08/lab_dendrogram.py"

# %% [markdown]
# The cut gives the same ARI as scikit-learn's `AgglomerativeClustering(linkage="ward")`
# in the example, 0.79: both run the same algorithm. One tree serves every $k$; another
# cut height gives another number of clusters without rerunning anything.
#
# ## How many clusters?
#
# k-means on the raw pixels for $k$ from 2 to 15, with three curves: the inertia
# (what k-means minimizes), the silhouette (an internal score, no labels) and the ARI
# against the true digits (which a real unsupervised task would not have).

# %% alt="Three line plots against k from 2 to 15, a dashed line marking k=10. Inertia falls steadily with no clear elbow; the silhouette rises to its highest value at k=9 and stays nearly flat after; the ARI against the true digits rises to a peak at k=11."
--8<-- "snippets/ch08/lab_sweep.py"

# %% [markdown]
# - The inertia falls at every $k$: it would reach 0 with one cluster per image, and the
#   curve has no elbow to read.
# - The silhouette is highest at $k=9$ (0.19), not at 10 (0.18), and the true digit
#   labels score only 0.16, below k-means' own partition: the silhouette rewards compact
#   clusters, and the ten digits are not the most compact way to split these pixels.
# - Even the ARI, which knows the answer, peaks at $k=11$ (0.73 against 0.67 at 10):
#   some digits are written in two styles, and an extra cluster separates them.
#
# ## DBSCAN's radius
#
# DBSCAN on the two moons of [the figure in 8.3](../clustering/#example-moons), with
# `min_samples=10` and `eps` from 0.05 to 0.4.

# %% alt="Line plot against eps from 0.05 to 0.4: the ARI stays below 0.2 up to eps 0.15, jumps above 0.9 for eps 0.2 to 0.25, and falls back to 0 from 0.275; the share of noise points falls from 1 to nearly 0 by eps 0.2. Numbers along the top give the clusters found: 0, then up to 10, then 2, then 1."
--8<-- "snippets/ch08/lab_eps.py"

# %% [markdown]
# Below 0.1 every point is noise; from 0.1 to 0.175 the moons break into fragments (up to
# 10 clusters) amid noise; from 0.275 on, the two moons are one cluster. Only 0.2, 0.225 and 0.25
# give an ARI above 0.9: DBSCAN needs no $k$, but it needs a good `eps`.
#
# **Try it:** replace the codes by the embedding of the
# [second example](../clustering/#example-embedding) and redraw the maps; run the $k$
# sweep on the codes; or add a third, sparser blob to the moons and look for one `eps`
# that finds all three.
