using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting.Capture;

/// <summary>
/// An endpoint configuration's DataCaptureConfig, as the capture writer uses it. <see cref="From"/> maps the API's shape
/// (CaptureOptions [{CaptureMode: Input|Output}], CaptureContentTypeHeader {CsvContentTypes, JsonContentTypes}) onto
/// it and rejects what SageMaker rejects. KmsKeyId is accepted and ignored: captured files are stored unencrypted.
/// </summary>
public sealed record DataCaptureSettings(
    bool EnableCapture,
    int InitialSamplingPercentage,
    string DestinationS3Uri,
    bool CaptureInput,
    bool CaptureOutput,
    IReadOnlyList<string> CsvContentTypes,
    IReadOnlyList<string> JsonContentTypes)
{
    public const string InputMode = "Input";
    public const string OutputMode = "Output";

    /// <summary>The bucket of <see cref="DestinationS3Uri"/>.</summary>
    public string Bucket => S3Location.Parse(DestinationS3Uri).Bucket;

    /// <summary>The key prefix of <see cref="DestinationS3Uri"/>, without leading or trailing slashes ("" for none).</summary>
    public string Prefix => S3Location.Parse(DestinationS3Uri).TrimmedPrefix;

    /// <summary>
    /// Builds the settings from DataCaptureConfig's raw values. EnableCapture defaults to true, as in SageMaker.
    /// </summary>
    /// <exception cref="AwsException">ValidationException for a percentage outside 0-100, no or unknown capture
    /// modes, or a destination that is not an <c>s3://bucket/prefix</c> URI.</exception>
    public static DataCaptureSettings From(
        bool? enableCapture,
        int initialSamplingPercentage,
        string destinationS3Uri,
        IEnumerable<string> captureModes,
        IEnumerable<string>? csvContentTypes = null,
        IEnumerable<string>? jsonContentTypes = null,
        string? kmsKeyId = null)
    {
        _ = kmsKeyId;
        if (initialSamplingPercentage is < 0 or > 100)
        {
            throw Validation($"Value '{initialSamplingPercentage}' at 'dataCaptureConfig.initialSamplingPercentage' failed to satisfy constraint: Member must have value between 0 and 100");
        }

        if (string.IsNullOrEmpty(destinationS3Uri) || !S3Location.TryParse(destinationS3Uri, out _))
        {
            throw Validation($"DestinationS3Uri '{destinationS3Uri}' is not a valid S3 URI: expected s3://bucket/prefix.");
        }

        var modes = (captureModes ?? []).ToList();
        if (modes.Count == 0)
        {
            throw Validation("CaptureOptions must contain at least one CaptureOption.");
        }

        foreach (var mode in modes)
        {
            if (mode is not (InputMode or OutputMode))
            {
                throw Validation($"Value '{mode}' at 'dataCaptureConfig.captureOptions.member.captureMode' failed to satisfy constraint: Member must satisfy enum value set: [Input, Output]");
            }
        }

        return new DataCaptureSettings(
            enableCapture ?? true,
            initialSamplingPercentage,
            destinationS3Uri,
            modes.Contains(InputMode),
            modes.Contains(OutputMode),
            (csvContentTypes ?? []).ToList(),
            (jsonContentTypes ?? []).ToList());
    }

    private static AwsException Validation(string message) => new("ValidationException", message);
}
