# A container image for the PyTorch server of this section, as text.
# Build and run (on a machine with Docker):
#   docker build -t digits-server .
#   docker run --rm -p 8000:8000 digits-server
DOCKERFILE = """\
FROM python:3.11-slim
RUN useradd --create-home app
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY server.py model.pt ./
USER app
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/v1/models/digits')"
CMD ["python", "server.py", "--host", "0.0.0.0", "--port", "8000"]
"""
REQUIREMENTS = """\
--extra-index-url https://download.pytorch.org/whl/cpu
torch==2.13.0+cpu
numpy==2.4.6
"""
print(DOCKERFILE)
print("requirements.txt:")
print(REQUIREMENTS, end="")

lines = DOCKERFILE.splitlines()
cmd = lines[-1]
assert lines[0].startswith("FROM python:3.11-slim"), "a small, pinned base image"
assert "USER app" in lines, "the server does not run as root"
assert '"0.0.0.0"' in cmd, "inside a container, listen on all interfaces, not 127.0.0.1"
assert "EXPOSE 8000" in lines and '"8000"' in cmd, "the exposed port is the one served"
assert all("==" in r for r in REQUIREMENTS.splitlines()[1:]), (
    "every package version is pinned"
)
assert lines.index("COPY requirements.txt .") < lines.index(
    "COPY server.py model.pt ./"
), "dependencies first: a code change does not reinstall them"
