using System.Diagnostics;
using System.Threading.Channels;
using DynamoMcp.LocalCluster.LocalMode;

namespace DynamoMcp.LocalCluster.Tests.LocalMode;

/// <summary>Relative paths on the local mode's command line mean the directory the user ran the command from.</summary>
public sealed class LocalModeCommandLineTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    // Inside the checkout (so global.json applies to `dotnet run`), and neither the repository root nor the project folder.
    private readonly string _caller = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "run-from-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => Directory.Delete(_caller, recursive: true);

    [Fact]
    public void Relative_data_dir_and_template_folders_are_made_absolute_against_the_current_directory()
    {
        var parse = LocalModeCommandLine.Build(TextWriter.Null, TextWriter.Null)
            .Parse(["--data-dir", "state/.local-data", "--template-folder", ".", "--template-folder", _caller]);

        var options = LocalModeCommandLine.ReadOptions(parse);

        options.DataDirectory.Should().Be(Path.Combine(Environment.CurrentDirectory, "state", ".local-data"));
        options.TemplateFolders.Should().Equal(Environment.CurrentDirectory, _caller);
    }

    [Fact]
    public void Sandbox_slots_pids_and_the_limit_mechanism_are_options_and_bad_counts_are_refused()
    {
        var command = LocalModeCommandLine.Build(TextWriter.Null, TextWriter.Null);

        var options = LocalModeCommandLine.ReadOptions(command.Parse(["--sandbox-slots", "1", "--pod-pids-limit", "64", "--resource-limits", "rlimits"]));
        var runner = LocalSandboxImages.JobRunnerOptions(options);

        (runner.MaxParallelPods, runner.PodPidsLimit, runner.ResourceControl).Should().Be((1, 64, DynamoMcp.LocalCluster.Jobs.Limits.ResourceControlMode.Rlimits));
        LocalSandboxImages.JobRunnerOptions(LocalModeCommandLine.ReadOptions(command.Parse([]))).ResourceControl
            .Should().Be(DynamoMcp.LocalCluster.Jobs.Limits.ResourceControlMode.Auto);
        command.Parse(["--sandbox-slots", "0"]).Errors.Should().ContainSingle().Which.Message.Should().Be("--sandbox-slots must be at least 1.");
        command.Parse(["--resource-limits", "lots"]).Errors.Should().NotBeEmpty();
    }

    [Fact]
    public void A_missing_relative_template_folder_is_reported_with_the_folder_it_was_looked_for_in()
    {
        var parse = LocalModeCommandLine.Build(TextWriter.Null, TextWriter.Null).Parse(["--template-folder", "no-such-templates"]);

        parse.Errors.Should().ContainSingle().Which.Message.Should()
            .Contain(Path.Combine(Environment.CurrentDirectory, "no-such-templates"));
    }

    [Fact]
    public void Allowed_hosts_and_origins_repeat_and_reach_the_options()
    {
        var parse = LocalModeCommandLine.Build(TextWriter.Null, TextWriter.Null)
            .Parse(["--allowed-host", "dev.localhost", "--allowed-host", "*.example.test", "--allowed-origin", "http://dev.localhost:3000"]);

        var options = LocalModeCommandLine.ReadOptions(parse);

        options.AllowedHosts.Should().Equal("dev.localhost", "*.example.test");
        options.AllowedOrigins.Should().Equal("http://dev.localhost:3000");
    }

    [Fact]
    public void A_bad_allowed_host_or_origin_is_a_command_line_error_saying_what_to_write()
    {
        var parse = LocalModeCommandLine.Build(TextWriter.Null, TextWriter.Null)
            .Parse(["--allowed-host", "http://dev.localhost", "--allowed-origin", "dev.localhost"]);

        parse.Errors.Select(e => e.Message).Should().BeEquivalentTo(
            ["--allowed-host 'http://dev.localhost' is a URL; give the host name alone (e.g. mcp.example.com). Origins of web pages go in the allowed origins.",
             "--allowed-origin 'dev.localhost' is not an origin; write scheme://host[:port] as a browser sends it, such as https://console.example.com or https://*.example.com."]);
    }

    [Fact]
    public async Task The_readme_command_keeps_a_relative_data_dir_under_the_directory_it_was_run_from()
    {
        // The README's `dotnet run --project src/LocalCluster -- --data-dir .local-data`, run from another folder: the
        // Web SDK's `dotnet run` would start the program in src/LocalCluster unless the project says otherwise.
        var ct = TestContext.Current.CancellationToken;
        var project = Path.Combine(RepositoryRoot.Find(), "src", "LocalCluster");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _caller,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "run", "--project", project, "--no-build", "-c", Configuration, "--",
            "--data-dir", ".local-data", "--api-server-only", "--no-sandbox",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var lines = Channel.CreateUnbounded<string>();
        var transcript = new List<string>();
        using var process = new Process { StartInfo = start };
        void Collect(string? line, bool stdout)
        {
            if (line is null)
            {
                if (stdout)
                {
                    lines.Writer.TryComplete(); // exited (or closed its output) before the banner
                }

                return;
            }

            lock (transcript)
            {
                transcript.Add(line);
            }

            lines.Writer.TryWrite(line);
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, stdout: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Transcript()
        {
            lock (transcript)
            {
                return string.Join('\n', transcript);
            }
        }

        try
        {
            string? kubeconfig = null;
            var banner = false;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await foreach (var line in lines.Reader.ReadAllAsync(timeout.Token))
                {
                    var trimmed = line.Trim();
                    if (trimmed.StartsWith("kubeconfig:", StringComparison.Ordinal))
                    {
                        kubeconfig = trimmed["kubeconfig:".Length..].Trim();
                    }
                    else if (trimmed == "Press Ctrl-C to stop.")
                    {
                        banner = true;
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            banner.Should().BeTrue($"the local mode prints its banner within 2 minutes. Output:\n{Transcript()}");
            var expected = Path.Combine(_caller, ".local-data", "kubeconfig");
            kubeconfig.Should().Be(expected, "a relative --data-dir lands under the directory the command ran from");
            File.Exists(expected).Should().BeTrue();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }
}
