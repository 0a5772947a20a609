namespace DynamoMcp.LocalCluster.Tests.Jobs;

/// <summary>
/// A container's command is pid 1 of its sandbox, as in a pod: bubblewrap's own init, which holds the container's
/// stdout and stderr and cannot be made non-dumpable, is not inside where the container's processes could reach its
/// descriptors or environment through /proc/1.
/// </summary>
public sealed class SandboxPidOneTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_command_is_pid_1_and_no_bubblewrap_process_is_inside_the_sandbox()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is not installed");
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        // $$ is the pod spec's escape of $.
        var container = JobRunnerCluster.Shell("echo pid=$$$$; echo init=$(cat /proc/1/comm); for p in /proc/[0-9]*; do cat $p/comm; done | sort -u | tr '\\n' , | sed 's/^/names=/'");

        var (_, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("pid-one", container), "Complete", Token);

        log.Should().Contain("pid=1\n").And.Contain("init=sh\n");
        log.Should().NotContain("bwrap", "nothing of bubblewrap runs where the container's processes can see it");
    }
}
