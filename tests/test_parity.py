"""TensorFlow and PyTorch versions of an example agree on the same input.

Each example named here builds its input (and any weights) from the same seeded NumPy
generator in both files and leaves its answer in a global called ``result``: an array,
or a dict of arrays compared key by key. When the page tests ran first in this session,
the results they sent back are reused; otherwise the two files are run here, each in its
own fresh process.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import pages
from tests.book import ROOT

PAIRS = {
    # example: (TensorFlow file, PyTorch file, absolute tolerance)
    "ch01 tensors and broadcasting": (
        "snippets/ch01/tensors_tf.py",
        "snippets/ch01/tensors_torch.py",
        1e-5,
    ),
    "ch01 gradient by autograd": (
        "snippets/ch01/autograd_tf.py",
        "snippets/ch01/autograd_torch.py",
        1e-12,
    ),
    "ch02 backpropagation by hand": (
        "snippets/ch02/backprop_tf.py",
        "snippets/ch02/backprop_torch.py",
        1e-12,
    ),
    "ch02 first-layer gradient norms": (
        "snippets/ch02/activations_tf.py",
        "snippets/ch02/activations_torch.py",
        1e-12,
    ),
    "ch02 dead ReLU units": (
        "snippets/ch02/dead_relu_tf.py",
        "snippets/ch02/dead_relu_torch.py",
        1e-8,
    ),
    "ch02 parameter counts (dense and convolution)": (
        "snippets/ch02/param_count_tf.py",
        "snippets/ch02/param_count_torch.py",
        0.0,
    ),
    "ch02 depthwise separable convolution": (
        "snippets/ch02/separable_conv_tf.py",
        "snippets/ch02/separable_conv_torch.py",
        1e-12,
    ),
    "ch03 logits through the right and wrong loss": (
        "snippets/ch03/logits_trap_tf.py",
        "snippets/ch03/logits_trap_torch.py",
        1e-5,
    ),
    "ch03 metrics by hand": (
        "snippets/ch03/metrics_tf.py",
        "snippets/ch03/metrics_torch.py",
        1e-9,
    ),
    "ch05 optimizer losses": (
        "snippets/ch05/optimizers_tf.py",
        "snippets/ch05/optimizers_torch.py",
        1e-4,
    ),
    "ch05 learning-rate losses": (
        "snippets/ch05/learning_rate_tf.py",
        "snippets/ch05/learning_rate_torch.py",
        1e-4,
    ),
    "ch05 schedule history": (
        "snippets/ch05/schedules_tf.py",
        "snippets/ch05/schedules_torch.py",
        1e-7,
    ),
    "ch05 clipping losses": (
        "snippets/ch05/clipping_tf.py",
        "snippets/ch05/clipping_torch.py",
        1e-3,
    ),
    "ch05 batch-norm running mean": (
        "snippets/ch05/batchnorm_tf.py",
        "snippets/ch05/batchnorm_torch.py",
        1e-5,
    ),
    "ch05 accumulated gradient": (
        "snippets/ch05/grad_accum_tf.py",
        "snippets/ch05/grad_accum_torch.py",
        1e-12,
    ),
    "ch07 scaled dot-product attention": (
        "snippets/ch07/sdpa_tf.py",
        "snippets/ch07/sdpa_torch.py",
        1e-5,
    ),
    "ch07 multi-head attention": (
        "snippets/ch07/mha_tf.py",
        "snippets/ch07/mha_torch.py",
        1e-5,
    ),
    "ch07 sinusoidal positional encoding": (
        "snippets/ch07/posenc_tf.py",
        "snippets/ch07/posenc_torch.py",
        1e-5,
    ),
    "ch07 warm-up schedule and label smoothing": (
        "snippets/ch07/warmup_smoothing_tf.py",
        "snippets/ch07/warmup_smoothing_torch.py",
        1e-9,
    ),
    "ch07 grouped-query attention": (
        "snippets/ch07/gqa_tf.py",
        "snippets/ch07/gqa_torch.py",
        1e-9,
    ),
    "ch08 InfoNCE from the formula and as a cross-entropy": (
        "snippets/ch08/infonce_tf.py",
        "snippets/ch08/infonce_torch.py",
        1e-12,
    ),
    "ch08 pseudo-labelling with a zero-initialized linear model": (
        "snippets/ch08/pseudo_label_tf.py",
        "snippets/ch08/pseudo_label_torch.py",
        1e-9,
    ),
    "ch08 small BERT parameter count": (
        "snippets/ch08/bert_model_tf.py",
        "snippets/ch08/bert_model_torch.py",
        0.0,
    ),
    "ch08 the 80-10-10 masking rule": (
        "snippets/ch08/masking_tf.py",
        "snippets/ch08/masking_torch.py",
        0.0,
    ),
    "ch08 WordPiece token ids": (
        "snippets/ch08/wordpiece_tf.py",
        "snippets/ch08/wordpiece_torch.py",
        0.0,
    ),
    "ch08 BERT-base and BERT-large counts": (
        "snippets/ch08/bert_count_tf.py",
        "snippets/ch08/bert_count_torch.py",
        0.0,
    ),
    "ch08 ALBERT and BERT sizes": (
        "snippets/ch08/bert_size_tf.py",
        "snippets/ch08/bert_size_torch.py",
        0.0,
    ),
    "ch08 which positions an edit reaches (encoder, decoder, both)": (
        "snippets/ch08/families_tf.py",
        "snippets/ch08/families_torch.py",
        0.0,
    ),
    "ch09 ViT patch embedding": (
        "snippets/ch09/vit_patches_tf.py",
        "snippets/ch09/vit_patches_torch.py",
        1e-12,
    ),
    "ch09 squeeze-and-excitation gates": (
        "snippets/ch09/se_tf.py",
        "snippets/ch09/se_torch.py",
        1e-12,
    ),
    "ch09 BLEU from the formula": (
        "snippets/ch09/bleu_tf.py",
        "snippets/ch09/bleu_torch.py",
        1e-12,
    ),
    "ch09 temperature, top-k and top-p on one distribution": (
        "snippets/ch09/gen_filters_tf.py",
        "snippets/ch09/gen_filters_torch.py",
        1e-12,
    ),
    "ch09 decoding a tiny bigram language model": (
        "snippets/ch09/gen_sample_tf.py",
        "snippets/ch09/gen_sample_torch.py",
        1e-5,
    ),
    "ch09 log-mel features": (
        "snippets/ch09/speech_clf_tf.py",
        "snippets/ch09/speech_clf_torch.py",
        1e-4,
    ),
    "ch09 WER and CER by edit distance": (
        "snippets/ch09/wer_tf.py",
        "snippets/ch09/wer_torch.py",
        1e-12,
    ),
    "ch10 ranking metrics on fixed scores": (
        "snippets/ch10/mf_metrics_tf.py",
        "snippets/ch10/mf_metrics_torch.py",
        1e-12,
    ),
    "ch10 BPR matrix factorization vs popularity": (
        "snippets/ch10/mf_train_tf.py",
        "snippets/ch10/mf_train_torch.py",
        0.01,
    ),
    "ch10 SASRec on the synthetic logs": (
        "snippets/ch10/sasrec_tf.py",
        "snippets/ch10/sasrec_torch.py",
        0.01,
    ),
    "ch10 DIN target attention vs mean pooling": (
        "snippets/ch10/din_tf.py",
        "snippets/ch10/din_torch.py",
        0.03,
    ),
    "ch10 bandit regret": (
        "snippets/ch10/bandit_tf.py",
        "snippets/ch10/bandit_torch.py",
        1e-9,
    ),
    "ch10 off-policy estimators": (
        "snippets/ch10/ips_tf.py",
        "snippets/ch10/ips_torch.py",
        1e-9,
    ),
    "ch11 saliency, integrated gradients and completeness": (
        "snippets/ch11/attr_gradients_tf.py",
        "snippets/ch11/attr_gradients_torch.py",
        1e-4,
    ),
    "ch11 occlusion against integrated gradients": (
        "snippets/ch11/attr_occlusion_tf.py",
        "snippets/ch11/attr_occlusion_torch.py",
        1e-4,
    ),
    "ch11 saliency sanity check by weight randomization": (
        "snippets/ch11/attr_sanity_tf.py",
        "snippets/ch11/attr_sanity_torch.py",
        1e-4,
    ),
    "ch11 LIME surrogate on a digit": (
        "snippets/ch11/surr_lime_tf.py",
        "snippets/ch11/surr_lime_torch.py",
        1e-4,
    ),
    "ch11 exact Shapley values": (
        "snippets/ch11/surr_shap_tf.py",
        "snippets/ch11/surr_shap_torch.py",
        1e-4,
    ),
    "ch11 attention weights: permuted and uniform": (
        "snippets/ch11/surr_attention_tf.py",
        "snippets/ch11/surr_attention_torch.py",
        1e-3,
    ),
    "ch11 FGSM and PGD on one trained MLP": (
        "snippets/ch11/adv_attacks_tf.py",
        "snippets/ch11/adv_attacks_torch.py",
        0.002,
    ),
    "ch11 standard vs PGD adversarial training": (
        "snippets/ch11/adv_training_tf.py",
        "snippets/ch11/adv_training_torch.py",
        0.01,
    ),
    "ch11 gradient masking by input rounding": (
        "snippets/ch11/adv_masking_tf.py",
        "snippets/ch11/adv_masking_torch.py",
        0.002,
    ),
    "ch11 membership inference (loss threshold)": (
        "snippets/ch11/sec_membership_tf.py",
        "snippets/ch11/sec_membership_torch.py",
        0.02,
    ),
    "ch11 model extraction from noise queries": (
        "snippets/ch11/sec_extraction_tf.py",
        "snippets/ch11/sec_extraction_torch.py",
        0.02,
    ),
    "ch12 affine int8 quantization and integer matmul": (
        "snippets/ch12/quant_affine_tf.py",
        "snippets/ch12/quant_affine_torch.py",
        1e-9,
    ),
    "ch12 distillation: soft targets and the T^2 gradient scale": (
        "snippets/ch12/distill_temperature_tf.py",
        "snippets/ch12/distill_temperature_torch.py",
        1e-12,
    ),
    "ch12 MobileNetV2 inverted residual vs ResNet basic block": (
        "snippets/ch12/dw_inverted_residual_tf.py",
        "snippets/ch12/dw_inverted_residual_torch.py",
        1e-9,
    ),
    "ch12 exported MLP in LiteRT and ONNX Runtime": (
        "snippets/ch12/export_parity_tf.py",
        "snippets/ch12/export_parity_torch.py",
        1e-5,
    ),
    "ch13 GAN value at the optimal discriminator and generator gradients": (
        "snippets/ch13/gan_losses_tf.py",
        "snippets/ch13/gan_losses_torch.py",
        1e-10,
    ),
    "ch13 gradient penalty and power iteration": (
        "snippets/ch13/stab_gp_tf.py",
        "snippets/ch13/stab_gp_torch.py",
        1e-10,
    ),
    "ch13 FID and k-NN precision/recall on fixed PCA features": (
        "snippets/ch13/digits_fid_tf.py",
        "snippets/ch13/digits_fid_torch.py",
        1e-9,
    ),
    "ch14 cliff grid: linear solve and value iteration": (
        "snippets/ch14/mdp_bellman_tf.py",
        "snippets/ch14/mdp_bellman_torch.py",
        1e-6,
    ),
    "ch14 cliff walking: Q-learning and SARSA": (
        "snippets/ch14/cliff_tf.py",
        "snippets/ch14/cliff_torch.py",
        1e-9,
    ),
    "ch14 overestimation of the max: single vs double estimator": (
        "snippets/ch14/dqn_overestimation_tf.py",
        "snippets/ch14/dqn_overestimation_torch.py",
        1e-9,
    ),
    "ch14 policy-gradient estimates with and without a baseline": (
        "snippets/ch14/pg_variance_tf.py",
        "snippets/ch14/pg_variance_torch.py",
        1e-10,
    ),
    "ch14 Baird's counterexample: the deadly triad": (
        "snippets/ch14/wrong_baird_tf.py",
        "snippets/ch14/wrong_baird_torch.py",
        1e-9,
    ),
    "ch14 reward hacking in a corridor": (
        "snippets/ch14/wrong_hacking_tf.py",
        "snippets/ch14/wrong_hacking_torch.py",
        1e-9,
    ),
    "ch14 variance across seeds: IQM and bootstrap CI": (
        "snippets/ch14/wrong_seeds_tf.py",
        "snippets/ch14/wrong_seeds_torch.py",
        1e-9,
    ),
}


@pytest.fixture(scope="module")
def fork_server():
    """Started only when a result is missing (the page tests usually left them)."""
    from tests.runner import ForkServer

    servers = []

    def get():
        if not servers:
            servers.append(ForkServer())
        return servers[0]

    yield get
    for server in servers:
        server.close()


def result_of(path: str, fork_server) -> dict[str, np.ndarray]:
    """The file's ``result`` as named arrays: a dict keeps its keys, anything else is ''."""
    if pages.RESULTS.get(path) is None:
        code = (ROOT / path).read_text(encoding="utf-8")
        outcome = fork_server().run(code, Path(path).name)
        assert outcome.ok, f"{path} failed:\n{outcome.error}"
        pages.RESULTS[path] = outcome.result
    result = pages.RESULTS[path]
    assert result is not None, f"{path} must leave its answer in a global `result`"
    parts = result if isinstance(result, dict) else {"": result}
    return {str(k): np.asarray(v, dtype=np.float64) for k, v in parts.items()}


@pytest.mark.parametrize("example", PAIRS)
def test_tensorflow_and_pytorch_agree(example: str, fork_server):
    tf_file, torch_file, atol = PAIRS[example]
    tf_result = result_of(tf_file, fork_server)
    torch_result = result_of(torch_file, fork_server)
    assert tf_result.keys() == torch_result.keys(), (
        f"{example}: `result` keys differ: {tf_file} {sorted(tf_result)}, "
        f"{torch_file} {sorted(torch_result)}"
    )
    for key, tf_value in tf_result.items():
        torch_value = torch_result[key]
        name = f"{example}[{key!r}]" if key else example
        assert tf_value.shape == torch_value.shape, (
            f"{name}: shapes differ: {tf_file} {tf_value.shape}, "
            f"{torch_file} {torch_value.shape}"
        )
        gap = float(np.max(np.abs(tf_value - torch_value), initial=0.0))
        assert gap <= atol, f"{name}: max |TF - PyTorch| = {gap:.2e} > {atol:.0e}"
