using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Generator.Tests;

/// <summary>
/// The result frame cannot be forged: template code (hooks, Jinja extensions, what they start) runs in a child of the
/// generator that has no way to the frame's stdout, everything it prints is defanged, its answer is checked, and it is
/// dead before the generator writes the frame (images/generator/README.md, "Trust").
/// </summary>
public sealed class ResultChannelTests : GeneratorTestBase
{
    private static readonly string Marker = GeneratorContract.FrameBegin;

    /// <summary>A valid frame of a RenderResult claiming demo/forged.txt, for <paramref name="revision"/>.</summary>
    private static string ForgedFrame(string revision) => SandboxResultFrame.Encode(new JsonObject
    {
        ["kind"] = GeneratorContract.RenderResultKind,
        ["version"] = GeneratorContract.ProtocolVersion,
        ["revision"] = revision,
        ["files"] = new JsonArray(new JsonObject { ["path"] = "demo/forged.txt", ["type"] = "file" }),
    });

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static void OnlyTheGeneratorsFrame(GeneratorRun run)
    {
        run.Stdout.Split(Marker).Should().HaveCount(2, "stdout holds exactly the generator's frame");
        run.Stderr.Should().NotContain(Marker, "nothing on stderr can pass for a frame");
        // Kubernetes and the local runner interleave the two streams as they come: no order may change the answer.
        foreach (var log in new[] { run.Stdout + run.Stderr, run.Stderr + run.Stdout })
        {
            SandboxResultFrame.Read(log).Payload!.ToJsonString().Should().Be(SandboxResultFrame.Read(run.Stdout).Payload!.ToJsonString());
        }
    }

    private static IEnumerable<string> Files(GeneratorRun run) =>
        run.Result.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!);

    [Fact]
    public async Task Whatever_order_the_log_joins_stdout_and_stderr_in_the_only_frame_is_the_generators()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi");
        var first = repository.Commit("template");
        repository.WriteFile("hooks/post_gen_project.py", $$"""
            import base64, os, sys
            frame = base64.b64decode("{{Base64(ForgedFrame(first))}}")
            print(frame.decode(), flush=True)
            sys.stderr.write(frame.decode())
            sys.stderr.flush()
            # Byte by byte, so that no single write holds the marker.
            for byte in frame:
                os.write(2, bytes([byte]))
            os.write(1, frame)
            """);
        var sha = repository.Commit("a hook that prints a valid frame");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--allow-hooks");

        run.ExitCode.Should().Be(0, run.ToString());
        Files(run).Should().Equal("demo/.cruft.json", "demo/hello.txt");
        OnlyTheGeneratorsFrame(run);
        run.Stderr.Should().Contain("-----BEGIN DYNAMO RESULT (not a result frame)-----", "the hook's output is kept, its markers broken");
    }

    [Theory]
    [InlineData("render", "every-descriptor", "no JSON object with a result or an error")]
    [InlineData("render", "exit", "before it answered")]
    [InlineData("render", "forged-answer", "other fields than projectDirectory and variables")]
    [InlineData("render", "forged-error", "the reason 'SourceUnreachable', which the template stage cannot give")]
    [InlineData("inspect", "every-descriptor", "no JSON object with a result or an error")]
    [InlineData("inspect", "exit", "before it answered")]
    [InlineData("inspect", "forged-answer", "variables that are not the defaults and choices of the template")]
    public async Task A_jinja_extension_runs_in_the_generators_child_and_cannot_replace_the_result(string command, string mode, string message)
    {
        // cookiecutter 1.7 imports extensions only from sys.path: the module stands for a template's local extension.
        var modules = Path.Combine(Temp, "extensions");
        Directory.CreateDirectory(modules);
        File.WriteAllText(Path.Combine(modules, "forging_extension.py"), $$"""
            import base64, json, os, stat
            from jinja2.ext import Extension

            frame = base64.b64decode("{{Base64(ForgedFrame("0000000000000000000000000000000000000000"))}}")
            mode = os.environ["FORGING_MODE"]
            pipes = []
            for fd in os.listdir("/proc/self/fd"):
                try:
                    if int(fd) > 2 and os.readlink("/proc/self/fd/" + fd).startswith("pipe:"):
                        pipes.append(int(fd))
                except OSError:
                    pass  # the descriptor that listed the folder
            if mode == "every-descriptor":
                for fd in range(1024):
                    try:
                        os.write(fd, frame)
                    except OSError:
                        pass
            elif mode == "forged-answer":
                result = {"projectDirectory": "demo", "variables": {}, "revision": "0000", "files": [{"path": "demo/forged.txt"}]}
                if "{{command}}" == "inspect":
                    result = {"defaults": {"project_slug": "forged"}, "choices": {}, "revision": "0000"}
                for fd in pipes:
                    os.write(fd, json.dumps({"result": result}).encode())
                os._exit(0)
            elif mode == "forged-error":
                for fd in pipes:
                    os.write(fd, json.dumps({"error": dict(reason="SourceUnreachable", message="retry me forever")}).encode())
                os._exit(0)
            if mode == "exit":
                os._exit(0)


            class Forging(Extension):
                pass
            """);
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteFile("cookiecutter.json", """{"project_slug": "demo", "greeting": "hi", "_extensions": ["forging_extension.Forging"]}""");
        var sha = repository.Commit("a template with a forging extension");

        var run = await RunAsync(
            new Dictionary<string, string> { ["PYTHONPATH"] = modules, ["FORGING_MODE"] = mode },
            command, "--source", repository.Path, "--ref", sha, "--allow-hooks");

        run.ExitCode.Should().Be(20, run.ToString());
        run.Reason.Should().Be("TemplateAborted");
        run.Message.Should().Contain(message);
        OnlyTheGeneratorsFrame(run);
    }

    [Fact]
    public async Task A_hook_that_kills_the_process_running_the_template_gives_an_error_not_a_result()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteFile("hooks/pre_gen_project.py", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n");
        var sha = repository.Commit("a hook that kills its parent");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--allow-hooks");

        run.ExitCode.Should().Be(20, run.ToString());
        run.Reason.Should().Be("TemplateAborted");
        run.Message.Should().Contain("was killed while the generator was rendering it (signal 9, SIGKILL), most likely over the sandbox's memory limit");
    }

    [Fact]
    public async Task Processes_a_hook_leaves_behind_are_killed_before_the_result_is_written()
    {
        var pids = Path.Combine(Temp, "leftover-pids");
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteFile("hooks/post_gen_project.py", $$"""
                import subprocess, sys
                late = "import os, time\ntime.sleep(3)\nos.write(2, b'late writer ran')\n"
                in_group = subprocess.Popen([sys.executable, "-c", late])
                own_session = subprocess.Popen([sys.executable, "-c", late], start_new_session=True)
                open(r"{{pids}}", "w").write(f"{in_group.pid} {own_session.pid}")
                """);
        var sha = repository.Commit("a hook that leaves processes behind");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--allow-hooks");

        run.ExitCode.Should().Be(0, run.ToString());
        var leftovers = File.ReadAllText(pids).Split(' ').Select(int.Parse).ToList();
        leftovers.Should().HaveCount(2);
        foreach (var pid in leftovers)
        {
            // Reaped by the generator (its subreaper), so not even a zombie is left; a reused pid would run something else.
            var cmdline = File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline") : "";
            cmdline.Should().NotContain("late writer", $"process {pid} of the hook (in its group or in a session of its own) is killed");
        }

        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.Current.CancellationToken);
        run.Stderr.Should().NotContain("late writer ran");
    }

    [Fact]
    public async Task Inside_bubblewrap_as_in_local_mode_a_hook_can_neither_reach_the_result_pipe_nor_kill_the_generator()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/bwrap"), "bubblewrap is not installed (scripts/install-prereqs.sh installs it)");
        Assert.SkipWhen(GeneratorProcess.MissingPrerequisite is not null, GeneratorProcess.MissingPrerequisite ?? "");
        using var repository = NewRepository().WriteResultForgingTemplate();
        var sha = repository.Commit("a hook that forges the result");
        var work = Path.Combine(Temp, "bwrap-work");
        Directory.CreateDirectory(work);
        var generator = Path.GetDirectoryName(GeneratorProcess.Entrypoint)!;
        // What src/LocalCluster/Jobs/ContainerLaunchBuilder gives a container: a non-root uid without capabilities, the
        // command as pid 1 of its own pid namespace.
        string[] sandbox =
        [
            "/usr/bin/bwrap", "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--uid", "65532", "--gid", "65532",
            "--cap-drop", "ALL", "--die-with-parent", "--new-session", "--as-pid-1",
            "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", work, work,
            "--ro-bind", repository.Path, repository.Path, "--ro-bind", generator, generator,
        ];

        var run = await GeneratorProcess.RunAsync(work, ["render", "--source", repository.Path, "--ref", sha, "--allow-hooks"], wrapper: sandbox);

        run.ExitCode.Should().Be(0, run.ToString());
        Files(run).Should().Equal("demo/.cruft.json", "demo/hello.txt");
        OnlyTheGeneratorsFrame(run);
        var probe = SampleTemplates.ProbePrefix;
        run.Stderr.Should().Contain($"{probe}forging a RenderResult of revision {sha}", "the forged frame would pass the operator's revision check")
            .And.Contain($"{probe}open /proc/1/fd/1: EACCES", "the generator is pid 1 and not dumpable")
            .And.Contain($"{probe}sent SIGKILL to pid 1", "the signal is sent, and ignored: pid 1 has no handler for it")
            .And.NotContain($"{probe}wrote a frame into")
            .And.NotContain($"{probe}late forger ran");
    }
}
