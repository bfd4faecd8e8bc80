"""One process of the model store's race test (tests/unit/test_model_store.py): a writer saves the same key again and
again, a reader loads it in a loop; both wait for a go file so that they overlap. Run as a script:

    python tests/store_race.py writer-a|writer-b|reader LOCATION KEY FOLDER [ENDPOINT]

FOLDER holds the ready/go/stop files; the reader prints one JSON line (what it saw) last. Every saved model records
in its JSON what it outputs for a fixed input, so the reader checks that the model it got is the JSON's own.
"""

import json
import os
import sys
import time
import traceback
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
warnings.filterwarnings("ignore")  # Keras' note on each load of an untrained optimizer

import keras  # noqa: E402
import numpy as np  # noqa: E402

from core.training.model_store import ModelStore  # noqa: E402

WRITES = 12
INPUT = np.linspace(-1.0, 1.0, 3, dtype="float32").reshape(1, 3)


def tiny_model(seed: int):
    model = keras.Sequential(
        [keras.Input(shape=(3,)), keras.layers.Dense(2, kernel_initializer=keras.initializers.GlorotUniform(seed))]
    )
    model.compile(optimizer="adam", loss="mse")
    return model


def wait_for(path: Path) -> None:
    while not path.exists():
        time.sleep(0.02)


def main(role: str, location: str, key: str, folder: str, endpoint: str | None = None) -> None:
    folder = Path(folder)
    options = {"endpoint_url": endpoint} if endpoint else None
    store = ModelStore(location, memory_entries=0, storage_options=options)
    tiny_model(0)(INPUT)  # Keras' first model is slow to build: done before the race starts
    (folder / f"ready-{role}-{os.getpid()}").touch()
    wait_for(folder / "go")
    if role.startswith("writer"):
        for index in range(WRITES):
            seed = os.getpid() * 100 + index
            model = tiny_model(seed)
            output = np.asarray(model(INPUT)).tolist()
            store.save(key, model, {"config": {"seed": seed}, "history": {}, "test_metrics": {}, "output": output})
        return
    seen = {"loads": 0, "hits": 0, "misses": 0, "misses_after_a_hit": 0, "mismatches": 0, "errors": []}
    stop = folder / "stop"
    while True:
        stopping = stop.exists()  # one more load after the writers ended: the entry must be there
        try:
            loaded = store.load(key)
            seen["loads"] += 1
            if loaded is None:
                seen["misses"] += 1
                seen["misses_after_a_hit"] += seen["hits"] > 0
            else:
                seen["hits"] += 1
                output = np.asarray(loaded.model(INPUT))
                if not np.allclose(output, np.asarray(loaded.metadata["output"]), atol=1e-6):
                    seen["mismatches"] += 1
        except Exception:  # noqa: BLE001 - what the test counts
            seen["errors"].append(traceback.format_exc(limit=3))
        if stopping:
            break
    seen["last_was_hit"] = loaded is not None
    print(json.dumps(seen), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
