"""core.training.workers: which GPU each training process gets (one per GPU with two or more, none pinned with one
or none), read from ``CUDA_VISIBLE_DEVICES`` or ``nvidia-smi -L``; and an engine with several GPUs and no
``max_workers`` has one slot per GPU. Nothing is trained and no process is started.
"""

import subprocess

import pytest

from core.training import workers
from core.training.engine import TrainingEngine
from core.training.model_store import ModelStore


@pytest.fixture
def no_nvidia_smi(monkeypatch):
    monkeypatch.setattr(workers.shutil, "which", lambda name: None)


def test_three_visible_gpus_give_one_each_round_robin(monkeypatch, no_nvidia_smi):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1,2")
    assert workers.gpu_ids() == ["0", "1", "2"]
    assert workers.worker_gpus(3) == ["0", "1", "2"]
    assert workers.worker_gpus(4) == ["0", "1", "2", "0"]
    assert workers.worker_gpus(1) == ["0"]


@pytest.mark.parametrize("hidden", ["", "-1"])
def test_no_visible_gpu_pins_nothing(monkeypatch, hidden):
    # Set but empty (or -1) hides every GPU, whatever nvidia-smi would list.
    monkeypatch.setattr(workers.shutil, "which", lambda name: "/usr/bin/nvidia-smi")
    monkeypatch.setattr(workers.subprocess, "run", _fake_smi("GPU 0: A\nGPU 1: B\n"))
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", hidden)
    assert workers.gpu_ids() == []
    assert workers.worker_gpus(2) == [None, None]


def test_unset_without_nvidia_smi_means_no_gpu(monkeypatch, no_nvidia_smi):
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    assert workers.gpu_ids() == []
    assert workers.worker_gpus(2) == [None, None]


def test_unset_reads_nvidia_smi(monkeypatch):
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.setattr(workers.shutil, "which", lambda name: "/usr/bin/nvidia-smi")
    listing = "GPU 0: NVIDIA H200 (UUID: GPU-a)\nGPU 1: NVIDIA H200 (UUID: GPU-b)\n"
    monkeypatch.setattr(workers.subprocess, "run", _fake_smi(listing))
    assert workers.gpu_ids() == ["0", "1"]
    assert workers.worker_gpus(2) == ["0", "1"]


def test_one_gpu_is_not_pinned(monkeypatch, no_nvidia_smi):
    # With a single GPU each process sees the devices exactly as TensorFlow would.
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "3")
    assert workers.gpu_ids() == ["3"]
    assert workers.worker_gpus(2) == [None, None]


def test_an_engine_gets_one_slot_per_gpu(monkeypatch, no_nvidia_smi, tmp_path):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    engine = TrainingEngine(max_workers=None, store=ModelStore(tmp_path / "store"))
    try:
        assert engine.max_workers == 2
        assert engine._slot_gpus == ["0", "1"]
        assert engine.workers() == []  # nothing started: processes start with the first job
    finally:
        engine.shutdown()


def _fake_smi(listing: str):
    def run(command, **options):
        return subprocess.CompletedProcess(command, 0, stdout=listing, stderr="")

    return run
