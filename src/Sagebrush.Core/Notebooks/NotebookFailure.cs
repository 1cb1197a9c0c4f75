namespace Sagebrush.Core.Notebooks;

/// <summary>Why a notebook instance could not start: its FailureReason.</summary>
public sealed class NotebookFailure(string reason) : Exception(reason);
