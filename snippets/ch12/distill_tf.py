import keras
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# book: tolerance ±0.02
keras.utils.set_random_seed(0)
tf.config.threading.set_intra_op_parallelism_threads(1)  # small tensors
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
Xtr, Xte, ytr, yte = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)


def mlp(*sizes):
    model = keras.Sequential([keras.Input((sizes[0],))])
    for units in sizes[1:-1]:
        model.add(keras.layers.Dense(units, activation="relu"))
    model.add(keras.layers.Dense(sizes[-1]))  # logits
    return model


def accuracy(model):
    return float(np.mean(np.argmax(model(Xte), 1) == yte))


# teacher: the chapter's base model, 20 epochs on all 1,257 training images
teacher = mlp(64, 256, 256, 10)
teacher.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
)
teacher.fit(Xtr, ytr, batch_size=64, epochs=20, verbose=0)

# the student sees only 100 training images, with labels and the teacher's logits
xs, ys = tf.constant(Xtr[:100]), tf.constant(ytr[:100])
z_teacher = teacher(xs)
ce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
kl = keras.losses.KLDivergence()  # takes probabilities: KL(y_true || y_pred)


def kd_loss(z, T, alpha):
    hard = ce(ys, z)
    soft = kl(tf.nn.softmax(z_teacher / T), tf.nn.softmax(z / T))
    return alpha * T**2 * soft + (1 - alpha) * hard


student = mlp(64, 32, 10)
opt = keras.optimizers.Adam(1e-2)
opt.build(student.trainable_variables)
fresh_state = [v.numpy() for v in opt.variables]


@tf.function
def fit_student(T, alpha, steps=300):
    for _ in tf.range(steps):  # full batch: the 100 images
        with tf.GradientTape() as tape:
            loss = kd_loss(student(xs), T, alpha)
        grads = tape.gradient(loss, student.trainable_variables)
        opt.apply_gradients(zip(grads, student.trainable_variables))


def train_student(seed, T, alpha):
    keras.utils.set_random_seed(seed)
    student.set_weights(mlp(64, 32, 10).get_weights())  # fresh initial weights
    for v, value in zip(opt.variables, fresh_state):  # fresh Adam state
        v.assign(value)
    fit_student(tf.constant(T, tf.float32), tf.constant(alpha, tf.float32))
    return accuracy(student)


print(
    f"teacher  64-256-256-10: {teacher.count_params():6d} parameters, "
    f"accuracy {accuracy(teacher):.3f}"
)
print(f"student  64-32-10:      {student.count_params():6d} parameters")
acc = {}
runs = [
    ("labels only", 1, 0),
    ("KD T=1", 1, 0.9),
    ("KD T=4", 4, 0.9),
    ("KD T=8", 8, 0.9),
]
for name, T, alpha in runs:
    acc[name] = np.mean([train_student(seed, T, alpha) for seed in range(3)])
    print(f"student, {name:11s}: accuracy {acc[name]:.3f} (mean of 3 seeds)")

assert accuracy(teacher) > 0.93, "the teacher is a good model"
assert acc["KD T=4"] > acc["labels only"] + 0.02, (
    "distillation at T=4 helps the student"
)
assert acc["KD T=4"] < accuracy(teacher), "the student stays below its teacher"
