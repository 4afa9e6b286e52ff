# book: tolerance ±0.01
import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
np.random.seed(SEED)
torch.manual_seed(SEED)
torch.set_num_threads(1)  # small model: one thread per call is fastest

# the chapter's base model: digits, MLP 64 -> 256 -> 256 -> 10, Adam, 20 epochs
digits = load_digits()
X = (digits.data / 16).astype(np.float32)
X_tr, X_te, y_tr, y_te = train_test_split(
    X, digits.target, test_size=0.3, random_state=0, stratify=digits.target
)
model = torch.nn.Sequential(
    torch.nn.Linear(64, 256),
    torch.nn.ReLU(),
    torch.nn.Linear(256, 256),
    torch.nn.ReLU(),
    torch.nn.Linear(256, 10),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
data = torch.utils.data.TensorDataset(torch.tensor(X_tr), torch.tensor(y_tr))
loader = torch.utils.data.DataLoader(data, batch_size=64, shuffle=True)
for _epoch in range(20):
    for xb, yb in loader:
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xb), yb).backward()
        opt.step()
model.eval()
lock = threading.Lock()  # one model call at a time


def predict(x):  # float32 array (n, 64) -> probabilities (n, 10)
    with lock, torch.no_grad():
        return torch.softmax(model(torch.from_numpy(x)), dim=1).numpy()


class Handler(BaseHTTPRequestHandler):
    def reply(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # model status, like TF Serving's /v1/models/<name>
        if self.path == "/v1/models/digits":
            self.reply(200, {"model": "digits", "version": 1, "state": "AVAILABLE"})
        else:
            self.reply(404, {"error": "no such model"})

    def do_POST(self):
        if self.path != "/v1/models/digits:predict":
            return self.reply(404, {"error": "no such model"})
        try:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            x = np.asarray(body["instances"], dtype=np.float32)
            if x.ndim != 2 or x.shape[1] != 64:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            return self.reply(
                400, {"error": "expected {'instances': [[64 numbers], ...]}"}
            )
        p = predict(x)
        self.reply(
            200, {"predictions": p.argmax(1).tolist(), "probabilities": p.tolist()}
        )

    def log_message(self, *args):  # keep the output quiet
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # port 0: any free port
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy


def call(path, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(
        url + path, data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with opener.open(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


status, meta = call("/v1/models/digits")
print("GET  /v1/models/digits ->", status, meta)

batches = [X_te[i : i + 10] for i in range(0, len(X_te), 10)]
with ThreadPoolExecutor(max_workers=4) as pool:  # 4 clients at once
    answers = list(
        pool.map(
            lambda b: call("/v1/models/digits:predict", {"instances": b.tolist()}),
            batches,
        )
    )
codes = {code for code, _ in answers}
print(
    f"POST {len(batches)} requests of up to 10 digits from 4 client threads -> {sorted(codes)}"
)

http_labels = np.concatenate([a["predictions"] for _, a in answers])
http_probs = np.concatenate([a["probabilities"] for _, a in answers])
local_probs = np.concatenate([predict(b) for b in batches])  # same batches, in process
same_labels = np.array_equal(http_labels, local_probs.argmax(1))
close = np.abs(http_probs - local_probs).max() < 1e-5
exact_json = np.array_equal(
    np.array(json.loads(json.dumps(local_probs.tolist()))), local_probs
)
print(f"HTTP labels equal in-process labels: {same_labels} ({len(http_labels)} digits)")
print(f"HTTP probabilities vs in-process, max |diff| < 1e-5: {close}")
print(f"JSON round trip of float32 probabilities is exact: {exact_json}")
acc = np.mean(http_labels == y_te)
print(f"test accuracy over HTTP: {acc:.3f}")

bad_status, bad = call("/v1/models/digits:predict", {"instances": [[0.0] * 63]})
print("POST 63 numbers instead of 64 ->", bad_status, bad)
server.shutdown()
server.server_close()

assert status == 200 and meta["state"] == "AVAILABLE", (
    "the model reports itself available"
)
assert codes == {200}, "every request succeeded"
assert same_labels and close, "the served model answers like the model in process"
assert exact_json, "JSON carries float32 probabilities exactly"
assert acc > 0.95, "the base model reaches above 0.95 over HTTP"
assert bad_status == 400, "a malformed request is refused"
