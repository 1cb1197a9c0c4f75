"""Sagebrush's model server for script-mode models: the SageMaker inference toolkit's handler contract.

Filled in by the hosting work (issue 5); see ModelServerScript.cs for how it is run.
"""
import sys

sys.exit("model_server.py: not implemented yet")
