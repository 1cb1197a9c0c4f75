"""sagemaker_inference.encoder.encode: numpy-like to JSON, CSV or NPY."""
import sagebrush_codecs

SUPPORTED_CONTENT_TYPES = {sagebrush_codecs.JSON, sagebrush_codecs.CSV, sagebrush_codecs.NPY}


def encode(array_like, content_type):
    return sagebrush_codecs.encode_numpy(array_like, content_type)
