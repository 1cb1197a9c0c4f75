namespace Sagebrush.Core.Tuning.Shapes;

/// <summary>
/// The metadata store's document for a tuning job: what Describe answers, the seed the search runs with (the
/// request's RandomSeed, or one drawn at creation and kept), and the training jobs it launched, in order, with the
/// definition each came from (a training job does not record that itself).
/// </summary>
public sealed record StoredTuningJob(DescribeHyperParameterTuningJobResponse Job, int Seed, IReadOnlyList<TuningChild> Children);

/// <summary>One launched training job and the index of its definition in <see cref="TuningPlan"/> order.</summary>
public sealed record TuningChild(string TrainingJobName, int Definition);
