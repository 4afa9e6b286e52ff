# %% [markdown]
# # 实验：优化器与学习率调度
#
# 本实验把[第 5 章](../)讲的优化器和学习率调度放到两个问题上实际跑一遍。第一个是二维二次函数，小到可以把 SGD、带动量的 SGD 和 Adam 的每一步都画在等高线上；第二个是在 scikit-learn 自带的手写数字数据集 `load_digits`（8×8 灰度图，10 类，无需下载）上训练的小型多层感知机（MLP）：在它上面比较 SGD、带动量的 SGD、Adam 和 AdamW，用真实的验证损失驱动 `ReduceLROnPlateau`，再分别用偏小、合适和过大的学习率训练它。中间还会逐步读出 PyTorch 调度器给出的学习率，并与闭式公式核对。
#
# 这个页面在构建网站时被完整执行；右上角的按钮可以下载带输出的 `.ipynb`，在任何装有 `torch`、`scikit-learn` 和 `matplotlib` 的环境里都能重新运行。
#
# ## 数据与模型
#
# 第一个代码单元载入手写数字（按特征标准化，75% 训练、25% 验证），定义模型和训练循环。模型是两个隐藏层、每层 64 个 ReLU 单元的 MLP；训练用交叉熵损失、小批量大小 64、共 20 轮（epoch），每轮丢掉最后那个不满的小批量，剩 21 步。每次训练都从同一组初始权重出发，小批量的顺序也相同，所以两次训练之间只有优化器和学习率不同。

# %%
--8<-- "snippets/ch05/lab_setup.py"

# %% [markdown]
# ## 病态二次函数上的三种优化器
#
# 记梯度 $g_t = \nabla f(w_t)$、学习率 $\eta$，三种更新规则（按 PyTorch 的实现形式）是：
#
# - SGD：$w_{t+1} = w_t - \eta\, g_t$；
# - 动量为 $\mu$ 的 SGD：$b_t = \mu\, b_{t-1} + g_t$，再 $w_{t+1} = w_t - \eta\, b_t$（Polyak 的重球法；PyTorch 文档特别说明，这个形式与 Sutskever et al., 2013 的写法略有不同）；
# - Adam（Kingma & Ba, 2015）：对每个坐标分别计算 $m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t$ 和 $v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2$，做偏差修正 $\hat m_t = m_t / (1-\beta_1^t)$、$\hat v_t = v_t / (1-\beta_2^t)$，再更新 $w_{t+1} = w_t - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)$；默认 $\beta_1 = 0.9$、$\beta_2 = 0.999$、$\epsilon = 10^{-8}$。
#
# 目标函数是 $f(w) = \tfrac12 (w_1^2 + 25\, w_2^2)$，最小值在原点。它的梯度是 $(w_1,\ 25\, w_2)$，所以普通梯度下降每一步把 $w_1$ 乘以 $1-\eta$、把 $w_2$ 乘以 $1-25\eta$。后一个因子只有在 $\eta < 2/25 = 0.08$ 时才落在 $(-1, 1)$ 之内；取 $\eta = 0.07$ 时它等于 $-0.75$（$w_2$ 每一步都变号），而 $w_1$ 每步只缩小 7%。代码单元在一个两元素张量上运行真正的 `torch.optim` 优化器。

# %% alt="f(w) = (w1² + 25·w2²)/2 的等高线图，画出三种优化器从 (-4.5, 1) 出发走的 40 步。学习率 0.07 的 SGD 在狭长山谷的两壁之间来回折返，最后离最小值还有 0.25；同样学习率、动量 0.7 的 SGD 最后只差 0.003；学习率 0.3 的 Adam 先沿对角线方向走，冲过头到 w1 ≈ 0.85，最后离最小值 0.22。"
--8<-- "snippets/ch05/lab_quadratic.py"

# %% [markdown]
# ## 读图
#
# - **SGD 来回折返，前进缓慢。** 沿 $w_2$ 方向每一步把坐标乘以 $-0.75$，路径在山谷两壁之间来回跳；沿 $w_1$ 方向每步只乘以 $0.93$，所以 40 步后 SGD 离最小值还有 0.25。加大学习率能让 $w_1$ 走得快些，但 $\eta$ 一旦超过 0.08，$w_2$ 每一步都会变大，迭代发散：最陡的方向决定了学习率能取多大，最平的方向决定了收敛有多快。
# - **同样 40 步，动量法离最小值近了约 90 倍（0.0028）。** 沿 $w_1$ 方向梯度始终同号，缓冲 $b_t$ 不断累积；梯度不变时步长趋于 $\eta\, g / (1-\mu)$，这里是 SGD 的 3.3 倍。沿 $w_2$ 方向梯度不断变号，前后几步的贡献部分抵消。
# - **Adam 对每个坐标分别缩放。** 它的第一步是 $\eta\,\hat m_1 / (\sqrt{\hat v_1} + \epsilon) = \eta\, g_1/(|g_1| + \epsilon)$，也就是 $\eta$ 乘以梯度的符号：虽然梯度是 (−4.5, 25)，这一步却是 (0.3, −0.3)，所以它沿对角线走，而不是沿最陡的方向下山。$\hat m_t$ 是过去梯度的平均，起着动量的作用：它把 $w_1$ 带过了最小值，一直冲到 0.85 才折回。按坐标缩放并不能省掉选 $\eta$ 这件事：这里 Adam 最后离最小值的距离和 SGD 差不多。

# %% [markdown]
# ## 手写数字上的四种优化器
#
# AdamW（Loshchilov & Hutter, 2019）是带**解耦**权重衰减的 Adam：PyTorch 的 `AdamW` 先把权重乘以 $1 - \eta\lambda$，再走一步 Adam，即 $w_{t+1} = (1-\eta\lambda)\, w_t - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)$。`Adam(weight_decay=λ)` 则是把 $\lambda w_t$ 加到梯度上，让它和梯度的其余部分一起经过 $\hat m_t$、$\hat v_t$：这是 L2 惩罚，在 Adam 下和解耦的权重衰减并不等价。下面每个优化器用的都是同类优化器常见的学习率（SGD 0.05，Adam $10^{-3}$），没有专门调过。

# %% alt="折线图，纵轴为对数刻度：同一个 MLP 在手写数字上训练 20 轮，每轮的平均训练损失。学习率 0.05 的 SGD 最后是 0.12；学习率 1e-3 的 Adam 和 AdamW 几乎是同一条曲线，最后是 0.026 和 0.028；学习率 0.05、动量 0.9 的 SGD 最后是 0.0026。"
--8<-- "snippets/ch05/lab_optimizers.py"

# %% [markdown]
# - **学习率相同时，动量法比普通 SGD 快得多**（20 轮后 0.0026 对 0.12）。原因之一和二次函数上看到的一样：$\mu = 0.9$ 且梯度方向保持不变时，步长趋于 $\eta/(1-\mu) = 10\eta$。
# - **训练损失最低不等于模型最好。** 带动量的 SGD 训练损失最低，验证损失却最高（0.23，Adam 是 0.13）；四个优化器的验证准确率都在 95%～97%。比较优化器要看留出的数据。
# - **Adam 和 AdamW 的曲线几乎重合。** $\eta = 10^{-3}$、$\lambda = 0.1$ 时，每一步把权重乘以 $1 - \eta\lambda = 0.9999$；单靠这一项，420 步会让权重缩小 4%，梯度又把其中一部分拉了回来：AdamW 的权重范数最后小了 2%（11.02 对 11.27）。解耦的权重衰减是一种在长时间训练中慢慢起作用的正则化，而不是让训练变快的手段。
#
# ## 学习率调度
#
# 调度器每被调用一次 `step()` 就改一次优化器的学习率；它应当在 `optimizer.step()` 之后调用。这里每个优化步调用一次，从 $\eta_0 = 0.1$ 开始共 $T = 100$ 步；很多训练脚本则是每个 epoch 调用一次。用 $t = 0, 1, \dots$ 表示调用次数，三种调度是：
#
# - `StepLR`：$\eta_t = \eta_0\, \gamma^{\lfloor t/s \rfloor}$，这里 $s = 30$、$\gamma = 0.1$；
# - `ExponentialLR`：$\eta_t = \eta_0\, \gamma^t$，这里 $\gamma = 0.96$；
# - 先在 $W = 10$ 步内线性预热，再做余弦退火（Loshchilov & Hutter, 2017，不含重启），用 `SequentialLR` 把两段接起来：$t < W$ 时 $\eta_t = \eta_0\, (t+1)/W$，$t \ge W$ 时 $\eta_t = \tfrac12 \eta_0 \bigl(1 + \cos(\pi\, (t-W)/(T-W))\bigr)$。前一段由 `LinearLR(start_factor=1/W, total_iters=W-1)` 给出，后一段由 `CosineAnnealingLR(T_max=T-W)` 给出。Goyal et al.（2017）就是用这样的预热来训练大批量的。
#
# 代码单元从优化器里读出每一步的学习率，并与公式核对。

# %% alt="折线图：从 0.1 开始的 100 个优化步里，学习率随步数的变化。StepLR 在第 29 步之前保持 0.1，在第 30、60、90 步各降为十分之一；ExponentialLR 平滑地降到 0.0018；带预热的调度在前 10 步从 0.01 线性升到 0.1，然后沿半个余弦周期降到接近 0。"
--8<-- "snippets/ch05/lab_schedules.py"

# %% [markdown]
# - 三个调度器与各自公式的差别都在 $10^{-16}$ 以内，只相当于双精度末位的几个单位：`CosineAnnealingLR` 和 `ExponentialLR` 都是由上一个值递推出下一个值（余弦调度乘的是相邻两个闭式值之比），而不是直接代公式。
# - 预热从 $\eta_0/W = 0.01$ 开始，第 9 步达到 $\eta_0$。第 10 步是余弦段的第一步（$t - W = 0$），也是 $\eta_0$；余弦段在第 55 步（它 90 步的正中间）降到一半 0.05，最后一个值（第 99 步）是 $3\times 10^{-5}$ 而不是 0：余弦要到第 100 步才降到 0，而这一步不会被用到。
#
# ## 用验证损失驱动 ReduceLROnPlateau
#
# `ReduceLROnPlateau` 不按 $t$ 的公式变化：每轮结束时它收到一个测量值（这里是验证损失），如果这个值很久没有改善，就把学习率乘以 `factor`。在 PyTorch 里，某一轮的损失低于迄今最好损失的 $(1 - 10^{-4})$ 倍才算改善（`threshold=1e-4`、`threshold_mode="rel"`）；没有改善的轮数**大于** `patience`，也就是累计到 `patience + 1` 轮时，学习率才降低，计数随之清零。下面用动量 0.9、初始学习率 0.1 的 SGD 训练 30 轮，`factor=0.5`、`patience=2`。代码单元还用 NumPy 把这条规则写了一遍，检查它每一轮给出的学习率都与 PyTorch 相同。

# %% alt="上下两张共用轮数横轴的图。上图：验证损失在第 6 轮达到最好的 0.148，之后一直停在 0.15 左右，训练损失则继续降到约 0.001。下图：对数刻度的学习率在第 9 轮之前是 0.1，在第 10、13、16、19、22、25、28 轮之前各减半一次，最后约 0.0008。"
--8<-- "snippets/ch05/lab_plateau.py"

# %% [markdown]
# - 验证损失在第 6 轮最好（0.148）。第 7、8、9 轮都没有超过它；第 9 轮结束时计数（3）超过了 `patience`（2），于是第 10 轮用 0.05 训练。
# - 此后验证损失再也没有改善，学习率每 3 轮减半一次，一直降到 $0.1 \cdot 0.5^7 \approx 0.0008$，训练损失却还在下降。网络在过拟合，而减小学习率治不了过拟合：调度器只看到损失不再下降，看不到原因。应当和早停一起用，早停会保留第 6 轮的权重。
# - Keras 的 `keras.callbacks.ReduceLROnPlateau` 计数方式不同：在 Keras 3.15 里，计数一**达到** `patience` 就降低学习率，同样的数字比 PyTorch 早一轮（见 `keras/src/callbacks/reduce_lr_on_plateau.py`）；判断改善时它用的是绝对量 `min_delta`，而不是相对阈值。
#
# ## 偏小、合适、过大
#
# 在上面的二次函数上，普通梯度下降只在 $\eta < 2/25$ 时收敛：沿最陡方向走一步，误差乘以 $1 - 25\eta$，超过这个界限后这个因子的绝对值大于 1，误差每步都在放大。神经网络没有单一的曲率，但会发生同样的事。最后一个代码单元分别用三个学习率训练普通 SGD 和 Adam，画出每个小批量的损失。原来的一篇博文说，Adam“通常会自动调整学习率，因此可以选择一个相对较大的初始学习率”；下面 Adam 那张图就是对这句话的检验。

# %% alt="上下两张图，纵轴为对数刻度的小批量损失，横轴为 420 个优化步。SGD：学习率 0.001 时损失一直停在 ln 10 ≈ 2.30 附近；0.1 时降到约 0.05；10 时在第 8 步暴涨到 7e23，冲出图外，之后停在 ln 10 附近。Adam：学习率 1e-5 时损失停在 ln 10 附近；1e-3 时降到约 0.03；0.3 时在第 2 步跳到约 100，之后停在 ln 10 附近。"
--8<-- "snippets/ch05/lab_lr_range.py"

# %% [markdown]
# - **偏小：** 420 步之后损失几乎没有离开 $\ln 10$（SGD 取 $10^{-3}$ 时是 2.27，Adam 取 $10^{-5}$ 时是 2.24），验证准确率只有 15%～18%。训练并没有出错，只是慢得无法接受。
# - **合适：** 学习率 0.1 的 SGD 和 $10^{-3}$ 的 Adam 验证准确率都达到 97%。
# - **过大：** 学习率 10 的 SGD 发散了：每一步都比上一步冲得更远，损失从第 1 步的 2.3 涨到第 4 步的约 500，第 8 步涨到 $7\times 10^{23}$。学习率 0.3 的 Adam 不会这样爆炸，因为它在每个坐标上的步长大致不超过 $\eta$（Kingma & Ba, 2015，第 2.1 节），但损失仍在第 2 步跳到约 100。两者随后都停在 $\ln 10$ 附近、准确率约 10%，相当于均匀乱猜：过大的步子把网络推到了回不来的状态（在 ReLU 网络里，死亡的单元是常见原因之一，见[第 2 章的实验](../../fundamentals/lab/)）。
# - 所以 Adam 并不会替你选学习率。它用每个坐标梯度大小的滑动估计去除该坐标的步长，改变的是各坐标步长的**相对**大小，整体尺度仍然是 $\eta$；$\eta$ 过大或过小，Adam 和 SGD 一样会失败。常用的默认值 $10^{-3}$ 是不错的起点，搜索学习率时应当在对数尺度上取值。
#
# **动手试试：** 把二次函数的条件数改成 100（`KAPPA = 100.0`，学习率取小于 $2/100$ 的值），看 SGD 慢了多少；在训练循环里把 `ReduceLROnPlateau` 换成预热加余弦的调度；或者找出 SGD 还能正常训练的最大学习率。
#
# ## 参考文献
#
# - B. T. Polyak, [Some methods of speeding up the convergence of iteration methods](https://doi.org/10.1016/0041-5553%2864%2990137-5), USSR Computational Mathematics and Mathematical Physics, 1964（动量法，“重球法”）。
# - I. Sutskever, J. Martens, G. Dahl, G. Hinton, [On the importance of initialization and momentum in deep learning](https://proceedings.mlr.press/v28/sutskever13.html), ICML 2013.
# - D. P. Kingma, J. Ba, [Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980), ICLR 2015.
# - I. Loshchilov, F. Hutter, [Decoupled Weight Decay Regularization](https://arxiv.org/abs/1711.05101), ICLR 2019（AdamW）。
# - I. Loshchilov, F. Hutter, [SGDR: Stochastic Gradient Descent with Warm Restarts](https://arxiv.org/abs/1608.03983), ICLR 2017（余弦退火）。
# - P. Goyal et al., [Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour](https://arxiv.org/abs/1706.02677), 2017（逐步预热）。
# - PyTorch 文档：[`torch.optim`](https://docs.pytorch.org/docs/stable/optim.html)（SGD、Adam、AdamW 和学习率调度器）。
