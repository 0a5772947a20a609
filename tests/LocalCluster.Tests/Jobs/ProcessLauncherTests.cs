using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.LocalCluster.Tests.Jobs;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

/// <summary>
/// A sandbox outlives the thread that asked for it: bubblewrap's --die-with-parent fires when the thread that forked it
/// exits, so containers are forked from the launcher's own thread (once from thread-pool threads, they died with 137
/// whenever the pool retired one).
/// </summary>
public sealed class ProcessLauncherTests
{
    [Fact]
    public async Task A_sandboxed_container_started_from_a_thread_that_then_exits_runs_to_its_end()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap is not installed");
        var host = SandboxHost.Detect("/usr/bin/bwrap", ["passwd", "group"])!;
        var container = new V1Container { Name = "main", Image = "busybox", Command = ["sh", "-c", "sleep 2; echo survived"] };
        var launch = ContainerLaunchBuilder.Build("launcher-test", container, null, [], [], null, host, Path.GetTempPath());
        launch.Arguments.Should().Contain("--die-with-parent");
        var output = new System.Text.StringBuilder();
        Task<ContainerExit>? run = null;

        // The call starts on a thread of its own that ends at the call's first await, as a thread-pool thread may.
        var caller = new Thread(() => run = ContainerProcess.RunAsync(
            launch,
            (chunk, _) =>
            {
                lock (output)
                {
                    output.Append(System.Text.Encoding.UTF8.GetString(chunk.Span));
                }

                return ValueTask.CompletedTask;
            },
            TimeProvider.System,
            TestContext.Current.CancellationToken));
        caller.Start();
        caller.Join();
        var exit = await run!.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        exit.ExitCode.Should().Be(0, "the sandbox must not die with the thread that asked for it");
        output.ToString().Should().Contain("survived");
    }
}
