using Sagebrush.Core.Common;
using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Processing;

/// <summary>Processing jobs as a <see cref="DocumentStore{T}"/> (type <c>processing-job</c>; the document is the Describe shape); every update stamps LastModifiedTime.</summary>
public sealed class ProcessingJobStore(IMetadataStore store, AccountSettings account, TimeProvider time)
{
    public const string ResourceType = "processing-job";

    private readonly DocumentStore<DescribeProcessingJobResponse> documents = new(
        store, account, ResourceType, ProcessingJsonContext.Default.DescribeProcessingJobResponse, "processing job");

    public TimeProvider Time => time;

    public string ArnOf(string name) => documents.ArnOf(name);

    public Task InsertAsync(DescribeProcessingJobResponse job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return documents.InsertAsync(job.ProcessingJobName, job, cancellationToken);
    }

    public Task<DescribeProcessingJobResponse?> GetAsync(string name, CancellationToken cancellationToken = default) => documents.GetAsync(name, cancellationToken);

    public Task<IReadOnlyList<DescribeProcessingJobResponse>> ListAsync(CancellationToken cancellationToken = default) => documents.ListAsync(cancellationToken);

    /// <summary>Applies <paramref name="change"/> (null leaves the job as it is), stamping LastModifiedTime; a job that is gone is DescribeProcessingJob's error.</summary>
    public async Task<DescribeProcessingJobResponse> UpdateAsync(string name, Func<DescribeProcessingJobResponse, DescribeProcessingJobResponse?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await documents.UpdateAsync(name, job => change(job) is { } changed ? changed with { LastModifiedTime = time.GetUtcNow() } : null, cancellationToken)
            ?? throw ProcessingErrors.JobNotFound(name);
    }
}
