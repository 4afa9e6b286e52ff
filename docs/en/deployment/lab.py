# %% [markdown]
# # Lab: what compression costs
#
# The sections of this chapter each measured one technique. This lab puts them side by
# side on the chapter's base model (64 → 256 → 256 → 10, trained for 20 epochs on the
# digits), in both frameworks where the technique exists:
#
# - the float32 **baseline**;
# - **unstructured magnitude pruning** of 80% of the weights of every layer, with masks,
#   then three epochs of fine-tuning with the masks kept on ([12.1](../pruning/));
# - **structured pruning**: half of the hidden units of each layer removed (those with the
#   smallest incoming weight norm), then three epochs of fine-tuning;
# - PyTorch **dynamic int8** quantization of the `Linear` layers, and a TFLite
#   **full-integer int8** model calibrated on 100 representative images and run with the
#   LiteRT interpreter ([12.2](../quantization/));
# - a **64 → 32 → 10 student**, trained for 40 epochs on all the training labels, alone and
#   distilled from the baseline at $T=4$, $\alpha=0.9$ ([12.3](../distillation/)).
#
# For each it measures the size of the serialized model in bytes (a `.keras` file
# without optimizer state, a `torch.save` of the `state_dict`, the `.tflite` flatbuffer),
# the same bytes compressed with gzip, the median time of a call on one image and on 256
# images (on one CPU thread), and the accuracy on the 540 test images.
#
# This page is executed in full whenever the site is built. **The times are this build
# machine's**, measured once while it did other work; on your machine they will be
# different, and even their order can change. The code asserts nothing about them; it
# asserts only the relations between sizes and accuracies quoted below. The button at
# the top right downloads the `.ipynb` with its outputs.
#
# ## The table

# %% alt="Left: test accuracy against serialized size on a log scale for every variant of the lab, coloured by framework (Keras, LiteRT, PyTorch); the int8 models and the models with half of the units removed sit far to the left of the float32 models at almost the same accuracy, and the distilled and plain students are the smallest. Right: horizontal bars of the time of one call on a batch of 256 images on the build machine, one bar per variant."
--8<-- "snippets/ch12/lab_table.py"

# %% [markdown]
# What to read in the table:
#
# - **Sizes.** Both int8 models are less than 0.4 times their float model's file (the
#   code asserts it): one byte per weight instead of four, plus scales and the file's
#   own structure. Removing half of the hidden units also gives a file less than 0.4 times
#   the size, because the 256 × 256 matrix, which holds most of the weights, shrinks to
#   128 × 128.
# - **Unstructured pruning does not shrink the file.** The pruned model stores its zeros
#   as ordinary float32 values, so its bytes are those of the baseline. The zeros show up
#   only after compression: its gzip size is less than 0.6 times the baseline's (asserted),
#   while float weights hardly compress at all. To profit from the zeros one needs a
#   sparse format or kernels that skip them ([12.1](../pruning/)).
# - **Accuracy.** Every variant stays within 0.06 of its float model (asserted), and the
#   TFLite int8 model within 0.02 (asserted). On this small problem, compression costs
#   little accuracy; the 8×8 digits are forgiving, and larger models on harder tasks
#   lose more.
# - **The students.** With all 1,257 labels, distillation brings no clear gain: the
#   distilled student gains less than 0.02 over the student trained on labels alone
#   (asserted), and it may well be below it; compare the last two rows of each framework.
#   The gain in [12.3](../distillation/#example-distillation) came from scarce labels.
# - **Times.** Read the latency columns with care. At batch 1 much of the time is the
#   call's overhead (Python, the framework's dispatch) rather than arithmetic, so compare
#   how much a model gains at batch 1 with how much it gains at batch 256. The masked,
#   pruned model does exactly the same dense work as the baseline. Dynamic int8 has to
#   quantize the activations on every call, which can make it slower than float32 on
#   small batches.
#
# **Try it:** prune 95% instead of 80% and look at the accuracy; fine-tune the pruned
# model for 0 epochs instead of 3; quantize the structured-pruned model as well, to
# combine two techniques; or give the student 200 labelled images and compare the two
# students again.
