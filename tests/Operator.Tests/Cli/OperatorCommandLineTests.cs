using System.Net;
using System.Net.Sockets;

namespace DynamoMcp.Operator.Tests.Cli;

public sealed class OperatorCommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var result = await OperatorProcess.RunAsync(["--help"], cancellationToken: Ct);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("run").And.Contain("generate").And.Contain("dynamo-mcp.io");
    }

    [Fact]
    public async Task Run_help_describes_how_to_reach_a_cluster()
    {
        var result = await OperatorProcess.RunAsync(["run", "--help"], cancellationToken: Ct);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("--kubeconfig").And.Contain("--context").And.Contain("--leader-elect").And.Contain("--namespace");
    }

    [Fact]
    public async Task Run_without_any_cluster_configuration_fails_with_directions_instead_of_using_localhost()
    {
        var result = await OperatorProcess.RunAsync(["run"], cancellationToken: Ct);

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Contain("No Kubernetes cluster is configured")
            .And.Contain("--kubeconfig")
            .And.Contain("KUBECONFIG")
            .And.NotContain("localhost:8080");
    }

    [Fact]
    public async Task Run_with_a_missing_kubeconfig_file_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.yaml");

        var result = await OperatorProcess.RunAsync(["run", "--kubeconfig", missing], cancellationToken: Ct);

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Contain(missing).And.Contain("does not exist");
    }

    [Fact]
    public async Task Run_with_an_unreachable_server_says_which_server()
    {
        // A port that was just free: connecting is refused at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var kubeconfig = KubeconfigFiles.Write($"http://127.0.0.1:{port}");

        var result = await OperatorProcess.RunAsync(["run", "--kubeconfig", kubeconfig], cancellationToken: Ct);

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Contain($"127.0.0.1:{port}").And.Contain("Cannot reach");
    }

    [Fact]
    public async Task Invalid_option_values_are_refused_with_the_reason()
    {
        var result = await OperatorProcess.RunAsync(["run", "--max-concurrent-reconciles", "0"], cancellationToken: Ct);

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain("--max-concurrent-reconciles must be between 1 and 256");
    }

    [Fact]
    public async Task Generate_crds_writes_the_checked_in_files_for_every_kind()
    {
        var outputRoot = Directory.CreateTempSubdirectory("generate-crds-").FullName;
        var repoRoot = DynamoMcp.Operator.Cli.RepositoryRoot.Find(AppContext.BaseDirectory)!;

        var result = await OperatorProcess.RunAsync(["generate", "crds", "--output-root", outputRoot], cancellationToken: Ct);

        result.ExitCode.Should().Be(0, result.Stderr);
        foreach (var directory in new[] { "config/crd", "charts/dynamo-mcp/crds" })
        {
            var written = Directory.GetFiles(Path.Combine(outputRoot, directory), "*.yaml").Select(Path.GetFileName).Order().ToArray();
            written.Should().HaveCount(DynamoMcp.Api.Crds.CrdGenerator.Kinds.Count);
            foreach (var name in written)
            {
                (await File.ReadAllTextAsync(Path.Combine(outputRoot, directory, name!), Ct))
                    .Should().Be(await File.ReadAllTextAsync(Path.Combine(repoRoot, directory, name!), Ct), $"{directory}/{name} is up to date");
            }
        }
    }

    [Fact]
    public async Task Generate_rbac_writes_the_checked_in_roles_and_chart_rules()
    {
        var outputRoot = Directory.CreateTempSubdirectory("generate-rbac-").FullName;
        var repoRoot = DynamoMcp.Operator.Cli.RepositoryRoot.Find(AppContext.BaseDirectory)!;

        var result = await OperatorProcess.RunAsync(["generate", "rbac", "--output-root", outputRoot], cancellationToken: Ct);

        result.ExitCode.Should().Be(0, result.Stderr);
        var files = new[]
        {
            DynamoMcp.Operator.Rbac.RbacWriter.OperatorRole, DynamoMcp.Operator.Rbac.RbacWriter.LeaderElectionRole,
            DynamoMcp.Operator.Rbac.RbacWriter.ChartOperatorRules, DynamoMcp.Operator.Rbac.RbacWriter.ChartLeaderElectionRules,
        };
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(files.Select(f => $"wrote {f}"));
        foreach (var file in files)
        {
            (await File.ReadAllTextAsync(Path.Combine(outputRoot, file), Ct))
                .Should().Be(await File.ReadAllTextAsync(Path.Combine(repoRoot, file), Ct), $"{file} is up to date");
        }
    }

    [Fact]
    public async Task Under_dotnet_run_a_relative_output_root_means_the_directory_the_command_ran_from()
    {
        // The Web SDK's `dotnet run` would start the operator in src/Operator unless the project says otherwise.
        var repoRoot = DynamoMcp.Operator.Cli.RepositoryRoot.Find(AppContext.BaseDirectory)!;
        var caller = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "run-from-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = caller, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "run", "--project", Path.Combine(repoRoot, "src", "Operator"), "--no-build", "-c", Configuration, "--", "generate", "rbac", "--output-root", "out" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(Ct);
            var stderr = process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);

            process.ExitCode.Should().Be(0, await stderr);
            File.Exists(Path.Combine(caller, "out", DynamoMcp.Operator.Rbac.RbacWriter.OperatorRole)).Should().BeTrue(await stdout);
        }
        finally
        {
            Directory.Delete(caller, recursive: true);
        }
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
