"""sagemaker_inference.errors: raising one of these from a handler chooses the response's status and message."""
import sagebrush_codecs

# The same class the default handlers raise, so the model server answers it with 415 (decoding) or 406 (encoding).
UnsupportedFormatError = sagebrush_codecs.UnsupportedFormatError


class BaseInferenceToolkitError(Exception):
    def __init__(self, status_code, message, phrase):
        self.status_code = status_code
        self.message = message
        self.phrase = phrase
        super().__init__(status_code, message, phrase)


class GenericInferenceToolkitError(BaseInferenceToolkitError):
    def __init__(self, status_code, message=None, phrase=None):
        message = message or "Invalid Request"
        super().__init__(status_code, message, phrase or message)
