using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Containers;

/// <summary>
/// ECR through boto3, the AWS CLI and the docker client: repositories and their errors in ECR's words, the login
/// password, images listed, described, fetched and deleted after real pushes, and the registry refusing what ECR
/// refuses (an unknown repository, a wrong password, a tag of an immutable repository pushed again).
/// </summary>
public sealed class EcrRepositoryTests(ContainerServerFixture server) : IClassFixture<ContainerServerFixture>
{
    [SkippableFact]
    public async Task RepositoriesAreCreatedDescribedAndRefusedInEcrsWords()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        (await server.RunBoto3Async("""
            [repo] = ecr.describe_repositories(repositoryNames=["byoc"])["repositories"]
            assert repo["repositoryUri"] == f"127.0.0.1:{PORT}/byoc" and repo["repositoryArn"] == "arn:aws:ecr:us-east-1:000000000000:repository/byoc", repo
            assert repo["registryId"] == "000000000000" and repo["imageTagMutability"] == "MUTABLE" and repo["encryptionConfiguration"] == {"encryptionType": "AES256"}, repo
            e = error_of(lambda: ecr.create_repository(repositoryName="byoc"))
            assert (e["Code"], e["Message"]) == ("RepositoryAlreadyExistsException", "The repository with name 'byoc' already exists in the registry with id '000000000000'"), e
            e = error_of(lambda: ecr.describe_repositories(repositoryNames=["nope"]))
            assert (e["Code"], e["Message"]) == ("RepositoryNotFoundException", "The repository with name 'nope' does not exist in the registry with id '000000000000'"), e
            e = error_of(lambda: ecr.create_repository(repositoryName="Upper/Case"))
            assert e["Code"] == "InvalidParameterException" and "repositoryName" in e["Message"], e
            for name in ("team/one", "team/two", "team/three"):
                ecr.create_repository(repositoryName=name, tags=[{"Key": "team", "Value": "ml"}])
            names, token = [], None
            while True:
                page = ecr.describe_repositories(maxResults=2, **({"nextToken": token} if token else {}))
                assert len(page["repositories"]) <= 2, page
                names += [r["repositoryName"] for r in page["repositories"]]
                token = page.get("nextToken")
                if not token:
                    break
            assert names == sorted(names) and [n for n in names if n.startswith("team/")] == ["team/one", "team/three", "team/two"], names
            for name in ("team/one", "team/two", "team/three"):
                assert ecr.delete_repository(repositoryName=name)["repository"]["repositoryName"] == name

            token = ecr.get_authorization_token()["authorizationData"][0]
            import base64, datetime
            user, password = base64.b64decode(token["authorizationToken"]).decode().split(":", 1)
            assert user == "AWS" and password and token["proxyEndpoint"] == f"http://127.0.0.1:{PORT}", token
            hours = (token["expiresAt"] - datetime.datetime.now(datetime.timezone.utc)).total_seconds() / 3600
            assert 11.9 < hours <= 12, token
            """)).EnsureSuccess();
    }

    [SkippableFact]
    public async Task PushedImagesAreListedDescribedFetchedAndDeletedAsEcrHasThem()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var local = await DockerImages.ByocAsync();
        var registry = $"{server.Url.Host}:{server.Url.Port}";
        (await server.ShellAsync($$"""
            set -e
            aws() { /usr/bin/aws --endpoint-url "$SAGEBRUSH_ENDPOINT" "$@"; }
            aws ecr create-repository --repository-name shelf > /dev/null
            aws ecr get-login-password | /usr/bin/docker login --username AWS --password-stdin {{registry}} > /dev/null
            for tag in first second; do /usr/bin/docker tag {{local}} {{registry}}/shelf:$tag; /usr/bin/docker push {{registry}}/shelf:$tag > /dev/null; /usr/bin/docker rmi {{registry}}/shelf:$tag > /dev/null; done
            """)).EnsureSuccess();

        (await server.RunBoto3Async("""
            ids = ecr.list_images(repositoryName="shelf")["imageIds"]
            assert sorted(i["imageTag"] for i in ids) == ["first", "second"] and len({i["imageDigest"] for i in ids}) == 1, ids
            digest = ids[0]["imageDigest"]
            [detail] = ecr.describe_images(repositoryName="shelf")["imageDetails"]
            assert detail["imageDigest"] == digest and sorted(detail["imageTags"]) == ["first", "second"], detail
            assert detail["imageSizeInBytes"] > 10_000_000 and detail["imageManifestMediaType"] == "application/vnd.docker.distribution.manifest.v2+json", detail
            assert detail["registryId"] == "000000000000" and detail["repositoryName"] == "shelf", detail
            e = error_of(lambda: ecr.describe_images(repositoryName="shelf", imageIds=[{"imageTag": "third"}]))
            assert e["Code"] == "ImageNotFoundException", e

            got = ecr.batch_get_image(repositoryName="shelf", imageIds=[{"imageTag": "first"}, {"imageTag": "third"}])
            [image] = got["images"]
            assert image["imageId"] == {"imageDigest": digest, "imageTag": "first"} and json.loads(image["imageManifest"])["schemaVersion"] == 2, image
            assert got["failures"] == [{"imageId": {"imageTag": "third"}, "failureCode": "ImageNotFound", "failureReason": "Requested image not found"}], got

            deleted = ecr.batch_delete_image(repositoryName="shelf", imageIds=[{"imageTag": "first"}])
            assert deleted["imageIds"] == [{"imageDigest": digest, "imageTag": "first"}] and deleted["failures"] == [], deleted
            assert [i.get("imageTag") for i in ecr.list_images(repositoryName="shelf")["imageIds"]] == ["second"]

            e = error_of(lambda: ecr.delete_repository(repositoryName="shelf"))
            assert (e["Code"], e["Message"]) == ("RepositoryNotEmptyException", "The repository with name 'shelf' in registry with id '000000000000' cannot be deleted because it still contains images"), e
            ecr.delete_repository(repositoryName="shelf", force=True)
            e = error_of(lambda: ecr.list_images(repositoryName="shelf"))
            assert e["Code"] == "RepositoryNotFoundException", e
            """)).EnsureSuccess();
        Assert.False(Directory.Exists(Path.Combine(server.DataDir, "ecr", "storage", "docker", "registry", "v2", "repositories", "shelf")));
    }

    [SkippableFact]
    public async Task TheRegistryRefusesAWrongPasswordAnUnknownRepositoryAndAnImmutableTagPushedAgain()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var local = await DockerImages.ByocAsync();
        var registry = $"{server.Url.Host}:{server.Url.Port}";
        var result = await server.ShellAsync($$"""
            aws() { /usr/bin/aws --endpoint-url "$SAGEBRUSH_ENDPOINT" "$@"; }
            echo "wrong: $(echo not-the-password | /usr/bin/docker login --username AWS --password-stdin {{registry}} 2>&1 | tail -1)"
            echo "anonymous: $(curl -s -o /dev/null -w '%{http_code}' http://{{registry}}/v2/byoc/tags/list)"
            echo "virtual host: $(curl -s -H 'Host: some-bucket.localhost:{{server.Url.Port}}' http://{{registry}}/v2/byoc/tags/list | head -c 60)"
            aws ecr get-login-password | /usr/bin/docker login --username AWS --password-stdin {{registry}} > /dev/null
            /usr/bin/docker tag {{local}} {{registry}}/unknown:1
            echo "unknown: $(/usr/bin/docker push {{registry}}/unknown:1 2>&1 | tail -1)"
            /usr/bin/docker rmi {{registry}}/unknown:1 > /dev/null
            aws ecr create-repository --repository-name fixed --image-tag-mutability IMMUTABLE > /dev/null
            /usr/bin/docker tag {{local}} {{registry}}/fixed:1
            /usr/bin/docker push {{registry}}/fixed:1 > /dev/null && echo "first push: ok"
            echo "second push: $(/usr/bin/docker push {{registry}}/fixed:1 2>&1 | tail -1)"
            /usr/bin/docker rmi {{registry}}/fixed:1 > /dev/null
            """);
        var output = result.EnsureSuccess().StandardOutput;
        Assert.Contains("wrong: Error response from daemon: login attempt to http://" + registry + "/v2/ failed with status: 401 Unauthorized", output, StringComparison.Ordinal);
        Assert.Contains("anonymous: 401", output, StringComparison.Ordinal);
        Assert.Contains("virtual host: <?xml", output, StringComparison.Ordinal); // an S3 key under v2/ stays S3's
        Assert.Contains("unknown: name unknown: The repository with name 'unknown' does not exist in the registry with id '000000000000'", output, StringComparison.Ordinal);
        Assert.Contains("first push: ok", output, StringComparison.Ordinal);
        Assert.Contains("second push: tag invalid: The image tag '1' already exists in the 'fixed' repository and cannot be overwritten because the repository is immutable.", output, StringComparison.Ordinal);
    }
}
