"""The inference toolkit's handler contract: the user module's functions, the framework's defaults for the rest.

As sagemaker_inference.transformer.Transformer: model_fn(model_dir) at start (after pre_model_fn, before
model_warmup_fn), then per request either transform_fn(model, body, content_type, accept) or
input_fn(body, content_type) -> predict_fn(data, model) -> output_fn(prediction, accept). A handler that takes one
more argument than these also gets a context (the toolkit passes the MMS context; ours has the same common methods).
"""
import importlib
import inspect
import json
import os
import sys
import threading
import traceback

import sagebrush_codecs as codecs

UNSUPPORTED_MEDIA_TYPE = 415
NOT_ACCEPTABLE = 406


class ErrorResponse(Exception):
    """A failed request: the status and body the model server answers with."""

    def __init__(self, status, body, content_type="text/plain"):
        super().__init__(body)
        self.status = status
        self.body = body
        self.content_type = content_type


class Response:
    def __init__(self, body, content_type, headers):
        self.body = body
        self.content_type = content_type
        self.headers = headers


class _RequestProcessor:
    def __init__(self, headers):
        self._headers = headers

    def get_request_properties(self):
        return dict(self._headers)

    def get_request_property(self, key):
        return _header(self._headers, key)


class Context:
    """What the toolkit's MMS context offers a handler: system properties, request headers, response headers."""

    def __init__(self, model_dir, headers=()):
        self.system_properties = {"model_dir": model_dir, "gpu_id": None, "batch_size": 1, "server_name": "sagebrush"}
        self.request_processor = [_RequestProcessor(list(headers))]
        self.response_headers = {}
        self.response_content_type = None
        self.response_status = None

    def get_request_header(self, idx, key):
        return _header(self.request_processor[idx].get_request_properties().items(), key)

    def get_all_request_header(self, idx):
        return self.request_processor[idx].get_request_properties()

    def set_response_header(self, idx, key, value):
        self.response_headers[key] = str(value)

    def set_response_content_type(self, idx, value):
        self.response_content_type = value

    def set_response_status(self, code=200, phrase="", idx=0):
        self.response_status = (code, phrase)


class Transformer:
    def __init__(self, settings, defaults):
        self._settings = settings
        self._defaults = defaults
        self._model = None
        # One request at a time through the handlers, as in one toolkit worker: user code need not be thread-safe.
        self._lock = threading.Lock()
        self.execution_parameters_fn = None

    def load(self):
        """Import the user module, choose the handlers and load the model; raises whatever model_fn raises."""
        module = self._import_user_module()

        def pick(name):
            return getattr(module, name, None) if module is not None else None

        transform_fn = pick("transform_fn")
        input_fn, predict_fn, output_fn = pick("input_fn"), pick("predict_fn"), pick("output_fn")
        if transform_fn and (input_fn or predict_fn or output_fn):
            raise ValueError("Cannot use transform_fn implementation in conjunction with "
                             "input_fn, predict_fn, and/or output_fn implementation")
        self._transform_fn = transform_fn
        self._input_fn = input_fn or self._defaults.input_fn
        self._predict_fn = predict_fn or self._defaults.predict_fn
        self._output_fn = output_fn or self._defaults.output_fn
        self.execution_parameters_fn = pick("execution_parameters_fn")

        model_dir = self._settings.model_dir
        context = Context(model_dir)
        if pick("pre_model_fn"):
            _call(pick("pre_model_fn"), context, model_dir)
        self._model = _call(pick("model_fn") or self._defaults.model_fn, context, model_dir)
        if pick("model_warmup_fn"):
            _call(pick("model_warmup_fn"), context, model_dir, self._model)

    def transform(self, body, headers):
        """Runs the handlers for one POST /invocations; returns a Response or raises ErrorResponse."""
        content_type = _header(headers, "Content-Type") or _header(headers, "ContentType") or codecs.JSON
        accept = _header(headers, "Accept")
        if not accept or accept.strip() == codecs.ANY:
            accept = self._settings.default_accept
        data = body
        if codecs.media_type(content_type) in codecs.UTF8_TYPES:
            try:
                data = body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ErrorResponse(400, f"The request body is not UTF-8 text, as {content_type} requires: {error}") from error

        context = Context(self._settings.model_dir, headers)
        with self._lock:
            try:
                if self._transform_fn is not None:
                    result = _call(self._transform_fn, context, self._model, data, content_type, accept)
                else:
                    result = self._default_transform(context, data, content_type, accept)
            except ErrorResponse:
                raise
            except Exception as error:  # noqa: BLE001 - every handler failure becomes an error response
                raise handler_error(error) from error
        return _response(result, accept, context)

    def _default_transform(self, context, data, content_type, accept):
        try:
            decoded = _call(self._input_fn, context, data, content_type)
        except codecs.UnsupportedFormatError as error:
            raise unsupported_format(error, UNSUPPORTED_MEDIA_TYPE) from error
        prediction = _call(self._predict_fn, context, decoded, self._model)
        try:
            return _call(self._output_fn, context, prediction, accept)
        except codecs.UnsupportedFormatError as error:
            raise unsupported_format(error, NOT_ACCEPTABLE) from error

    def _import_user_module(self):
        code_dir, name = self._settings.code_dir, self._settings.module_name
        requirements = os.path.join(code_dir, "requirements.txt")
        if os.path.isfile(requirements):
            print(f"model server: {requirements} is not installed; the model server uses the packages "
                  f"/usr/bin/python3 already has.", file=sys.stderr, flush=True)
        if not os.path.isfile(os.path.join(code_dir, name + ".py")) and not os.path.isdir(os.path.join(code_dir, name)):
            if self._settings.program_set:
                print(f"model server: no {name}.py in {code_dir}; using the {self._defaults.name} default handlers.",
                      file=sys.stderr, flush=True)
            return None
        sys.path.insert(0, code_dir)
        # Last on the path: the stand-in sagemaker_inference helpers, for scripts that import them.
        sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "compat"))
        return importlib.import_module(name)


def handler_error(error):
    """The response for an exception a handler raised: its own status if it carries one, else 500."""
    traceback.print_exception(error, file=sys.stderr)
    sys.stderr.flush()
    status = getattr(error, "status_code", None)
    if isinstance(status, int) and 400 <= status <= 599:
        # The toolkit's BaseInferenceToolkitError(status_code, message, phrase) lets a handler choose the status.
        return ErrorResponse(status, str(getattr(error, "message", None) or error))
    return ErrorResponse(500, traceback.format_exception_only(error)[-1].strip())


def unsupported_format(error, status):
    # The error document sagemaker-containers' default transform answers 415 and 406 with.
    print(f"model server: {status}: {error}", file=sys.stderr, flush=True)
    body = json.dumps({"error": type(error).__name__, "error-message": str(error), "stack-trace": traceback.format_exc()})
    return ErrorResponse(status, body, codecs.JSON)


def _call(function, context, *arguments):
    """Calls a handler with or without the trailing context argument, as the toolkit's _run_handler_function."""
    count = len(inspect.signature(function).parameters)
    if count == len(arguments):
        return function(*arguments)
    if count == len(arguments) + 1:
        return function(*arguments, context)
    raise TypeError(f"{function.__name__} takes {count} arguments but {len(arguments)} were given.")


def _response(result, accept, context):
    content_type = accept
    if isinstance(result, tuple):
        # (body, content_type), the toolkit's backwards-compatible form.
        result, content_type = result[0], result[1]
    return Response(encode_body(result), content_type, context.response_headers)


def encode_body(result):
    if result is None:
        return b""
    if isinstance(result, str):
        return result.encode("utf-8")
    if isinstance(result, (bytes, bytearray, memoryview)):
        return bytes(result)
    if isinstance(result, (dict, list)):
        return json.dumps(result).encode("utf-8")
    raise ErrorResponse(500, f"TypeError: the handler returned a {type(result).__name__}; "
                             f"output_fn and transform_fn must return str or bytes (or a (body, content_type) tuple)")


def _header(headers, name):
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return None
