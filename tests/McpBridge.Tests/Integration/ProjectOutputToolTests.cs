using DynamoMcp.Api.V1Alpha1;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>create_project's output argument: written into spec.output as given, refused before anything exists when wrong, and where the project went in the result.</summary>
[Collection(BridgeCollection.Name)]
public sealed class ProjectOutputToolTests(BridgeFixture fx)
{
    private static readonly Tenants.Tenant Tenant = Tenants.Dave;

    [Fact]
    public async Task A_git_output_is_written_to_the_spec_and_the_result_names_repository_branch_and_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await ConnectWithTemplateAsync("pushed", ct);
        var call = client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?>
            {
                ["template"] = "pushed",
                ["name"] = "pushed-1",
                ["variables"] = new Dictionary<string, object?> { ["project_name"] = "svc" },
                ["output"] = new Dictionary<string, object?>
                {
                    ["git"] = new Dictionary<string, object?>
                    {
                        ["url"] = "https://github.com/acme/svc.git", ["branch"] = "scaffold/svc", ["baseBranch"] = "main", ["path"] = "services/svc", ["secret"] = "git-push",
                    },
                },
            },
            cancellationToken: ct).AsTask();

        var name = await fx.Operator.WaitForScaffoldAsync(Tenant.Namespace, "pushed", ct);
        var spec = (await fx.Operator.GetScaffoldAsync(Tenant.Namespace, name, ct)).Spec;
        spec.Output!.S3.Should().BeNull();
        spec.Output.Git!.Url.Should().Be("https://github.com/acme/svc.git");
        spec.Output.Git.Branch.Should().Be("scaffold/svc");
        spec.Output.Git.BaseBranch.Should().Be("main");
        spec.Output.Git.Path.Should().Be("services/svc");
        spec.Output.Git.SecretRef!.Name.Should().Be("git-push");
        const string Commit = "89abcdef0123456789abcdef0123456789abcdef";
        await fx.Operator.SucceedPushedAsync(Tenant.Namespace, name, new Dictionary<string, string> { ["svc/README.md"] = "# svc\n" }, Commit, ct);

        var result = await call;
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var project = result.StructuredContent!.Value;
        project.GetProperty("phase").GetString().Should().Be("Succeeded");
        var output = project.GetProperty("output");
        output.GetProperty("kind").GetString().Should().Be("Git");
        output.GetProperty("repositoryUrl").GetString().Should().Be("https://github.com/acme/svc.git");
        output.GetProperty("branch").GetString().Should().Be("scaffold/svc");
        output.GetProperty("commit").GetString().Should().Be(Commit);
        output.GetProperty("path").GetString().Should().Be("services/svc");
        output.TryGetProperty("bucket", out _).Should().BeFalse();
        project.GetProperty("hint").GetString().Should().Contain("scaffold/svc").And.Contain(Commit);

        var status = await client.CallToolAsync("get_project_status", new Dictionary<string, object?> { ["name"] = "pushed-1" }, cancellationToken: ct);
        status.StructuredContent!.Value.GetProperty("output").GetProperty("commit").GetString().Should().Be(Commit);
    }

    [Fact]
    public async Task An_s3_output_is_written_to_the_spec_and_the_result_has_bucket_key_size_sha256_and_the_download_url()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await ConnectWithTemplateAsync("uploaded", ct);
        var created = await client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?>
            {
                ["template"] = "uploaded",
                ["name"] = "uploaded-1",
                ["wait"] = false,
                ["variables"] = new Dictionary<string, object?> { ["project_name"] = "up" },
                ["output"] = new Dictionary<string, object?>
                {
                    ["s3"] = new Dictionary<string, object?>
                    {
                        ["bucket"] = "acme-projects", ["endpoint"] = "https://minio.acme.test:9000", ["region"] = "eu-west-1", ["urlExpirySeconds"] = 600, ["secret"] = "s3-upload",
                    },
                },
            },
            cancellationToken: ct);
        created.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(created));
        var pending = created.StructuredContent!.Value.GetProperty("output");
        pending.GetProperty("kind").GetString().Should().Be("S3");
        pending.GetProperty("bucket").GetString().Should().Be("acme-projects");
        pending.TryGetProperty("downloadUrl", out _).Should().BeFalse("nothing is uploaded yet");

        var spec = (await fx.Operator.GetScaffoldAsync(Tenant.Namespace, "uploaded-1", ct)).Spec.Output!.S3!;
        spec.Bucket.Should().Be("acme-projects");
        spec.Key.Should().BeNull();
        spec.Endpoint.Should().Be("https://minio.acme.test:9000");
        spec.Region.Should().Be("eu-west-1");
        spec.UrlExpirySeconds.Should().Be(600);
        spec.SecretRef!.Name.Should().Be("s3-upload");

        var expires = DateTime.UtcNow.AddMinutes(10);
        var archive = await fx.Operator.SucceedUploadedAsync(Tenant.Namespace, "uploaded-1", new Dictionary<string, string> { ["up/README.md"] = "# up\n" }, expires, ct);
        await ClientWaits.ProjectPhaseAsync(client, "uploaded-1", "Succeeded", ct);

        var status = await client.CallToolAsync("get_project_status", new Dictionary<string, object?> { ["name"] = "uploaded-1" }, cancellationToken: ct);
        status.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(status));
        var output = status.StructuredContent!.Value.GetProperty("output");
        var artifact = (await fx.Operator.GetScaffoldAsync(Tenant.Namespace, "uploaded-1", ct)).Status.Artifact!;
        output.GetProperty("bucket").GetString().Should().Be("acme-projects");
        output.GetProperty("key").GetString().Should().Be($"{Tenant.Namespace}/uploaded-1.tar.gz");
        output.GetProperty("size").GetInt64().Should().Be(archive.Length);
        output.GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive)));
        output.GetProperty("downloadUrl").GetString().Should().Be(artifact.Url).And.StartWith("https://minio.acme.test:9000/acme-projects/");
        output.GetProperty("downloadUrlExpiresAt").GetDateTime().ToUniversalTime().Should().Be(artifact.UrlExpiresAt!.Value.ToUniversalTime());
        output.TryGetProperty("commit", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Bad_outputs_are_refused_with_every_problem_and_no_scaffold_is_created()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await ConnectWithTemplateAsync("misdirected", ct);
        var cases = new (Dictionary<string, object?> Output, string[] Expected)[]
        {
            (new() { ["git"] = new Dictionary<string, object?> { ["url"] = "https://h/r.git" }, ["s3"] = new Dictionary<string, object?> { ["bucket"] = "bkt" } }, ["not both"]),
            (new(), ["exactly one of 'git'"]),
            (new() { ["git"] = new Dictionary<string, object?> { ["url"] = "https://user:tok3n@github.com/acme/x.git", ["branch"] = "bad branch" } }, ["holds credentials", "output.git.branch 'bad branch'"]),
            (new() { ["git"] = new Dictionary<string, object?> { ["url"] = "file:///srv/repo.git" } }, ["scheme 'file'"]),
            (new() { ["s3"] = new Dictionary<string, object?> { ["bucket"] = "Acme_Projects", ["urlExpirySeconds"] = 0 } }, ["output.s3.bucket 'Acme_Projects'", "urlExpirySeconds 0"]),
        };

        foreach (var (output, expected) in cases)
        {
            var result = await client.CallToolAsync(
                "create_project",
                new Dictionary<string, object?> { ["template"] = "misdirected", ["wait"] = false, ["output"] = output },
                cancellationToken: ct);

            result.IsError.Should().BeTrue();
            var text = TemplateLifecycleTests.Text(result);
            text.Should().Contain("nothing was created").And.NotContain("tok3n");
            foreach (var part in expected)
            {
                text.Should().Contain(part);
            }
        }

        (await fx.Operator.ScaffoldNamesAsync(Tenant.Namespace, "misdirected", ct)).Should().BeEmpty();
    }

    private async Task<McpClient> ConnectWithTemplateAsync(string template, CancellationToken ct)
    {
        await fx.Operator.CreateTemplateAsync(Tenant.Namespace, template, ct);
        await fx.Operator.MarkTemplateReadyAsync(Tenant.Namespace, template, ct);
        var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);
        await ClientWaits.ReadyTemplateAsync(client, template, ct);
        return client;
    }
}
