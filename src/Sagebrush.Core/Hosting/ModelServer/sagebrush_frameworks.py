"""The default handlers of each framework ($SAGEBRUSH_FRAMEWORK), used for every handler the user module lacks.

They follow the framework serving packages: sagemaker-inference-toolkit (generic), sagemaker-scikit-learn-container,
sagemaker-xgboost-container (script mode) and sagemaker-pytorch-inference-toolkit. Where Sagebrush differs:
- xgboost: the default model_fn loads <model_dir>/xgboost-model (pickled or saved with save_model), as the container's
  algorithm mode does; the container's script mode asks for a model_fn instead.
- CSV decodes to rows x columns also for a single row; application/x-npy bodies may not contain pickles.
"""
import os
import textwrap

import sagebrush_codecs as codecs

PROVIDE_MODEL_FN = textwrap.dedent("""
    Please provide a model_fn implementation.
    See documentation for model_fn at https://sagemaker.readthedocs.io/en/stable/
    """)
PROVIDE_PREDICT_FN = textwrap.dedent("""
    Please provide a predict_fn implementation.
    See documentation for predict_fn at https://sagemaker.readthedocs.io/en/stable/
    """)


class DefaultHandlers:
    """The inference toolkit's bare defaults: numpy in and out, no model_fn, no predict_fn."""

    name = "generic"
    encodes = (codecs.JSON, codecs.CSV, codecs.NPY)

    def __init__(self, default_accept=codecs.JSON):
        self.default_accept = default_accept

    def model_fn(self, model_dir):
        raise NotImplementedError(PROVIDE_MODEL_FN)

    def input_fn(self, input_data, content_type):
        return codecs.decode_numpy(input_data, content_type)

    def predict_fn(self, data, model):
        raise NotImplementedError(PROVIDE_PREDICT_FN)

    def output_fn(self, prediction, accept):
        chosen = codecs.choose_accept(accept, self.encodes, self.default_accept)
        return codecs.encode_numpy(prediction, chosen), chosen


class SklearnHandlers(DefaultHandlers):
    """sagemaker-scikit-learn-container: the user loads the model; float32 rows in, model.predict, numpy out."""

    name = "sklearn"

    def input_fn(self, input_data, content_type):
        import numpy as np
        array = codecs.decode_numpy(input_data, content_type)
        if getattr(array, "ndim", None) == 1:
            array = array.reshape(1, -1)
        return array.astype(np.float32) if codecs.media_type(content_type) in codecs.UTF8_TYPES else array

    def predict_fn(self, data, model):
        return model.predict(data)


class XGBoostHandlers(DefaultHandlers):
    """sagemaker-xgboost-container script mode: CSV or LIBSVM to a DMatrix, Booster.predict, numpy out."""

    name = "xgboost"
    model_file = "xgboost-model"

    def model_fn(self, model_dir):
        path = os.path.join(model_dir, self.model_file)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"The default xgboost model_fn loads {path}, which does not exist; "
                                    f"save the model there or define model_fn in the inference script.")
        with open(path, "rb") as model_file:
            pickled = model_file.read(1) == b"\x80"
        if pickled:
            import pickle
            with open(path, "rb") as model_file:
                return pickle.load(model_file)  # noqa: S301 - the model artifact is the user's own
        import xgboost as xgb
        return xgb.Booster(model_file=path)

    def input_fn(self, input_data, content_type):
        kind = codecs.media_type(content_type)
        if kind == codecs.CSV:
            return _csv_to_dmatrix(codecs.as_text(input_data))
        if kind in (codecs.LIBSVM, codecs.X_LIBSVM):
            return _libsvm_to_dmatrix(codecs.as_text(input_data))
        raise codecs.UnsupportedFormatError(content_type)

    def predict_fn(self, data, model):
        return model.predict(data, validate_features=False)


class PyTorchHandlers(DefaultHandlers):
    """sagemaker-pytorch-inference-toolkit: a TorchScript model.pt (or the one .pt/.pth file), tensors in and out."""

    name = "pytorch"
    decodes = (codecs.JSON, codecs.CSV, codecs.NPY, codecs.NPZ)

    def model_fn(self, model_dir):
        torch = _torch()
        path = os.path.join(model_dir, "model.pt")
        if not os.path.exists(path):
            candidates = [name for name in sorted(os.listdir(model_dir))
                          if os.path.isfile(os.path.join(model_dir, name)) and os.path.splitext(name)[1] in (".pt", ".pth")]
            if len(candidates) != 1:
                raise ValueError(f"Exactly one .pth or .pt file is required for PyTorch models: {candidates}")
            path = os.path.join(model_dir, candidates[0])
        try:
            model = torch.jit.load(path, map_location=_device(torch))
        except RuntimeError as error:
            raise RuntimeError(f"Failed to load {path}. Please ensure model is saved using torchscript.") from error
        return model.to(_device(torch))

    def input_fn(self, input_data, content_type):
        torch = _torch()
        array = codecs.decode_numpy(input_data, content_type)
        tensor = torch.FloatTensor(array) if codecs.media_type(content_type) in codecs.UTF8_TYPES else torch.from_numpy(array)
        return tensor.to(_device(torch))

    def predict_fn(self, data, model):
        torch = _torch()
        with torch.no_grad():
            device = _device(torch)
            model = model.to(device)
            model.eval()
            return model(data.to(device))

    def output_fn(self, prediction, accept):
        torch = _torch()
        if isinstance(prediction, torch.Tensor):
            prediction = prediction.detach().cpu().numpy().tolist()
        return super().output_fn(prediction, accept)


FRAMEWORKS = {
    "": DefaultHandlers,
    "sklearn": SklearnHandlers,
    "scikit-learn": SklearnHandlers,
    "xgboost": XGBoostHandlers,
    "pytorch": PyTorchHandlers,
    "torch": PyTorchHandlers,
}


def defaults_for(framework, default_accept):
    if framework not in FRAMEWORKS:
        raise ValueError(f"SAGEBRUSH_FRAMEWORK={framework} is not one the model server knows: "
                         f"{', '.join(sorted(name for name in FRAMEWORKS if name))}")
    return FRAMEWORKS[framework](default_accept)


def _torch():
    try:
        import torch
    except ImportError as error:
        raise ImportError("The PyTorch default handlers need torch, which /usr/bin/python3 cannot import here; "
                          "install PyTorch for /usr/bin/python3 (Debian: python3-torch).") from error
    return torch


def _device(torch):
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _csv_to_dmatrix(text):
    import csv
    import numpy as np
    import xgboost as xgb
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        raise ValueError("The CSV request body has no rows.")
    # As the container: sniff the delimiter of the first line; an empty cell is a missing value.
    try:
        sniffed = csv.Sniffer().sniff(lines[0][:512]).delimiter
    except csv.Error:
        sniffed = ","
    delimiter = "," if sniffed.isalnum() else sniffed
    rows = [["nan" if cell.strip() == "" else cell for cell in line.rstrip("\r").split(delimiter)] for line in lines]
    return xgb.DMatrix(np.array(rows, dtype=np.float32))


def _libsvm_to_dmatrix(text):
    import tempfile
    import xgboost as xgb
    with tempfile.NamedTemporaryFile(mode="w", suffix=".libsvm", delete=False) as libsvm_file:
        libsvm_file.write(text)
    try:
        return xgb.DMatrix(libsvm_file.name + "?format=libsvm")
    finally:
        os.remove(libsvm_file.name)
