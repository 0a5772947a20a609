using DynamoMcp.McpBridge.Templates;

namespace DynamoMcp.McpBridge.Tests.Templates;

public sealed class ProjectOutputCheckTests
{
    [Theory]
    [InlineData("https://github.com/org/repo.git")]
    [InlineData("http://gitea.local:3000/org/repo.git")]
    [InlineData("ssh://git@github.com/org/repo.git")]
    [InlineData("git@github.com:org/repo.git")]
    public void A_git_output_with_a_pushable_url_passes_and_becomes_the_spec(string url)
    {
        var output = new ProjectOutputArgument(Git: new GitOutputArgument(url, "feature/new-svc", "main", "services/demo/", "git-push"));

        ProjectOutputCheck.Problems(output).Should().BeEmpty();
        var spec = ProjectOutputCheck.ToSpec(output);
        spec.S3.Should().BeNull();
        spec.Git!.Url.Should().Be(url);
        spec.Git.Branch.Should().Be("feature/new-svc");
        spec.Git.BaseBranch.Should().Be("main");
        spec.Git.Path.Should().Be("services/demo");
        spec.Git.SecretRef!.Name.Should().Be("git-push");
    }

    [Fact]
    public void An_s3_output_passes_and_becomes_the_spec_with_unset_fields_left_to_the_operator()
    {
        var output = new ProjectOutputArgument(S3: new S3OutputArgument("my.projects-2026", Secret: "s3-upload"));

        ProjectOutputCheck.Problems(output).Should().BeEmpty();
        var spec = ProjectOutputCheck.ToSpec(output).S3!;
        spec.Bucket.Should().Be("my.projects-2026");
        spec.Key.Should().BeNull();
        spec.Endpoint.Should().BeNull();
        spec.UrlExpirySeconds.Should().BeNull();
        spec.SecretRef!.Name.Should().Be("s3-upload");
    }

    [Theory]
    [InlineData("ftp://example.com/repo.git", "scheme 'ftp'")]
    [InlineData("https://ghp_secret123@github.com/org/repo.git", "holds credentials")]
    [InlineData("ssh://git:hunter2@github.com/org/repo.git", "holds a password")]
    [InlineData("not a url", "spaces")]
    [InlineData("repo.git", "not a repository URL")]
    public void A_git_url_that_cannot_be_pushed_to_is_refused_with_the_forms_that_work(string url, string expected)
    {
        var problems = ProjectOutputCheck.Problems(new ProjectOutputArgument(Git: new GitOutputArgument(url)));

        var problem = problems.Should().ContainSingle().Subject;
        problem.Should().StartWith("output.git.url").And.Contain(expected);
        problem.Should().NotContain("ghp_secret123").And.NotContain("hunter2");
    }

    [Theory]
    [InlineData("feature branch", "characters")]
    [InlineData("-main", "not a valid git branch name")]
    [InlineData("a..b", "not a valid git branch name")]
    [InlineData("topic.lock", "not a valid git branch name")]
    [InlineData("topic/", "not a valid git branch name")]
    [InlineData("a/.hidden", "not a valid git branch name")]
    public void A_branch_git_would_not_accept_is_refused(string branch, string expected)
    {
        var problems = ProjectOutputCheck.Problems(new ProjectOutputArgument(Git: new GitOutputArgument("https://github.com/org/repo.git", branch, BaseBranch: branch)));

        problems.Should().HaveCount(2);
        problems[0].Should().StartWith($"output.git.branch '{branch}'").And.Contain(expected);
        problems[1].Should().StartWith($"output.git.baseBranch '{branch}'").And.Contain(expected);
    }

    [Theory]
    [InlineData("ab", "3 to 63")]
    [InlineData("My_Bucket", "lower-case")]
    [InlineData("my..bucket", "'..'")]
    [InlineData("192.168.1.10", "IP address")]
    [InlineData("xn--bucket", "reserved")]
    [InlineData("bucket-", "lower-case")]
    public void A_bucket_name_s3_would_not_accept_is_refused_with_the_rule(string bucket, string expected)
    {
        var problem = ProjectOutputCheck.Problems(new ProjectOutputArgument(S3: new S3OutputArgument(bucket))).Should().ContainSingle().Subject;

        problem.Should().StartWith($"output.s3.bucket '{bucket}' is not a valid bucket name").And.Contain(expected);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var output = new ProjectOutputArgument(S3: new S3OutputArgument(
            Bucket: "", Key: "/abs", Endpoint: "https://key:secret@minio.local", Region: "EU WEST", UrlExpirySeconds: 700000, Secret: "Not_A_Name"));

        var message = ProjectOutputCheck.ErrorMessage(output);

        message.Should().StartWith("The output argument is not valid; nothing was created.")
            .And.Contain("output.s3.bucket is required")
            .And.Contain("output.s3.key '/abs'")
            .And.Contain("output.s3.endpoint").And.Contain("holds credentials")
            .And.Contain("output.s3.region 'EU WEST'")
            .And.Contain("output.s3.urlExpirySeconds 700000").And.Contain("1 to 604800")
            .And.Contain("output.s3.secret 'Not_A_Name'")
            .And.NotContain("key:secret");
    }

    [Fact]
    public void Neither_or_both_kinds_are_refused()
    {
        ProjectOutputCheck.Problems(new ProjectOutputArgument()).Should().ContainSingle().Which.Should().Contain("exactly one of 'git'");
        ProjectOutputCheck.Problems(new ProjectOutputArgument(new GitOutputArgument("https://h/r.git"), new S3OutputArgument("bucket")))
            .Should().ContainSingle().Which.Should().Contain("not both");
    }

    [Fact]
    public void A_path_that_leaves_the_repository_is_refused()
    {
        ProjectOutputCheck.Problems(new ProjectOutputArgument(Git: new GitOutputArgument("https://h/r.git", Path: "../outside")))
            .Should().ContainSingle().Which.Should().Contain("leaves the repository");
    }
}
