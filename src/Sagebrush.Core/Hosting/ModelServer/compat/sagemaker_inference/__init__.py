"""A small stand-in for the sagemaker-inference package, for inference scripts that import its helpers.

Only the modules scripts commonly use: content_types, decoder, encoder, errors, utils. The model server appends its
folder to the end of sys.path, so an installed sagemaker-inference wins over it.
"""
