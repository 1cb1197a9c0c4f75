"""sagemaker_inference.decoder.decode: JSON, CSV, NPY to numpy, NPZ to a scipy sparse matrix."""
import sagebrush_codecs


def decode(obj, content_type):
    return sagebrush_codecs.decode_numpy(obj, content_type)
