#!/usr/bin/env bash
# Makes tools/keras_reference/.venv with TensorFlow 2.21 (CPU) + Keras 3, offline,
# from the machine image's local Python wheelhouse (the folder that holds the
# TensorFlow wheel tfjs-node's set-up uses). Not part of the npm packages or CI.
#
#   bash tools/keras_reference/setup.sh            # wheelhouse from $TFJS_SMELU_WHEELHOUSE or /opt/pypi/files
#   TFJS_SMELU_WHEELHOUSE=/path bash tools/keras_reference/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

wheelhouse="${TFJS_SMELU_WHEELHOUSE:-}"
if [[ -z "$wheelhouse" ]]; then
  if compgen -G '/opt/pypi/files/tensorflow_cpu-2.21.0-*.whl' > /dev/null; then
    wheelhouse=/opt/pypi/files
  else
    found="$(find / -name 'tensorflow_cpu-2.21.0-*.whl' -print -quit 2>/dev/null || true)"
    [[ -n "$found" ]] && wheelhouse="$(dirname "$found")"
  fi
fi

if [[ ! -x "$venv/bin/python" ]]; then
  "$python" -m venv "$venv"
fi
if [[ -n "$wheelhouse" ]]; then
  echo "installing tensorflow-cpu==2.21.0 offline from $wheelhouse"
  "$venv/bin/pip" install --quiet --no-index --find-links "$wheelhouse" tensorflow-cpu==2.21.0
else
  echo "no local wheelhouse found; installing tensorflow-cpu==2.21.0 from the package index"
  "$venv/bin/pip" install --quiet tensorflow-cpu==2.21.0
fi
"$venv/bin/python" - <<'PY'
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras, numpy, tensorflow as tf
print(f"ok: tensorflow {tf.__version__}, keras {keras.__version__}, numpy {numpy.__version__}")
PY
