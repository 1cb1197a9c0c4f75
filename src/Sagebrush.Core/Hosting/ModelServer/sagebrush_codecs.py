"""Decoders and encoders the default handlers use, with the content types the SageMaker toolkits define.

numpy (and scipy for application/x-npz) are imported on first use, so a user module with its own input_fn and
output_fn never needs them.
"""
import csv
import io
import json
import textwrap

JSON = "application/json"
CSV = "text/csv"
NPY = "application/x-npy"
NPZ = "application/x-npz"
LIBSVM = "text/libsvm"
X_LIBSVM = "text/x-libsvm"
ANY = "*/*"
# Bodies of these types reach the handlers as str, every other type as bytes (as in the toolkit).
UTF8_TYPES = (JSON, CSV)


class UnsupportedFormatError(Exception):
    """A content type (415 when decoding) or accept type (406 when encoding) the default handlers do not speak."""

    def __init__(self, content_type):
        super().__init__(textwrap.dedent(
            f"""Content type {content_type} is not supported by this framework.

            Please implement input_fn to to deserialize the request data or an output_fn to
            serialize the response. For more information, see the SageMaker Python SDK README."""))


def media_type(value):
    """The bare media type of a Content-Type or Accept value: 'text/csv; charset=utf-8' -> 'text/csv'."""
    return (value or "").split(";", 1)[0].strip().lower()


def as_text(data):
    return data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data


def decode_numpy(data, content_type):
    """application/json, text/csv, application/x-npy to a numpy array; application/x-npz to a scipy sparse matrix."""
    kind = media_type(content_type)
    if kind == JSON:
        import numpy as np
        return np.array(json.loads(as_text(data)))
    if kind == CSV:
        return csv_to_numpy(as_text(data))
    if kind == NPY:
        import numpy as np
        # No pickles from a request body: allow_pickle would let any caller run code in the server.
        return np.load(io.BytesIO(data), allow_pickle=False)
    if kind == NPZ:
        import scipy.sparse
        return scipy.sparse.load_npz(io.BytesIO(data))
    raise UnsupportedFormatError(content_type)


def csv_to_numpy(text):
    """Rows x columns, also for one row; numbers when every cell parses as one, strings otherwise."""
    import numpy as np
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=",", quotechar='"', strict=True) if row]
    try:
        return np.array(rows, dtype=np.float64)
    except ValueError:
        return np.array(rows)


def choose_accept(accept, supported, default_accept):
    """The first type of an Accept list the encoders support; */* means the endpoint's default accept."""
    for candidate in (accept or "").split(","):
        kind = media_type(candidate)
        if kind == ANY:
            kind = media_type(default_accept)
        if kind in supported:
            return kind
    raise UnsupportedFormatError(accept)


def encode_numpy(prediction, accept):
    kind = media_type(accept)
    if kind == JSON:
        return json.dumps(prediction, default=_to_list)
    if kind == CSV:
        return array_to_csv(prediction)
    if kind == NPY:
        import numpy as np
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(prediction))
        return buffer.getvalue()
    raise UnsupportedFormatError(accept)


def array_to_csv(prediction):
    """One line per row; a 1-D array is a column, one value per line (as sagemaker-containers writes it)."""
    import numpy as np
    array = np.asarray(prediction)
    if array.ndim == 0:
        array = array.reshape(1, 1)
    elif array.ndim == 1:
        array = array.reshape(array.shape[0], 1)
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n", delimiter=",", quotechar='"', doublequote=True, strict=True).writerows(array)
    return stream.getvalue()


def _to_list(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
