using System.Globalization;
using System.Text;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>Where a job sits in the order; the token form carries no job.</summary>
public sealed record TrainingJobListPosition(string Name, long CreatedMs, string Status, DescribeTrainingJobResponse? Job)
{
    public static TrainingJobListPosition Of(DescribeTrainingJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.TrainingJobName, job.CreationTime.ToUnixTimeMilliseconds(), job.TrainingJobStatus, job);
    }

    public string Encode(string sortBy) => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        string.Join('\n', "v1", sortBy, Name, CreatedMs.ToString(CultureInfo.InvariantCulture), Status)));

    public static TrainingJobListPosition Decode(string token, string sortBy)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            if (parts is ["v1", var tokenSortBy, var name, var created, var status] && tokenSortBy == sortBy)
            {
                return new TrainingJobListPosition(name, long.Parse(created, CultureInfo.InvariantCulture), status, null);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw TrainingErrors.Validation("Invalid pagination token: NextToken must come from a previous ListTrainingJobs response with the same SortBy.");
    }
}
