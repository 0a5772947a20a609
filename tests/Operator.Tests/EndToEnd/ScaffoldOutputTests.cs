using System.Net;
using System.Security.Cryptography;
using System.Text;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>
/// Git and S3 outputs through the operator in local mode: the render Job's deliver step pushes to a real git server
/// (git http-backend behind HTTP Basic) and uploads to a real S3-compatible server (s3rver, SigV4 checked), both on
/// loopback; wrong credentials and an unreachable host end with reasons a person can act on and never as success.
/// </summary>
public sealed class ScaffoldOutputTests(OperatorClusterFixture fixture) : IClassFixture<OperatorClusterFixture>
{
    private const string GitUser = "dynamo";
    private const string GitPassword = "push-token-5c1e";
    private const string S3Key = "AKIADYNAMOTEST";
    private const string S3Secret = "s3-secret-7f2a9b";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OperatorTestCluster Cluster
    {
        get
        {
            Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
            return fixture.Cluster;
        }
    }

    private async Task ReadyTemplateAsync(string name)
    {
        var cluster = Cluster;
        var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "shipped");
        repository.Commit(name);
        await cluster.CreateAsync(OperatorTestCluster.Template(name, "file://" + repository.Path), Ct);
        (await cluster.WaitForTemplateAsync(name, Ct)).Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());
    }

    private async Task SecretAsync(string name, IDictionary<string, string> data)
    {
        var cluster = Cluster;
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name }, StringData = data }, cluster.Namespace, cancellationToken: Ct);
    }

    private async Task<Scaffold> RenderAsync(string name, string template, ScaffoldOutput output)
    {
        var cluster = Cluster;
        var scaffold = OperatorTestCluster.Scaffold(name, template);
        scaffold.Spec.Output = output;
        await cluster.CreateAsync(scaffold, Ct);
        return await cluster.WaitForScaffoldAsync(name, Ct);
    }

    private async Task ShouldNotLeakAsync(Scaffold scaffold, params string[] secrets)
    {
        var cluster = Cluster;
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync(cluster.Namespace, cancellationToken: Ct);
        var text = KubernetesJson.Serialize(scaffold.Status) + string.Join('\n', events.Items.Select(e => e.Message));
        foreach (var secret in secrets)
        {
            text.Should().NotContain(secret);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_git_output_pushes_the_project_as_a_commit_and_wrong_credentials_fail_as_OutputAuthFailed()
    {
        Assert.SkipWhen(GitHttpServer.MissingPrerequisite is not null, GitHttpServer.MissingPrerequisite ?? "");
        var cluster = Cluster;
        await using var git = await GitHttpServer.StartAsync(Path.Combine(cluster.FixtureRoot, "git-" + Guid.NewGuid().ToString("N")[..8]), GitUser, GitPassword, Ct);
        await git.CreateRepositoryAsync("team/app.git", Ct);
        await git.CommitAsync("team/app.git", "main", new Dictionary<string, string> { ["LICENSE"] = "MIT\n" }, "initial", Ct);
        await ReadyTemplateAsync("to-git");
        await SecretAsync("push-creds", new Dictionary<string, string> { ["username"] = GitUser, ["password"] = GitPassword });
        await SecretAsync("wrong-push-creds", new Dictionary<string, string> { ["username"] = GitUser, ["password"] = "not-the-token" });

        var pushed = await RenderAsync("pushed", "to-git", new ScaffoldOutput
        {
            Git = new GitOutput { Url = git.Url("team/app.git"), Branch = "generated", BaseBranch = "main", Path = "services/app", SecretRef = new V1LocalObjectReference { Name = "push-creds" } },
        });

        pushed.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, pushed.Status.Message + await cluster.DescribeAsync());
        var artifact = pushed.Status.Artifact!;
        (artifact.Kind, artifact.Branch, artifact.Url).Should().Be((ArtifactKind.Git, "generated", git.Url("team/app.git")));
        artifact.Commit.Should().Be(await git.BranchCommitAsync("team/app.git", "generated", Ct));
        var tree = await git.ReadTreeAsync("team/app.git", artifact.Commit!, Ct);
        tree.Keys.Should().BeEquivalentTo(["LICENSE", "services/app/hello.txt", "services/app/.cruft.json"], "on top of main, the project in spec.output.git.path");
        tree["services/app/hello.txt"].Should().Be("shipped\n");
        (await git.ParentsAsync("team/app.git", artifact.Commit!, Ct)).Should().Equal(await git.BranchCommitAsync("team/app.git", "main", Ct));
        artifact.Names.Should().NotBeEmpty("an inline copy stays for updates");
        pushed.Status.Message.Should().Contain($"pushed commit {artifact.Commit} to branch generated");
        var job = (await cluster.JobsAsync(Ct)).Single(j => j.Metadata.Labels.TryGetValue("dynamo-mcp.io/scaffold", out var o) && o == "pushed");
        var policy = await cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("pushed-output-egress", cluster.Namespace, cancellationToken: Ct);
        policy.Spec.Egress.Last().To.Single().IpBlock.Cidr.Should().Be("127.0.0.1/32");
        policy.Spec.Egress.Last().Ports.Single().Port.Value.Should().Be(git.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        job.Spec.Template.Spec.InitContainers.Single().Name.Should().Be("render");

        var refused = await RenderAsync("push-refused", "to-git", new ScaffoldOutput
        {
            Git = new GitOutput { Url = git.Url("team/app.git"), Branch = "other", SecretRef = new V1LocalObjectReference { Name = "wrong-push-creds" } },
        });

        refused.Status.Phase.Should().Be(ScaffoldPhase.Failed);
        refused.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason.Should().Be(ConditionReasons.OutputAuthFailed);
        refused.Status.Message.Should().StartWith("The project rendered but was not delivered: ").And.Contain("refused the credentials in the output Secret");
        refused.Status.Artifact.Should().BeNull("nothing half-written is reported");
        (await git.BranchCommitAsync("team/app.git", "other", Ct)).Should().BeNull();
        await ShouldNotLeakAsync(refused, GitPassword, "not-the-token");
        await ShouldNotLeakAsync(pushed, GitPassword);
    }

    [Fact]
    public async Task An_s3_output_uploads_the_archive_with_a_working_presigned_url_and_wrong_or_unreachable_ends_with_a_reason()
    {
        Assert.SkipWhen(S3rverProcess.MissingPrerequisite is not null, S3rverProcess.MissingPrerequisite ?? "");
        var cluster = Cluster;
        await using var s3 = await S3rverProcess.StartAsync(Path.Combine(cluster.FixtureRoot, "s3-" + Guid.NewGuid().ToString("N")[..8]), ["projects"], S3Key, S3Secret, Ct);
        await ReadyTemplateAsync("to-s3");
        await SecretAsync("s3-creds", new Dictionary<string, string> { ["accessKeyId"] = S3Key, ["secretAccessKey"] = S3Secret });
        await SecretAsync("wrong-s3-creds", new Dictionary<string, string> { ["accessKeyId"] = S3Key, ["secretAccessKey"] = "guessed-secret" });
        S3Output Output(string secret, string? endpoint = null) =>
            new() { Bucket = "projects", Endpoint = endpoint ?? s3.Endpoint, UrlExpirySeconds = 900, SecretRef = new V1LocalObjectReference { Name = secret } };

        var uploaded = await RenderAsync("uploaded", "to-s3", new ScaffoldOutput { S3 = Output("s3-creds") });

        uploaded.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, uploaded.Status.Message + await cluster.DescribeAsync());
        var artifact = uploaded.Status.Artifact!;
        (artifact.Kind, artifact.Bucket, artifact.Key).Should().Be((ArtifactKind.S3, "projects", $"{cluster.Namespace}/uploaded.tar.gz"));
        artifact.UrlExpiresAt.Should().BeCloseTo(DateTime.UtcNow.AddSeconds(900), TimeSpan.FromMinutes(2));
        using var http = new HttpClient();
        var downloaded = await http.GetByteArrayAsync(artifact.Url, Ct);
        Convert.ToHexStringLower(SHA256.HashData(downloaded)).Should().Be(artifact.Sha256);
        downloaded.Length.Should().Be((int)artifact.Size!.Value);
        Encoding.UTF8.GetString(Api.Scaffolds.ScaffoldArchive.ReadFile(downloaded, "demo/hello.txt")!).Should().Be("shipped\n");

        var refused = await RenderAsync("upload-refused", "to-s3", new ScaffoldOutput { S3 = Output("wrong-s3-creds") });

        refused.Status.Phase.Should().Be(ScaffoldPhase.Failed);
        refused.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason.Should().Be(ConditionReasons.OutputAuthFailed);
        refused.Status.Message.Should().Contain("SignatureDoesNotMatch");
        refused.Status.Artifact.Should().BeNull();
        File.Exists(s3.ObjectFile("projects", $"{cluster.Namespace}/upload-refused.tar.gz")).Should().BeFalse();
        await ShouldNotLeakAsync(refused, S3Secret, "guessed-secret");

        // A host that does not answer is worth retrying: reported while the next attempt waits, never as success.
        var unreachable = OperatorTestCluster.Scaffold("upload-unreachable", "to-s3");
        unreachable.Spec.Output = new ScaffoldOutput { S3 = Output("s3-creds", $"http://127.0.0.1:{ClosedPort()}") };
        await cluster.CreateAsync(unreachable, Ct);
        var retrying = await OperatorTestCluster.WaitAsync(
            () => cluster.GetScaffoldAsync("upload-unreachable", Ct),
            s => s?.Status.Conditions.Find(ConditionTypes.Ready)?.Reason == ConditionReasons.OutputUnreachable,
            "the unreachable upload to be reported", Ct);
        retrying.Status.Phase.Should().NotBe(ScaffoldPhase.Succeeded);
        retrying.Status.Artifact.Should().BeNull();
        retrying.Status.Conditions.IsTrue(ConditionTypes.Reconciling).Should().BeTrue();
        retrying.Status.Message.Should().Contain("127.0.0.1").And.Contain("Retrying in");
    }
}
