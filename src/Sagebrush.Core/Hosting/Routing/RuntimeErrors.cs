using System.Globalization;
using Sagebrush.Core.Common;

namespace Sagebrush.Core.Hosting.Routing;

/// <summary>SageMaker Runtime's errors for InvokeEndpoint, in its words (its codes differ from the control plane's).</summary>
public static class RuntimeErrors
{
    public static AwsException Validation(string message) => new("ValidationError", message);

    public static AwsException EndpointNotFound(string endpointName, string accountId) =>
        Validation($"Endpoint {endpointName} of account {accountId} not found.");

    public static AwsException NotReady(string endpointName, string status) =>
        new("ModelNotReadyException", $"Endpoint {endpointName} is not ready to serve: its status is {status}. Wait until it is InService and try again.", 429);

    public static AwsException NoHealthyInstance(string endpointName, string variant) =>
        new("ServiceUnavailable", $"No instance of production variant {variant} of endpoint {endpointName} is healthy at the moment. Try your call again.", 503);

    public static AwsException Internal(string message) => new("InternalFailure", message, 500);

    /// <summary>
    /// The container answered with a status outside 2xx. SageMaker says "client error" for 4xx and "server error"
    /// otherwise, names the container (<c>primary</c>) and points at the endpoint's log group.
    /// </summary>
    public static AwsException ModelError(AccountSettings account, string endpointName, int status, string body)
    {
        ArgumentNullException.ThrowIfNull(account);
        var kind = status is >= 400 and < 500 ? "client" : "server";
        var group = "/aws/sagemaker/Endpoints/" + endpointName;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Received {kind} error ({status}) from primary with message \"{body}\". See https://{account.Region}.console.aws.amazon.com/cloudwatch/home?region={account.Region}#logEventViewer:group={group} in account {account.AccountId} for more information.");
        return new AwsException("ModelError", message, 424)
        {
            Details = new Dictionary<string, string>
            {
                ["OriginalMessage"] = body,
                ["LogStreamArn"] = $"arn:aws:logs:{account.Region}:{account.AccountId}:log-group:{group}",
            },
            NumberDetails = new Dictionary<string, long> { ["OriginalStatusCode"] = status },
        };
    }
}
