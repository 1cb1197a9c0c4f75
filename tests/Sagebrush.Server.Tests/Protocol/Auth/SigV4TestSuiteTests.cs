using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Tests.Protocol.Auth;

/// <summary>
/// AWS's published SigV4 test suite (awslabs/aws-c-auth tests/aws-signing-test-suite/v4 and the original
/// aws-sig-v4-test-suite): requests, canonical forms and signatures are copied from there, not computed here.
/// </summary>
public sealed class SigV4TestSuiteTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Credential = "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string> GetVectors => new()
    {
        { "get-vanilla", "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-vanilla-query-order-key-case", "/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "get-vanilla-empty-query-key", "/?Param1=value1", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb" },
        { "get-vanilla-utf8-query", "/?ሴ=bar", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
        { "get-space-normalized", "/example space/", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741" },
        { "get-utf8", "/ሴ", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85" },
        { "get-slashes-normalized", "//example//", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84" },
        { "get-relative-relative-normalized", "/example1/example2/../..", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
    };

    [Theory]
    [MemberData(nameof(GetVectors))]
    public async Task PublishedGetSignaturesVerify(string vector, string rawTarget, string signature)
    {
        var request = TestRequests.Create("GET", rawTarget,
        [
            ("Host", "example.amazonaws.com"),
            ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", $"AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;x-amz-date, Signature={signature}"),
        ]);

        var auth = await Authenticator().AuthenticateAsync(request, CancellationToken.None);

        Assert.True(auth.SigningName == "service", vector);
        Assert.Equal(AccessKey, auth.AccessKeyId);
        Assert.Equal("us-east-1", auth.Region);
    }

    [Fact]
    public async Task HeaderValuesAreTrimmedAndInnerSpacesCollapsedAsInGetHeaderValueTrim()
    {
        var request = TestRequests.Create("GET", "/",
        [
            ("Host", "example.amazonaws.com"),
            ("My-Header1", " value1"),
            ("My-Header2", " \"a   b   c\""),
            ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", $"AWS4-HMAC-SHA256 {Credential}, SignedHeaders=host;my-header1;my-header2;x-amz-date, " +
                "Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        ]);

        await Authenticator().AuthenticateAsync(request, CancellationToken.None);
    }

    [Fact]
    public async Task FormPostSignsTheSha256OfItsBodyAsInPostXWwwFormUrlencoded()
    {
        var request = TestRequests.Create("POST", "/",
        [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Host", "example.amazonaws.com"),
            ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", $"AWS4-HMAC-SHA256 {Credential}, SignedHeaders=content-type;host;x-amz-date, " +
                "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        ], TestRequests.Utf8("Param1=value1"));

        var auth = await Authenticator().AuthenticateAsync(request, CancellationToken.None);

        Assert.Equal("Param1=value1", System.Text.Encoding.UTF8.GetString(await TestRequests.ReadToEndAsync(auth.Body)));
        Assert.Equal(13, auth.DecodedContentLength);
    }

    [Fact]
    public void FormPostCanonicalRequestAndStringToSignMatchTheSuite()
    {
        var request = TestRequests.Create("POST", "/",
        [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Host", "example.amazonaws.com"),
            ("X-Amz-Date", "20150830T123600Z"),
        ]);

        var canonical = CanonicalRequest.Build(
            "POST",
            CanonicalRequest.CanonicalUri("/", isS3: false),
            CanonicalRequest.CanonicalQuery([], omitSignature: false),
            CanonicalRequest.CanonicalHeaders(request.Headers, ["content-type", "host", "x-amz-date"]),
            "content-type;host;x-amz-date",
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n" +
            "content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            canonical);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            SigV4Signer.StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
    }

    [Fact]
    public void PresignedQueryIsSortedAndEncodedAsInGetVanillaQueryOrderKeyCase()
    {
        var query = QueryParameter.ParseAll(
            "Param2=value2&Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request" +
            "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=0000");
        var headers = TestRequests.Create("GET", "/", [("Host", "example.amazonaws.com")]).Headers;

        var canonical = CanonicalRequest.Build(
            "GET",
            CanonicalRequest.CanonicalUri("/", isS3: false),
            CanonicalRequest.CanonicalQuery(query, omitSignature: true),
            CanonicalRequest.CanonicalHeaders(headers, ["host"]),
            "host",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        Assert.Equal(
            "GET\n/\nParam1=value1&Param2=value2&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request" +
            "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host\nhost:example.amazonaws.com\n\nhost\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
            "eb1512f5ed1470925b7b1072c2108953680032d6bc3ccbef8eb7c6fdf1639827",
            SigV4Signer.StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
    }

    private static SigV4Authenticator Authenticator() =>
        new(key => key == AccessKey ? Secret : null, new FixedTimeProvider(SuiteTime));
}
