"""The model server's settings, read once from the environment the hosting side sets (see ModelServerScript.cs)."""
import os

DEFAULT_PORT = 8080
DEFAULT_MODEL_DIR = "/opt/ml/model"
# The inference toolkit's default user module when SAGEMAKER_PROGRAM is unset.
DEFAULT_PROGRAM = "inference.py"
DEFAULT_ACCEPT = "application/json"
DEBUG = 10


class Settings:
    def __init__(self, environ):
        self.port = int(environ.get("SAGEMAKER_BIND_TO_PORT") or DEFAULT_PORT)
        self.model_dir = environ.get("SM_MODEL_DIR") or DEFAULT_MODEL_DIR
        self.code_dir = _local_dir(environ.get("SAGEMAKER_SUBMIT_DIRECTORY") or os.path.join(self.model_dir, "code"))
        program = environ.get("SAGEMAKER_PROGRAM") or DEFAULT_PROGRAM
        self.program_set = bool(environ.get("SAGEMAKER_PROGRAM"))
        self.module_name = program[:-3] if program.endswith(".py") else program
        self.framework = (environ.get("SAGEBRUSH_FRAMEWORK") or "").strip().lower()
        self.default_accept = environ.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT") or DEFAULT_ACCEPT
        self.debug = _log_level(environ.get("SAGEMAKER_CONTAINER_LOG_LEVEL")) <= DEBUG


def _local_dir(value):
    # The hosting side downloads an s3:// submit directory before starting us; here it must already be local.
    if value.startswith("file://"):
        return value[len("file://"):]
    if "://" in value:
        raise ValueError(f"SAGEMAKER_SUBMIT_DIRECTORY must be a local directory for the model server, not {value}")
    return value


def _log_level(value):
    # SageMaker passes Python logging levels as numbers (sagemaker_container_log_level=10); names work too.
    names = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "WARN": 30, "ERROR": 40, "CRITICAL": 50}
    if not value:
        return 20
    value = value.strip().strip('"')
    return int(value) if value.lstrip("-").isdigit() else names.get(value.upper(), 20)
