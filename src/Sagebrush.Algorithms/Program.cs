// Sagebrush.Algorithms <algorithm> train|serve: SageMaker's built-in algorithms behind the container contract.
// The training/serving runner is filled in with issue 4; this entry point fixes the command line the platform uses.
return Sagebrush.Algorithms.AlgorithmProgram.Run(args);
