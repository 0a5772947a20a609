using DynamoMcp.Generator.Tests.Running;

namespace DynamoMcp.Generator.Tests.Deliver;

/// <summary>
/// `deliver git` against a real git server (git http-backend behind HTTP Basic authentication, <see cref="GitHttpServer"/>):
/// what it pushes is read back from the server's bare repository with the git CLI.
/// </summary>
public sealed class DeliverGitTests : DeliverTestBase, IAsyncLifetime
{
    private const string User = "deploy-bot";
    private const string Password = "glpat-s3cr3t-push-token";
    private const string Repository = "team/app.git";

    private GitHttpServer server = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(GitHttpServer.MissingPrerequisite is not null, GitHttpServer.MissingPrerequisite ?? "");
        server = await GitHttpServer.StartAsync(Path.Combine(Temp, "git-server"), User, Password, Cancellation);
        await server.CreateRepositoryAsync(Repository, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private string Secret(string password = Password) =>
        WriteSecret(new Dictionary<string, string> { ["username"] = User, ["password"] = password });

    private Task<GeneratorRun> PushAsync((string Path, string Sha256) archive, string branch, params string[] extra) =>
        PushAsync(Secret(), server.Url(Repository), archive, branch, extra);

    private Task<GeneratorRun> PushAsync(string secret, string url, (string Path, string Sha256) archive, string branch, params string[] extra) =>
        DeliverAsync(secret, ["git", "--archive-file", archive.Path, "--archive-sha256", archive.Sha256, "--url", url, "--branch", branch, .. extra]);

    [Fact]
    public async Task A_new_branch_is_an_orphan_root_commit_holding_exactly_the_project()
    {
        var archive = WriteArchive();

        var run = await PushAsync(archive, "generated");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Kind.Should().Be("DeliverResult");
        var tip = await server.BranchCommitAsync(Repository, "generated", Cancellation);
        run.Result.GetProperty("version").GetInt32().Should().Be(1);
        run.Result.GetProperty("output").GetString().Should().Be("git");
        run.Result.GetProperty("url").GetString().Should().Be(server.Url(Repository));
        run.Result.GetProperty("branch").GetString().Should().Be("generated");
        run.Result.GetProperty("commit").GetString().Should().Be(tip);
        run.Result.GetProperty("parent").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        run.Result.GetProperty("created").GetBoolean().Should().BeTrue();
        run.Result.GetProperty("changed").GetBoolean().Should().BeTrue();
        run.Result.GetProperty("files").GetInt32().Should().Be(4);
        run.Result.GetProperty("archiveSha256").GetString().Should().Be(archive.Sha256);
        (await server.ReadTreeAsync(Repository, tip!, Cancellation)).Should().BeEquivalentTo(ProjectFiles);
        (await server.ParentsAsync(Repository, tip!, Cancellation)).Should().BeEmpty();
        (await server.ModeAsync(Repository, tip!, "scripts/run.sh", Cancellation)).Should().Be("100755");
        (await server.ModeAsync(Repository, tip!, "README.md", Cancellation)).Should().Be("100644");
        (await server.ModeAsync(Repository, tip!, "docs/readme", Cancellation)).Should().Be("120000");
        (await server.LogAsync(Repository, tip!, "%an <%ae>|%cn <%ce>|%s", Cancellation))
            .Should().Be("Dynamo MCP <dynamo-mcp@localhost>|Dynamo MCP <dynamo-mcp@localhost>|Generate proj with Dynamo MCP");
        ShouldNotLeak(run, Password);
    }

    [Fact]
    public async Task On_an_existing_branch_the_path_is_replaced_by_the_project_in_one_commit_on_top()
    {
        var before = await server.CommitAsync(Repository, "main", new Dictionary<string, string>
        {
            ["README.md"] = "the repository's own readme\n",
            ["deploy/old.txt"] = "from an earlier generation\n",
            ["deploy/src/app.py"] = "old\n",
            ["service/main.go"] = "package main\n",
        }, "existing work", Cancellation);

        var run = await PushAsync(WriteArchive(), "main", "--path", "deploy", "--message", "Regenerate deploy", "--author-name", "Release Bot",
            "--author-email", "release@example.com");

        run.ExitCode.Should().Be(0, run.ToString());
        var tip = await server.BranchCommitAsync(Repository, "main", Cancellation);
        run.Result.GetProperty("commit").GetString().Should().Be(tip).And.NotBe(before);
        run.Result.GetProperty("parent").GetString().Should().Be(before);
        run.Result.GetProperty("created").GetBoolean().Should().BeFalse();
        run.Result.GetProperty("changed").GetBoolean().Should().BeTrue();
        (await server.ParentsAsync(Repository, tip!, Cancellation)).Should().Equal(before);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["README.md"] = "the repository's own readme\n",
            ["service/main.go"] = "package main\n",
        };
        foreach (var (path, content) in ProjectFiles)
        {
            expected["deploy/" + path] = content;
        }

        (await server.ReadTreeAsync(Repository, tip!, Cancellation)).Should().BeEquivalentTo(expected);
        (await server.LogAsync(Repository, tip!, "%an <%ae>|%cn <%ce>|%s", Cancellation))
            .Should().Be("Release Bot <release@example.com>|Release Bot <release@example.com>|Regenerate deploy");
    }

    [Fact]
    public async Task Without_a_path_the_whole_tree_of_an_existing_branch_becomes_the_project()
    {
        var before = await server.CommitAsync(Repository, "main", new Dictionary<string, string>
        {
            ["stale.txt"] = "gone after delivery\n",
            ["README.md"] = "old readme\n",
        }, "existing work", Cancellation);

        var run = await PushAsync(WriteArchive(), "main");

        run.ExitCode.Should().Be(0, run.ToString());
        var tip = await server.BranchCommitAsync(Repository, "main", Cancellation);
        run.Result.GetProperty("parent").GetString().Should().Be(before);
        (await server.ReadTreeAsync(Repository, tip!, Cancellation)).Should().BeEquivalentTo(ProjectFiles);
    }

    [Fact]
    public async Task A_new_branch_starts_from_the_base_branch_which_stays_as_it_was()
    {
        var main = await server.CommitAsync(Repository, "main", new Dictionary<string, string> { ["LICENSE"] = "MIT\n" }, "initial", Cancellation);

        var run = await PushAsync(WriteArchive(), "scaffold/demo", "--base-branch", "main", "--path", "apps/demo");

        run.ExitCode.Should().Be(0, run.ToString());
        var tip = await server.BranchCommitAsync(Repository, "scaffold/demo", Cancellation);
        run.Result.GetProperty("commit").GetString().Should().Be(tip);
        run.Result.GetProperty("parent").GetString().Should().Be(main);
        run.Result.GetProperty("created").GetBoolean().Should().BeTrue();
        (await server.ParentsAsync(Repository, tip!, Cancellation)).Should().Equal(main);
        var tree = await server.ReadTreeAsync(Repository, tip!, Cancellation);
        tree.Should().ContainKey("LICENSE").WhoseValue.Should().Be("MIT\n");
        tree["apps/demo/src/app.py"].Should().Be("print('demo')\n");
        tree.Should().HaveCount(1 + ProjectFiles.Count);
        (await server.BranchCommitAsync(Repository, "main", Cancellation)).Should().Be(main);
    }

    [Fact]
    public async Task A_missing_base_branch_is_OutputNotFound_and_creates_nothing()
    {
        await server.CommitAsync(Repository, "main", new Dictionary<string, string> { ["LICENSE"] = "MIT\n" }, "initial", Cancellation);

        var run = await PushAsync(WriteArchive(), "feature", "--base-branch", "develop");

        run.ExitCode.Should().Be(33, run.ToString());
        run.Reason.Should().Be("OutputNotFound");
        run.Message.Should().Contain("develop");
        (await server.BranchCommitAsync(Repository, "feature", Cancellation)).Should().BeNull();
    }

    [Fact]
    public async Task Delivering_the_same_project_again_makes_no_commit_and_reports_the_tip_unchanged()
    {
        var archive = WriteArchive();
        var first = await PushAsync(archive, "generated", "--path", "proj");
        first.ExitCode.Should().Be(0, first.ToString());
        var tip = first.Result.GetProperty("commit").GetString();

        var again = await PushAsync(archive, "generated", "--path", "proj");

        again.ExitCode.Should().Be(0, again.ToString());
        again.Result.GetProperty("changed").GetBoolean().Should().BeFalse();
        again.Result.GetProperty("created").GetBoolean().Should().BeFalse();
        again.Result.GetProperty("commit").GetString().Should().Be(tip);
        again.Result.GetProperty("parent").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "the tip is a root commit");
        (await server.BranchCommitAsync(Repository, "generated", Cancellation)).Should().Be(tip);

        var changed = await PushAsync(WriteArchive(readme: "# Demo, version 2\n"), "generated", "--path", "proj");

        changed.ExitCode.Should().Be(0, changed.ToString());
        changed.Result.GetProperty("changed").GetBoolean().Should().BeTrue();
        changed.Result.GetProperty("parent").GetString().Should().Be(tip);
        var next = await server.BranchCommitAsync(Repository, "generated", Cancellation);
        (await server.ReadTreeAsync(Repository, next!, Cancellation))["proj/README.md"].Should().Be("# Demo, version 2\n");
    }

    [Fact]
    public async Task A_wrong_password_is_OutputAuthFailed_and_the_password_is_nowhere_in_the_output()
    {
        const string wrong = "glpat-wrong-but-secret-value";

        var run = await PushAsync(Secret(wrong), server.Url(Repository), WriteArchive(), "generated");

        run.ExitCode.Should().Be(30, run.ToString());
        run.Reason.Should().Be("OutputAuthFailed");
        run.Message.Should().Contain("output Secret").And.Contain("'username'").And.Contain("'password'");
        server.Unauthorized.Should().BeGreaterThan(0);
        ShouldNotLeak(run, wrong);
        ShouldNotLeak(run, Password);
        (await server.BranchCommitAsync(Repository, "generated", Cancellation)).Should().BeNull();
    }

    [Fact]
    public async Task No_credentials_for_a_server_that_wants_them_is_OutputAuthFailed()
    {
        var run = await PushAsync(WriteSecret(new Dictionary<string, string>()), server.Url(Repository), WriteArchive(), "generated");

        run.ExitCode.Should().Be(30, run.ToString());
        run.Reason.Should().Be("OutputAuthFailed");
    }

    [Fact]
    public async Task A_closed_port_is_OutputUnreachable_naming_the_host()
    {
        var port = ClosedPort();

        var run = await PushAsync(Secret(), $"http://127.0.0.1:{port}/team/app.git", WriteArchive(), "generated");

        run.ExitCode.Should().Be(31, run.ToString());
        run.Reason.Should().Be("OutputUnreachable");
        run.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("egress allowlist");
        ShouldNotLeak(run, Password);
    }

    [Fact]
    public async Task A_repository_the_server_does_not_have_is_OutputNotFound()
    {
        var run = await PushAsync(Secret(), server.Url("team/missing.git"), WriteArchive(), "generated");

        run.ExitCode.Should().Be(33, run.ToString());
        run.Reason.Should().Be("OutputNotFound");
        run.Message.Should().Contain("team/missing.git");
    }

    [Fact]
    public async Task A_push_that_lost_a_race_is_OutputRejected_and_leaves_the_other_commit_in_place()
    {
        var before = await server.CommitAsync(Repository, "main", new Dictionary<string, string> { ["README.md"] = "v1\n" }, "v1", Cancellation);
        string? racer = null;
        server.BeforeReceivePack = async (repository, token) =>
        {
            // Someone else pushes between the deliverer's fetch and its push.
            racer ??= await server.CommitAsync(repository, "main", new Dictionary<string, string> { ["README.md"] = "v2 by someone else\n" }, "v2", token);
        };

        var run = await PushAsync(WriteArchive(), "main");

        run.ExitCode.Should().Be(32, run.ToString());
        run.Reason.Should().Be("OutputRejected");
        run.Message.Should().Contain("meanwhile").And.Contain("again");
        racer.Should().NotBeNull();
        (await server.BranchCommitAsync(Repository, "main", Cancellation)).Should().Be(racer).And.NotBe(before);
    }

    [Fact]
    public async Task A_server_hook_that_declines_is_OutputRejected_with_the_servers_words()
    {
        var before = await server.CommitAsync(Repository, "main", new Dictionary<string, string> { ["README.md"] = "v1\n" }, "v1", Cancellation);
        await server.InstallHookAsync(Repository, "pre-receive", "#!/bin/sh\necho 'GL-HOOK-ERR: main is a protected branch' >&2\nexit 1\n", Cancellation);

        var run = await PushAsync(WriteArchive(), "main");

        run.ExitCode.Should().Be(32, run.ToString());
        run.Reason.Should().Be("OutputRejected");
        run.Message.Should().Contain("main is a protected branch");
        (await server.BranchCommitAsync(Repository, "main", Cancellation)).Should().Be(before);
    }

    [Fact]
    public async Task An_archive_with_another_digest_is_ArchiveDigestMismatch_before_anything_is_pushed()
    {
        var archive = WriteArchive();

        var run = await PushAsync(archive with { Sha256 = new string('0', 64) }, "generated");

        run.ExitCode.Should().Be(17, run.ToString());
        run.Reason.Should().Be("ArchiveDigestMismatch");
        run.Message.Should().Contain(archive.Sha256);
        (await server.BranchCommitAsync(Repository, "generated", Cancellation)).Should().BeNull();
    }

    [Fact]
    public async Task A_url_with_a_password_in_it_is_refused_without_showing_the_password()
    {
        var url = server.Url(Repository).Replace("http://", $"http://{User}:{Password}@", StringComparison.Ordinal);

        var run = await PushAsync(Secret(), url, WriteArchive(), "generated");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Reason.Should().Be("InvalidArguments");
        ShouldNotLeak(run, Password);
    }
}
