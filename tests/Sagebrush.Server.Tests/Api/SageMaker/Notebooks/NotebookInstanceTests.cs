namespace Sagebrush.Server.Tests.Api.SageMaker.Notebooks;

/// <summary>
/// Notebook instances through boto3 on a real server: Jupyter in the sandbox, reached only through the server's port
/// with a presigned URL; the volume kept from stop to start and removed on delete; statuses and errors in SageMaker's
/// words.
/// </summary>
public sealed class NotebookInstanceTests(NotebookServerFixture server) : IClassFixture<NotebookServerFixture>
{
    [Fact]
    public async Task ANotebookInstanceServesJupyterKeepsItsVolumeFromStopToStartAndLosesItOnDelete()
    {
        (await server.RunBoto3Async("""
            arn = sm.create_notebook_instance(NotebookInstanceName="Life-1", InstanceType="ml.t3.medium", RoleArn=ROLE, VolumeSizeInGB=5)["NotebookInstanceArn"]
            assert arn == "arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/life-1", arn
            assert sm.describe_notebook_instance(NotebookInstanceName="Life-1")["NotebookInstanceStatus"] == "Pending"
            d = settle("Life-1")
            assert d["NotebookInstanceStatus"] == "InService", d
            assert d["Url"] == f"life-1.notebook.localhost:{PORT}" and d["DirectInternetAccess"] == "Enabled" and d["RootAccess"] == "Enabled", d
            assert d["VolumeSizeInGB"] == 5 and d["InstanceType"] == "ml.t3.medium" and d["RoleArn"] == ROLE, d

            j = Jupyter("Life-1")
            assert j.status == 302 and j.headers["location"] == "/tree", (j.status, j.headers)
            assert j.get("/api/contents")["type"] == "directory"
            j.write("kept.txt", "written before the stop")
            status, _, body = j.request("POST", "/api/terminals")
            assert status == 200 and json.loads(body)["name"], (status, body)
            status, _, body = j.request("POST", "/api/kernels", {"name": "python3"})
            assert status == 201 and json.loads(body)["name"] == "python3", (status, body)

            e = error_of(lambda: sm.delete_notebook_instance(NotebookInstanceName="Life-1"))
            assert e["Code"] == "ValidationException" and e["Message"] == f"Status (InService) not in ([Stopped, Failed]). Unable to transition to (Deleting) for Notebook Instance ({arn})", e
            e = error_of(lambda: sm.start_notebook_instance(NotebookInstanceName="Life-1"))
            assert e["Message"].startswith("Status (InService) not in ([Stopped, Failed]). Unable to transition to (Pending)"), e

            sm.stop_notebook_instance(NotebookInstanceName="Life-1")
            assert settle("Life-1")["NotebookInstanceStatus"] == "Stopped"
            status, _, _ = j.request("GET", "/api/contents")
            assert status == 503, status
            e = error_of(lambda: sm.stop_notebook_instance(NotebookInstanceName="Life-1"))
            assert e["Message"].startswith("Status (Stopped) not in ([InService]). Unable to transition to (Stopping)"), e

            sm.update_notebook_instance(NotebookInstanceName="Life-1", InstanceType="ml.t3.large", VolumeSizeInGB=6)
            d = sm.describe_notebook_instance(NotebookInstanceName="Life-1")
            assert (d["NotebookInstanceStatus"], d["InstanceType"], d["VolumeSizeInGB"]) == ("Stopped", "ml.t3.large", 6), d
            e = error_of(lambda: sm.update_notebook_instance(NotebookInstanceName="Life-1", VolumeSizeInGB=5))
            assert e["Code"] == "ValidationException" and "can only be increased" in e["Message"], e

            sm.start_notebook_instance(NotebookInstanceName="Life-1")
            assert settle("Life-1")["NotebookInstanceStatus"] == "InService"
            assert Jupyter("Life-1").read("kept.txt") == "written before the stop"

            sm.stop_notebook_instance(NotebookInstanceName="Life-1")
            settle("Life-1")
            sm.delete_notebook_instance(NotebookInstanceName="Life-1")
            assert settle("Life-1") is None
            e = error_of(lambda: sm.describe_notebook_instance(NotebookInstanceName="Life-1"))
            assert (e["Code"], e["Message"]) == ("ValidationException", "RecordNotFound"), e
            """)).EnsureSuccess();
        Assert.False(Directory.Exists(Path.Combine(server.DataDir, "notebooks", "life-1")));
    }

    [Fact]
    public async Task APresignedUrlSignsOneBrowserInOnceAndNothingElseGetsIn() => (await server.RunBoto3Async("""
        for name in ("Door-1", "Door-2"):
            sm.create_notebook_instance(NotebookInstanceName=name, InstanceType="ml.t3.medium", RoleArn=ROLE)
        for name in ("Door-1", "Door-2"):
            assert settle(name)["NotebookInstanceStatus"] == "InService"

        url = sm.create_presigned_notebook_instance_url(NotebookInstanceName="Door-1", SessionExpirationDurationInSeconds=1800)["AuthorizedUrl"]
        nobody = Jupyter.__new__(Jupyter)
        nobody.host, nobody.cookies = f"door-1.notebook.localhost:{PORT}", {}
        status, _, body = nobody.request("GET", "/api/contents")
        assert status == 403 and b"presigned URL" in body, (status, body)

        j = Jupyter("Door-1", url)
        assert j.status == 302, j.status
        assert j.get("/api/contents")["type"] == "directory"
        cookie = j.headers["set-cookie"]
        assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and "max-age" not in cookie.lower(), cookie

        again = Jupyter("Door-1", url)
        assert again.status == 403, again.status
        forged = Jupyter("Door-1", url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB"))
        assert forged.status == 403, forged.status
        other = sm.create_presigned_notebook_instance_url(NotebookInstanceName="Door-2")["AuthorizedUrl"]
        wrong = Jupyter.__new__(Jupyter)
        wrong.host, wrong.cookies = f"door-1.notebook.localhost:{PORT}", {}
        status, _, _ = wrong.request("GET", "/?" + other.split("?", 1)[1])
        assert status == 403, status

        # A write without Jupyter's XSRF token (what another site's form or another notebook's page would send along
        # with the cookies) is refused by Jupyter; a kernel websocket from another origin is refused too.
        status, _, _ = j.request("PUT", "/api/contents/forged.txt", {"type": "file", "format": "text", "content": "x"}, xsrf=False)
        assert status == 403, status
        status, _, _ = j.request("POST", "/api/kernels", {"name": "python3"}, xsrf=False)
        assert status == 403, status

        # Door-1's session cookie is Door-1's alone.
        borrowed = Jupyter.__new__(Jupyter)
        borrowed.host, borrowed.cookies = f"door-2.notebook.localhost:{PORT}", dict(j.cookies)
        status, _, _ = borrowed.request("GET", "/api/contents")
        assert status == 403, status

        e = error_of(lambda: raw.create_presigned_notebook_instance_url(NotebookInstanceName="Door-1", SessionExpirationDurationInSeconds=60))
        assert e["Code"] == "ValidationException" and "greater than or equal to 1800" in e["Message"], e
        e = error_of(lambda: sm.create_presigned_notebook_instance_url(NotebookInstanceName="Nobody"))
        assert e["Message"] == "RecordNotFound", e
        for name in ("Door-1", "Door-2"):
            sm.stop_notebook_instance(NotebookInstanceName=name)
        """)).EnsureSuccess();

    [Fact]
    public async Task LifecycleScriptsRunAtCreateAndStartWithTheirOutputInCloudWatchLogsAndThePlatformWithinReach() => (await server.RunBoto3Async("""
        s3.create_bucket(Bucket="seen-from-a-notebook")
        on_create = "#!/bin/bash\nset -e\necho created > /home/ec2-user/SageMaker/on-create.txt\necho ran OnCreate as $(id -u)\n"
        on_start = "\n".join([
            "#!/bin/bash",
            "set -e",
            "echo ran OnStart",
            "/usr/bin/python3 - <<'PY'",
            "import os, boto3",
            "s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])",
            "print('buckets', [b['Name'] for b in s3.list_buckets()['Buckets']])",
            "print('caller', boto3.client('sts', endpoint_url=os.environ['AWS_ENDPOINT_URL']).get_caller_identity()['Arn'])",
            "PY",
            f"(exec 3<>/dev/tcp/127.0.0.1/{PORT + 1}) 2>/dev/null && echo reached another port || echo nothing else on the loopback",
            ""])
        sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="setup", OnCreate=[{"Content": b64(on_create)}], OnStart=[{"Content": b64(on_start)}])
        sm.create_notebook_instance(NotebookInstanceName="Scripted", InstanceType="ml.t3.medium", RoleArn=ROLE, LifecycleConfigName="setup")
        d = settle("Scripted")
        assert d["NotebookInstanceStatus"] == "InService" and d["NotebookInstanceLifecycleConfigName"] == "setup", d
        created = stream("Scripted", "LifecycleConfigOnCreate")
        assert created[0] == "ran OnCreate as " + created[0].split()[-1] and created[0].split()[-1] != "0", created
        started = stream("Scripted", "LifecycleConfigOnStart")
        assert started[0] == "ran OnStart" and "seen-from-a-notebook" in started[1], started
        assert started[2] == "caller arn:aws:sts::000000000000:assumed-role/SageMakerRole/SageMaker", started
        assert started[3] == "nothing else on the loopback", started
        assert Jupyter("Scripted").read("on-create.txt") == "created\n"
        stream_until("Scripted", "jupyter.log", lambda line: "NotebookApp" in line)

        sm.stop_notebook_instance(NotebookInstanceName="Scripted")
        settle("Scripted")
        sm.start_notebook_instance(NotebookInstanceName="Scripted")
        assert settle("Scripted")["NotebookInstanceStatus"] == "InService"
        assert len(stream("Scripted", "LifecycleConfigOnCreate")) == 1 and stream("Scripted", "LifecycleConfigOnStart").count("ran OnStart") == 2
        sm.stop_notebook_instance(NotebookInstanceName="Scripted")
        """)).EnsureSuccess();

    [Fact]
    public async Task ALifecycleScriptThatRunsTooLongOrFailsFailsTheInstanceWithSageMakersReason() => (await server.RunBoto3Async("""
        sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="slow", OnStart=[{"Content": b64("#!/bin/bash\necho waiting\nsleep 600\n")}])
        sm.create_notebook_instance(NotebookInstanceName="Slow", InstanceType="ml.t3.medium", RoleArn=ROLE, LifecycleConfigName="slow")
        d = settle("Slow")
        config = "arn:aws:sagemaker:us-east-1:000000000000:notebook-instance-lifecycle-config/slow"
        assert d["NotebookInstanceStatus"] == "Failed", d
        assert d["FailureReason"] == f"Notebook Instance Lifecycle Config '{config}' for Notebook Instance '{d['NotebookInstanceArn']}' took longer than 3 seconds. Please check your CloudWatch logs for more details if your Notebook Instance has Internet access.", d
        assert stream("Slow", "LifecycleConfigOnStart") == ["waiting"]

        sm.update_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="slow", OnStart=[{"Content": b64("#!/bin/bash\necho broken >&2\nexit 3\n")}])
        sm.start_notebook_instance(NotebookInstanceName="Slow")
        d = settle("Slow")
        assert d["NotebookInstanceStatus"] == "Failed" and d["FailureReason"].endswith("failure. Please check your CloudWatch logs for more details if your Notebook Instance has Internet access."), d

        sm.update_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="slow", OnStart=[{"Content": b64("#!/bin/bash\necho fine\n")}])
        sm.start_notebook_instance(NotebookInstanceName="Slow")
        d = settle("Slow")
        assert d["NotebookInstanceStatus"] == "InService" and "FailureReason" not in d, d
        sm.stop_notebook_instance(NotebookInstanceName="Slow")
        settle("Slow")
        sm.delete_notebook_instance(NotebookInstanceName="Slow")
        """)).EnsureSuccess();

    [SkippableFact]
    public async Task TheVolumeHoldsVolumeSizeInGBAndGrowsWhenTheInstanceIsUpdated()
    {
        Skip.IfNot(Core.Notebooks.NotebookVolume.CanMount, "a volume of its own needs the server to run as root with loop devices and mkfs.ext4");
        (await server.RunBoto3Async("""
            fill = "\n".join([
                "#!/bin/bash",
                "cd /home/ec2-user/SageMaker",
                "df -BG --output=size . | tail -n 1 | tr -d ' '",
                "rm -f one two",
                "fallocate -l 3G one && echo first fits",
                "fallocate -l 3G two 2>&1 | sed 's/.*: //'",
                "rm -f one two",
                ""])
            sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="fill", OnStart=[{"Content": b64(fill)}])
            sm.create_notebook_instance(NotebookInstanceName="Volume", InstanceType="ml.t3.medium", RoleArn=ROLE, VolumeSizeInGB=5, LifecycleConfigName="fill")
            d = settle("Volume"); assert d["NotebookInstanceStatus"] == "InService", d
            lines = stream("Volume", "LifecycleConfigOnStart")
            assert lines == ["5G", "first fits", "No space left on device"], lines

            sm.stop_notebook_instance(NotebookInstanceName="Volume")
            settle("Volume")
            sm.update_notebook_instance(NotebookInstanceName="Volume", VolumeSizeInGB=7)
            sm.start_notebook_instance(NotebookInstanceName="Volume")
            d = settle("Volume"); assert d["NotebookInstanceStatus"] == "InService", d
            lines = stream("Volume", "LifecycleConfigOnStart")
            assert lines[3:] == ["7G", "first fits"], lines
            sm.stop_notebook_instance(NotebookInstanceName="Volume")
            settle("Volume")
            sm.delete_notebook_instance(NotebookInstanceName="Volume")
            assert settle("Volume") is None
            """)).EnsureSuccess();
        Assert.DoesNotContain(File.ReadLines("/proc/self/mountinfo"), line => line.Contains(server.DataDir, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestsAreCheckedAndListedInSageMakersWords() => (await server.RunBoto3Async("""
        e = error_of(lambda: raw.create_notebook_instance(NotebookInstanceName="Bad", InstanceType="ml.m5.large", RoleArn=ROLE, VolumeSizeInGB=4))
        assert e["Message"].startswith("2 validation errors detected: Value 'ml.m5.large' at 'instanceType' failed to satisfy constraint: Member must satisfy enum value set: [ml.t2.medium"), e
        assert "Value '4' at 'volumeSizeInGB' failed to satisfy constraint: Member must have value greater than or equal to 5" in e["Message"], e
        e = error_of(lambda: raw.create_notebook_instance(NotebookInstanceName="Bad", InstanceType="ml.t3.medium", RoleArn=ROLE, DefaultCodeRepository="http://git.example.com/repo.git"))
        assert "at 'defaultCodeRepository' failed to satisfy constraint: Member must satisfy regular expression pattern: ^https://" in e["Message"], e
        e = error_of(lambda: raw.create_notebook_instance(NotebookInstanceName="Bad", InstanceType="ml.t3.medium", RoleArn=ROLE, LifecycleConfigName="missing"))
        assert e["Message"] == "Unable to describe Notebook Instance Lifecycle Config 'arn:aws:sagemaker:us-east-1:000000000000:notebook-instance-lifecycle-config/missing'. (Details: Notebook Instance Lifecycle Config does not exist.)", e
        e = error_of(lambda: raw.create_notebook_instance(NotebookInstanceName="Bad", InstanceType="ml.t3.medium", RoleArn=ROLE, DefaultCodeRepository="unregistered"))
        assert e["Message"] == "Cannot find Code Repository (arn:aws:sagemaker:us-east-1:000000000000:code-repository/unregistered)", e
        e = error_of(lambda: raw.create_notebook_instance(NotebookInstanceName="Bad", InstanceType="ml.t3.medium", RoleArn="arn:aws:iam::000000000000:role/Nobody"))
        assert e["Code"] == "ValidationException", e

        sm.create_notebook_instance(NotebookInstanceName="Listed-b", InstanceType="ml.t3.medium", RoleArn=ROLE)
        e = error_of(lambda: sm.create_notebook_instance(NotebookInstanceName="Listed-b", InstanceType="ml.t3.medium", RoleArn=ROLE))
        assert e["Message"] == "Cannot create a duplicate Notebook Instance (arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/listed-b)", e
        sm.create_notebook_instance(NotebookInstanceName="Listed-a", InstanceType="ml.t3.medium", RoleArn=ROLE)
        for name in ("Listed-a", "Listed-b"):
            settle(name)
        sm.stop_notebook_instance(NotebookInstanceName="Listed-b")
        settle("Listed-b")
        page = sm.list_notebook_instances(NameContains="listed")["NotebookInstances"]
        assert [n["NotebookInstanceName"] for n in page] == ["Listed-a", "Listed-b"], page
        assert page[0]["Url"] == f"listed-a.notebook.localhost:{PORT}" and page[0]["InstanceType"] == "ml.t3.medium", page[0]
        first = sm.list_notebook_instances(NameContains="listed", SortOrder="Descending", MaxResults=1)
        assert [n["NotebookInstanceName"] for n in first["NotebookInstances"]] == ["Listed-b"] and first["NextToken"], first
        rest = sm.list_notebook_instances(NameContains="listed", SortOrder="Descending", MaxResults=1, NextToken=first["NextToken"])
        assert [n["NotebookInstanceName"] for n in rest["NotebookInstances"]] == ["Listed-a"] and "NextToken" not in rest, rest
        stopped = sm.list_notebook_instances(NameContains="listed", StatusEquals="Stopped")["NotebookInstances"]
        assert [n["NotebookInstanceName"] for n in stopped] == ["Listed-b"], stopped
        sm.stop_notebook_instance(NotebookInstanceName="Listed-a")
        """)).EnsureSuccess();
}
