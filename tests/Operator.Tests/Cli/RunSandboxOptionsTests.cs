using DynamoMcp.Operator.Cli;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Tests.Cli;

/// <summary><c>run --sandbox-*</c>: the sandbox Job defaults a deployment gives the operator.</summary>
public sealed class RunSandboxOptionsTests
{
    private static System.CommandLine.ParseResult Parse(params string[] args) => OperatorCommandLine.Build().Parse(["run", .. args]);

    [Fact]
    public void Sandbox_flags_land_in_the_run_options()
    {
        var parse = Parse(
            "--sandbox-image", "registry.local/generator:1.2.3", "--sandbox-image-pull-policy", "Always",
            "--sandbox-runtime-class", "gvisor", "--sandbox-active-deadline-seconds", "60", "--sandbox-backoff-limit", "2",
            "--sandbox-ttl-seconds-after-finished", "30", "--sandbox-request", "memory=64Mi", "--sandbox-limit", "memory=256Mi",
            "--sandbox-limit", "nvidia.com/gpu=1", "--sandbox-max-snapshot-bytes", "1048576", "--sandbox-snapshot-history", "5");

        parse.Errors.Should().BeEmpty();
        var sandbox = OperatorCommandLine.ReadRunOptions(parse).Sandbox;

        sandbox.Image.Should().Be("registry.local/generator:1.2.3");
        sandbox.ImagePullPolicy.Should().Be("Always");
        sandbox.RuntimeClassName.Should().Be("gvisor");
        sandbox.ActiveDeadlineSeconds.Should().Be(60);
        sandbox.BackoffLimit.Should().Be(2);
        sandbox.TtlSecondsAfterFinished.Should().Be(30);
        (sandbox.MaxSnapshotBytes, sandbox.SnapshotHistory).Should().Be((1048576L, 5));
        sandbox.Resources.Requests["memory"].ToString().Should().Be("64Mi");
        sandbox.Resources.Limits["memory"].ToString().Should().Be("256Mi");
        sandbox.Resources.Limits["nvidia.com/gpu"].ToString().Should().Be("1");
        sandbox.Resources.Limits["cpu"].Should().Be(new SandboxOptions().Resources.Limits["cpu"], "a resource not given keeps its default");
    }

    [Fact]
    public void Without_sandbox_flags_the_defaults_apply()
    {
        var parse = Parse();

        parse.Errors.Should().BeEmpty();
        OperatorCommandLine.ReadRunOptions(parse).Sandbox.Should().BeEquivalentTo(new SandboxOptions());
    }

    [Theory]
    [InlineData("--sandbox-limit cpu=lots", "'lots' is not a Kubernetes quantity")]
    [InlineData("--sandbox-request memory", "expected NAME=QUANTITY")]
    [InlineData("--sandbox-limit memory=64Mi", "request memory=128Mi is above its limit memory=64Mi")]
    [InlineData("--sandbox-active-deadline-seconds 0", "--sandbox-active-deadline-seconds must be at least 1")]
    [InlineData("--sandbox-backoff-limit -1", "--sandbox-backoff-limit must be at least 0")]
    [InlineData("--sandbox-image-pull-policy Sometimes", "Sometimes")]
    public void Bad_sandbox_values_are_refused_with_the_reason(string args, string reason)
    {
        var parse = Parse(args.Split(' '));

        parse.Errors.Select(e => e.Message).Should().ContainMatch($"*{reason}*");
        var read = () => OperatorCommandLine.ReadRunOptions(parse);
        read.Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task Run_help_lists_the_sandbox_flags()
    {
        var result = await OperatorProcess.RunAsync(["run", "--help"], cancellationToken: TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("--sandbox-image").And.Contain("--sandbox-runtime-class").And.Contain("--sandbox-request")
            .And.Contain("--sandbox-limit").And.Contain("--sandbox-active-deadline-seconds").And.Contain("--sandbox-ttl-seconds-after-finished");
    }
}
