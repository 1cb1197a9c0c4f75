"""The request helpers of sagemaker_inference.utils that handlers use."""
import re

CONTENT_TYPE_REGEX = re.compile("^[Cc]ontent-?[Tt]ype")


def retrieve_content_type_header(request_property):
    for key in request_property:
        if CONTENT_TYPE_REGEX.match(key):
            return request_property[key]
    return None


def parse_accept(accept):
    return accept.replace(" ", "").split(",")
