using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Identity;

/// <summary>
/// STS, IAM and the query protocol driven by boto3 and the AWS CLI: who is calling, temporary credentials that work
/// on every service and a made-up token that does not, roles, and errors in XML that the SDKs read.
/// </summary>
public sealed class StsIamTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Setup = """
        import json
        sts = boto3.client("sts", endpoint_url=endpoint)
        iam = boto3.client("iam", endpoint_url=endpoint)
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))

        """;

    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task GetCallerIdentityNamesTheAccountsRoot() => await RunAsync("""
        identity = sts.get_caller_identity()
        assert (identity["Account"], identity["Arn"], identity["UserId"]) == ("000000000000", "arn:aws:iam::000000000000:root", "000000000000"), identity
        """);

    [Fact]
    public async Task AssumedRoleCredentialsWorkOnEveryServiceAndAMadeUpTokenDoesNot() => await RunAsync("""
        r = sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/SageMakerRole", RoleSessionName="notebook", DurationSeconds=900)
        c = r["Credentials"]
        assert c["AccessKeyId"].startswith("ASIA") and c["SessionToken"] and c["Expiration"].tzinfo is not None, c
        assert r["AssumedRoleUser"]["Arn"] == "arn:aws:sts::000000000000:assumed-role/SageMakerRole/notebook", r
        again = sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/SageMakerRole", RoleSessionName="notebook", DurationSeconds=900)
        assert again["Credentials"]["AccessKeyId"] != c["AccessKeyId"] and again["AssumedRoleUser"] == r["AssumedRoleUser"], again
        session = boto3.session.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"], region_name="us-east-1")
        assert session.client("sts", endpoint_url=endpoint).get_caller_identity()["Arn"] == r["AssumedRoleUser"]["Arn"]
        session.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"})).create_bucket(Bucket="temporary-credentials")
        assert "TrainingJobSummaries" in session.client("sagemaker", endpoint_url=endpoint).list_training_jobs()

        forged = boto3.session.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token="made-up", region_name="us-east-1")
        e = error_of(lambda: forged.client("sts", endpoint_url=endpoint).get_caller_identity())
        assert e["Error"]["Code"] == "InvalidClientTokenId" and e["ResponseMetadata"]["HTTPStatusCode"] == 403, e
        e = error_of(lambda: forged.client("sagemaker", endpoint_url=endpoint).list_training_jobs())
        assert e["Error"]["Code"] == "UnrecognizedClientException", e
        e = error_of(lambda: forged.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"})).list_buckets())
        assert e["Error"]["Code"] == "InvalidToken", e

        t = sts.get_session_token(DurationSeconds=900)["Credentials"]
        mine = boto3.session.Session(aws_access_key_id=t["AccessKeyId"], aws_secret_access_key=t["SecretAccessKey"], aws_session_token=t["SessionToken"], region_name="us-east-1")
        assert mine.client("sts", endpoint_url=endpoint).get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:root"
        """);

    [Fact]
    public async Task RolesAreCreatedReadAttachedAndDeletedAsIamDoes() => await RunAsync("""
        trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
        role = iam.create_role(RoleName="ExecutionRole", Path="/service-role/", AssumeRolePolicyDocument=trust, Tags=[{"Key": "team", "Value": "ml"}])["Role"]
        assert role["Arn"] == "arn:aws:iam::000000000000:role/service-role/ExecutionRole" and role["RoleId"].startswith("AROA"), role
        assert iam.get_role(RoleName="ExecutionRole")["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "sagemaker.amazonaws.com"}
        assert {"SageMakerRole", "ExecutionRole"} <= {r["RoleName"] for r in iam.list_roles()["Roles"]}
        e = error_of(lambda: iam.create_role(RoleName="ExecutionRole", AssumeRolePolicyDocument=trust))
        assert e["Error"]["Code"] == "EntityAlreadyExists" and e["ResponseMetadata"]["HTTPStatusCode"] == 409, e

        iam.attach_role_policy(RoleName="ExecutionRole", PolicyArn="arn:aws:iam::aws:policy/AmazonSageMakerFullAccess")
        assert iam.list_attached_role_policies(RoleName="ExecutionRole")["AttachedPolicies"] == [
            {"PolicyName": "AmazonSageMakerFullAccess", "PolicyArn": "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"}]
        iam.put_role_policy(RoleName="ExecutionRole", PolicyName="buckets", PolicyDocument='{"Version":"2012-10-17","Statement":[]}')
        assert iam.get_role_policy(RoleName="ExecutionRole", PolicyName="buckets")["PolicyDocument"] == {"Version": "2012-10-17", "Statement": []}
        e = error_of(lambda: iam.delete_role(RoleName="ExecutionRole"))
        assert e["Error"]["Code"] == "DeleteConflict", e
        iam.detach_role_policy(RoleName="ExecutionRole", PolicyArn="arn:aws:iam::aws:policy/AmazonSageMakerFullAccess")
        iam.delete_role_policy(RoleName="ExecutionRole", PolicyName="buckets")
        iam.delete_role(RoleName="ExecutionRole")
        e = error_of(lambda: iam.get_role(RoleName="ExecutionRole"))
        assert e["Error"]["Code"] == "NoSuchEntity" and e["Error"]["Message"] == "The role with name ExecutionRole cannot be found.", e
        """);

    [Fact]
    public async Task SageMakerRefusesARoleThatDoesNotExist() => await RunAsync("""
        e = error_of(lambda: sm.create_model(ModelName="no-role", ExecutionRoleArn="arn:aws:iam::000000000000:role/Missing",
                                             PrimaryContainer={"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://models/model.tar.gz"}))
        assert e["Error"]["Code"] == "ValidationException", e
        assert e["Error"]["Message"] == "Could not assume role arn:aws:iam::000000000000:role/Missing. Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.", e
        """);

    [Fact]
    public async Task AnOperationOrServiceSagebrushLacksIsAnsweredInItsOwnProtocol() => await RunAsync("""
        e = error_of(lambda: sts.get_federation_token(Name="someone"))
        assert e["Error"]["Code"] == "InvalidAction" and "GetFederationToken" in e["Error"]["Message"], e
        cloudwatch = boto3.client("cloudwatch", endpoint_url=endpoint)
        e = error_of(lambda: cloudwatch.list_dashboards())
        assert e["Error"]["Code"] == "InvalidAction" and "ListDashboards" in e["Error"]["Message"], e
        # sagemaker-metrics (rest-json; Debian's botocore has no model of it): a signed POST /BatchPutMetrics by hand.
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        request = AWSRequest(method="POST", url=endpoint + "/BatchPutMetrics", data=b'{"TrialComponentName":"t","MetricData":[]}',
                             headers={"Content-Type": "application/json"})
        SigV4Auth(boto3.Session().get_credentials(), "sagemaker", "us-east-1").add_auth(request)
        import urllib.request
        try:
            urllib.request.urlopen(urllib.request.Request(endpoint + "/BatchPutMetrics", data=request.body, headers=dict(request.headers), method="POST"))
            raise AssertionError("BatchPutMetrics answered 2xx")
        except urllib.error.HTTPError as answer:
            body = json.loads(answer.read())
            assert answer.code == 400 and body["__type"] == "UnknownOperationException" and "POST /BatchPutMetrics" in body["message"], body
        """);

    [Fact]
    public async Task ACredentialScopedToAnotherRegionOrServiceIsRefused() => await RunAsync("""
        elsewhere = boto3.session.Session(region_name="eu-west-1")
        e = error_of(lambda: elsewhere.client("sagemaker", endpoint_url=endpoint).list_models())
        assert e["Error"]["Code"] == "InvalidSignatureException" and e["Error"]["Message"] == "Credential should be scoped to a valid region.", e
        e = error_of(lambda: elsewhere.client("sts", endpoint_url=endpoint).get_caller_identity())
        assert e["Error"]["Code"] == "SignatureDoesNotMatch" and e["Error"]["Message"] == "Credential should be scoped to a valid region.", e
        e = error_of(lambda: elsewhere.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"})).list_buckets())
        assert e["Error"]["Code"] == "AuthorizationHeaderMalformed" and "the region 'eu-west-1' is wrong; expecting 'us-east-1'" in e["Error"]["Message"], e
        # IAM is global: any region's signature goes.
        assert elsewhere.client("iam", endpoint_url=endpoint).get_role(RoleName="SageMakerRole")["Role"]["RoleName"] == "SageMakerRole"

        # A request signed for S3 that calls SageMaker.
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        import hashlib, urllib.request
        request = AWSRequest(method="POST", url=endpoint + "/", data=b"{}", headers={"X-Amz-Target": "SageMaker.ListModels", "Content-Type": "application/x-amz-json-1.1",
                                                                             "X-Amz-Content-SHA256": hashlib.sha256(b"{}").hexdigest()})
        SigV4Auth(boto3.Session().get_credentials(), "s3", "us-east-1").add_auth(request)
        try:
            urllib.request.urlopen(urllib.request.Request(endpoint + "/", data=request.body, headers=dict(request.headers), method="POST"))
            raise AssertionError("answered 2xx")
        except urllib.error.HTTPError as answer:
            body = json.loads(answer.read())
            assert answer.code == 403 and body["__type"] == "InvalidSignatureException", body
            assert body["message"] == "Credential should be scoped to correct service: 'sagemaker'.", body
        """);

    [Fact]
    public async Task TheAwsCliReadsTheCallerAndTheDefaultRole()
    {
        var aws = new AwsCli(server);

        var account = (await aws.RunAsync("sts", "get-caller-identity", "--query", "Account", "--output", "text")).EnsureSuccess();
        var role = (await aws.RunAsync("iam", "get-role", "--role-name", "SageMakerRole", "--query", "Role.Arn", "--output", "text")).EnsureSuccess();

        Assert.Equal("000000000000", account.StandardOutput.Trim());
        Assert.Equal("arn:aws:iam::000000000000:role/SageMakerRole", role.StandardOutput.Trim());
    }

    private async Task RunAsync(string script) => (await boto3.RunAsync(Setup + script)).EnsureSuccess();
}
