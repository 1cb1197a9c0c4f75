namespace Sagebrush.Server.Tests.Api.SageMaker.Notebooks;

/// <summary>
/// Code repositories and lifecycle configurations through boto3, and Git repositories a test makes (bare
/// repositories served over git's dumb HTTP protocol on the loopback) cloned into a notebook's volume at creation and
/// pulled at start.
/// </summary>
public sealed class NotebookRepositoryTests(NotebookServerFixture server) : IClassFixture<NotebookServerFixture>
{
    private const string GitServer = """
        import subprocess, tempfile, threading, functools, http.server
        root = tempfile.mkdtemp()
        def git(*args):
            subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args], check=True, capture_output=True)
        def commit(repository, path, text):
            work = f"{root}/{repository}-work"
            if not os.path.exists(work):
                git("init", "-q", "--bare", "-b", "main", f"{root}/{repository}.git")
                git("clone", "-q", f"{root}/{repository}.git", work)
            with open(f"{work}/{path}", "w") as f:
                f.write(text)
            git("-C", work, "add", path)
            git("-C", work, "commit", "-q", "-m", "change " + path)
            git("-C", work, "push", "-q", "origin", "HEAD:main")
            git("-C", f"{root}/{repository}.git", "update-server-info")
        requested = []
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
            def do_GET(self):
                requested.append(self.path)
                super().do_GET()
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        GIT = f"http://127.0.0.1:{httpd.server_port}"

        """;

    [Fact]
    public async Task GitRepositoriesAreClonedIntoTheVolumeAtCreationAndPulledAtStart() => (await server.RunBoto3Async(GitServer + """
        commit("models", "README.md", "first version\n")
        commit("extras", "NOTES.md", "notes\n")
        arn = sm.create_code_repository(CodeRepositoryName="models", GitConfig={"RepositoryUrl": f"{GIT}/models.git", "Branch": "main"})["CodeRepositoryArn"]
        assert arn == "arn:aws:sagemaker:us-east-1:000000000000:code-repository/models", arn
        # What the notebook's own code leaves in its clone (a hook that runs on every merge) runs in the notebook's
        # network at the next start's pull, never on the machine's, where the repository's server is.
        hook = "\n".join([
            "#!/bin/bash",
            "cd /home/ec2-user/SageMaker/models",
            "printf '#!/bin/bash\\n(exec 3<>/dev/tcp/127.0.0.1/%s && printf \"GET /escaped HTTP/1.0\\\\r\\\\n\\\\r\\\\n\" >&3 && echo reached || echo confined) > /home/ec2-user/SageMaker/hook-ran.txt 2>/dev/null\\n' " + str(httpd.server_port) + " > .git/hooks/post-merge",
            "chmod +x .git/hooks/post-merge",
            ""])
        sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="hook", OnStart=[{"Content": b64(hook)}])
        sm.create_notebook_instance(NotebookInstanceName="Cloned", InstanceType="ml.t3.medium", RoleArn=ROLE, LifecycleConfigName="hook",
                                    DefaultCodeRepository="models", AdditionalCodeRepositories=[f"{GIT}/extras.git"])
        d = settle("Cloned")
        assert d["NotebookInstanceStatus"] == "InService", d
        assert d["DefaultCodeRepository"] == "models" and d["AdditionalCodeRepositories"] == [f"{GIT}/extras.git"], d
        j = Jupyter("Cloned")
        assert j.read("models/README.md") == "first version\n"
        assert j.read("extras/NOTES.md") == "notes\n"

        commit("models", "README.md", "second version\n")
        sm.stop_notebook_instance(NotebookInstanceName="Cloned")
        settle("Cloned")
        sm.start_notebook_instance(NotebookInstanceName="Cloned")
        assert settle("Cloned")["NotebookInstanceStatus"] == "InService"
        j = Jupyter("Cloned")
        assert j.read("models/README.md") == "second version\n"
        assert "Fast-forward" in stream("Cloned", "GitPull"), stream("Cloned", "GitPull")
        assert j.read("hook-ran.txt") == "confined\n", j.read("hook-ran.txt")
        assert "/escaped" not in requested, requested
        assert sm.list_notebook_instances(DefaultCodeRepositoryContains="models")["NotebookInstances"][0]["NotebookInstanceName"] == "Cloned"
        assert sm.list_notebook_instances(AdditionalCodeRepositoryEquals=f"{GIT}/extras.git")["NotebookInstances"][0]["NotebookInstanceName"] == "Cloned"
        sm.stop_notebook_instance(NotebookInstanceName="Cloned")

        sm.create_notebook_instance(NotebookInstanceName="Unclonable", InstanceType="ml.t3.medium", RoleArn=ROLE, DefaultCodeRepository=f"{GIT}/missing.git")
        d = settle("Unclonable")
        assert d["NotebookInstanceStatus"] == "Failed" and d["FailureReason"].startswith(f"Unable to clone the Git repository {GIT}/missing.git into /home/ec2-user/SageMaker: exit code 128"), d
        """)).EnsureSuccess();

    [Fact]
    public async Task CodeRepositoriesAndLifecycleConfigurationsAreCreatedDescribedListedUpdatedAndDeleted() => (await server.RunBoto3Async("""
        sm.create_code_repository(CodeRepositoryName="repo-b", GitConfig={"RepositoryUrl": "https://git.example.com/b.git"})
        sm.create_code_repository(CodeRepositoryName="repo-a", GitConfig={"RepositoryUrl": "https://git.example.com/a.git", "Branch": "dev"}, Tags=[{"Key": "team", "Value": "ml"}])
        e = error_of(lambda: sm.create_code_repository(CodeRepositoryName="repo-a", GitConfig={"RepositoryUrl": "https://git.example.com/a.git"}))
        assert e["Message"] == "Cannot create a duplicate Code Repository (arn:aws:sagemaker:us-east-1:000000000000:code-repository/repo-a)", e
        for url in ("file:///etc", "ext::sh -c id", "http://git.example.com/a.git", "ssh://git@example.com/a.git"):
            e = error_of(lambda: sm.create_code_repository(CodeRepositoryName="bad", GitConfig={"RepositoryUrl": url}))
            assert "at 'gitConfig.repositoryUrl' failed to satisfy constraint" in e["Message"], (url, e)
        d = sm.describe_code_repository(CodeRepositoryName="repo-a")
        assert d["GitConfig"] == {"RepositoryUrl": "https://git.example.com/a.git", "Branch": "dev"} and d["CreationTime"] <= d["LastModifiedTime"], d
        secret = "arn:aws:secretsmanager:us-east-1:000000000000:secret:git-abc"
        assert sm.update_code_repository(CodeRepositoryName="repo-a", GitConfig={"SecretArn": secret})["CodeRepositoryArn"].endswith("/repo-a")
        assert sm.describe_code_repository(CodeRepositoryName="repo-a")["GitConfig"]["SecretArn"] == secret
        listed = sm.list_code_repositories(NameContains="repo-")["CodeRepositorySummaryList"]
        assert [r["CodeRepositoryName"] for r in listed] == ["repo-a", "repo-b"], listed
        assert sm.list_tags(ResourceArn=d["CodeRepositoryArn"])["Tags"] == [{"Key": "team", "Value": "ml"}]
        sm.delete_code_repository(CodeRepositoryName="repo-a")
        e = error_of(lambda: sm.describe_code_repository(CodeRepositoryName="repo-a"))
        assert e["Code"] == "ValidationException" and e["Message"] == "Cannot find Code Repository (arn:aws:sagemaker:us-east-1:000000000000:code-repository/repo-a)", e

        arn = sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="lc-one", OnStart=[{"Content": b64("echo one")}])["NotebookInstanceLifecycleConfigArn"]
        assert arn == "arn:aws:sagemaker:us-east-1:000000000000:notebook-instance-lifecycle-config/lc-one", arn
        e = error_of(lambda: sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="lc-one"))
        assert e["Message"] == f"Unable to create Notebook Instance Lifecycle Config {arn}. (Details: Notebook Instance Lifecycle Config already exists.)", e
        e = error_of(lambda: raw.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="lc-two", OnStart=[{"Content": "a"}, {"Content": "b"}]))
        assert "at 'onStart' failed to satisfy constraint: Member must have length less than or equal to 1" in e["Message"], e
        sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="lc-two", OnCreate=[{"Content": b64("echo two")}])
        sm.update_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="lc-one", OnCreate=[{"Content": b64("echo created")}])
        d = sm.describe_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="lc-one")
        assert d["OnStart"] == [{"Content": b64("echo one")}] and d["OnCreate"] == [{"Content": b64("echo created")}], d
        listed = sm.list_notebook_instance_lifecycle_configs(NameContains="lc-")["NotebookInstanceLifecycleConfigs"]
        assert [c["NotebookInstanceLifecycleConfigName"] for c in listed] == ["lc-two", "lc-one"], listed
        sm.delete_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="lc-one")
        for call in (sm.describe_notebook_instance_lifecycle_config, sm.delete_notebook_instance_lifecycle_config):
            e = error_of(lambda: call(NotebookInstanceLifecycleConfigName="lc-one"))
            assert e["Message"].endswith(f"Notebook Instance Lifecycle Config '{arn}'. (Details: Notebook Instance Lifecycle Config does not exist.)"), e
        """)).EnsureSuccess();
}
