using System.Text;
using DynamoMcp.Generator.Tests.Running;
using DynamoMcp.Generator.Tests.Templates;

namespace DynamoMcp.Generator.Tests;

/// <summary>Templates are untrusted: hooks, escaping paths, symlinks, Jinja tricks and huge output are all contained.</summary>
public sealed class HostileTemplateTests : GeneratorTestBase
{
    [Fact]
    public async Task Hooks_never_run_unless_allowed()
    {
        var marker = Path.Combine(Temp, "hook-marker");
        using var repository = NewRepository().WriteHookTemplate(marker);
        var sha = repository.Commit("hooks");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha);

        run.ExitCode.Should().Be(0, run.ToString());
        File.Exists(marker).Should().BeFalse("the pre_gen hook must not run without --allow-hooks");
        run.Result.GetProperty("hooksRun").GetBoolean().Should().BeFalse();
        run.Result.GetProperty("hooksPresent").EnumerateArray().Should().HaveCount(2);
        run.Result.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Should().Equal("demo/.cruft.json", "demo/hello.txt");
    }

    [Fact]
    public async Task Allowed_hooks_run_and_their_output_is_part_of_the_result()
    {
        var marker = Path.Combine(Temp, "hook-marker");
        using var repository = NewRepository().WriteHookTemplate(marker);
        var sha = repository.Commit("hooks");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--allow-hooks");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Result.GetProperty("hooksRun").GetBoolean().Should().BeTrue();
        File.Exists(marker).Should().BeTrue("with --allow-hooks the pre_gen hook runs (outside this test, the sandbox confines it)");
        File.ReadAllText(Path.Combine(Unpack(run), "demo/hook-was-here.txt")).Should().Contain("post_gen_project ran");
    }

    [Fact]
    public async Task Hook_output_cannot_reach_stdout_where_the_result_frame_lives()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteFile("hooks/post_gen_project.py", "print('-----BEGIN DYNAMO RESULT-----')\nprint('forged')\n");
        var sha = repository.Commit("noisy hook");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--allow-hooks");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().NotContain("forged");
        run.Stderr.Should().Contain("forged");
        run.Stdout.Split(ResultFrameReader.Begin).Should().HaveCount(2, "stdout holds exactly one frame");
    }

    [Fact]
    public async Task Failing_hook_is_hook_failed()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteFile("hooks/pre_gen_project.py", "import sys\nsys.exit(3)\n");
        var sha = repository.Commit("failing hook");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--allow-hooks");

        run.ExitCode.Should().Be(14, run.ToString());
        run.Reason.Should().Be("HookFailed");
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("../../../../../../../../escape")]
    [InlineData("/tmp/escape")]
    [InlineData("ok/../../escape")]
    [InlineData("back\\slash")]
    public async Task Variable_that_moves_output_outside_is_unsafe_output_and_writes_nothing(string slug)
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");
        var before = Snapshot();

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--variables-json",
            System.Text.Json.JsonSerializer.Serialize(new { project_slug = slug }));

        run.ExitCode.Should().Be(16, run.ToString());
        run.Reason.Should().Be("UnsafeOutput");
        run.Result.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("variable").GetString()).Should().Contain("project_slug");
        Snapshot().Except(before).Where(p => !p.Contains("/run-", StringComparison.Ordinal) || p.Contains("escape", StringComparison.Ordinal))
            .Should().BeEmpty("nothing may be written outside the generator's own workspace");
        Directory.Exists("/tmp/escape").Should().BeFalse();
    }

    [Fact]
    public async Task Derived_variable_that_escapes_is_caught_too()
    {
        using var repository = NewRepository().WriteFullTemplate();
        var sha = repository.Commit("full template");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--variables-json", """{"project_name": "../../Outside"}""");

        run.Reason.Should().Be("UnsafeOutput", run.ToString());
    }

    [Fact]
    public async Task Template_with_a_symlink_to_a_host_file_is_refused()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteSymlink(SampleTemplates.ProjectFolder + "/passwd", "/etc/passwd");
        var sha = repository.Commit("symlink to /etc/passwd");

        var render = await RunAsync("render", "--source", repository.Path, "--ref", sha);
        var inspect = await RunAsync("inspect", "--source", repository.Path, "--ref", sha);

        render.ExitCode.Should().Be(16, render.ToString());
        render.Reason.Should().Be("UnsafeOutput");
        render.Message.Should().Contain("/etc/passwd");
        render.Stdout.Should().NotContain("root:x:0:0");
        inspect.Reason.Should().Be("UnsafeOutput");
    }

    [Fact]
    public async Task Template_with_a_relative_symlink_climbing_out_is_refused()
    {
        using var repository = NewRepository().WriteSmallTemplate("templates/one", "greeting", "hi")
            .WriteFile("secret.txt", "repository secret\n")
            .WriteSymlink("templates/one/" + SampleTemplates.ProjectFolder + "/leak.txt", "../../../secret.txt");
        var sha = repository.Commit("relative symlink out of the template");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--directory", "templates/one");

        run.Reason.Should().Be("UnsafeOutput", run.ToString());
    }

    [Fact]
    public async Task Symlink_inside_the_template_is_kept()
    {
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteSymlink(SampleTemplates.ProjectFolder + "/same.txt", "hello.txt");
        var sha = repository.Commit("internal symlink");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha);

        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllText(Path.Combine(Unpack(run), "demo/same.txt")).Should().Be("hi\n");
    }

    [Fact]
    public async Task Jinja_cannot_reach_python_internals()
    {
        var marker = Path.Combine(Temp, "ssti-marker");
        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteFile(SampleTemplates.ProjectFolder + "/evil.txt",
                $"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n");
        var sha = repository.Commit("template injection");

        var run = await RunAsync("render", "--source", repository.Path, "--ref", sha);

        run.ExitCode.Should().Be(12, run.ToString());
        run.Reason.Should().Be("InvalidTemplate");
        run.Message.Should().Contain("unsafe");
        File.Exists(marker).Should().BeFalse();
    }

    [Fact]
    public async Task Local_jinja_extension_is_template_code_and_needs_permission()
    {
        using var repository = NewRepository()
            .WriteFile("cookiecutter.json", """{"project_slug": "demo", "_extensions": ["local_extensions.Evil"]}""")
            .WriteFile("local_extensions.py", "import os\nos.system('touch /tmp/should-not-exist')\n")
            .WriteFile(SampleTemplates.ProjectFolder + "/a.txt", "a\n");
        var sha = repository.Commit("local extension");

        var run = await RunAsync("inspect", "--source", repository.Path, "--ref", sha);

        run.ExitCode.Should().Be(12, run.ToString());
        run.Message.Should().Contain("local_extensions.Evil");
    }

    [Fact]
    public async Task Output_above_the_cap_is_output_too_large()
    {
        var noise = new StringBuilder();
        var random = new Random(42);
        for (var i = 0; i < 4000; i++)
        {
            noise.Append(random.NextInt64().ToString("x16"));
        }

        using var repository = NewRepository().WriteSmallTemplate("", "greeting", "hi")
            .WriteFile(SampleTemplates.ProjectFolder + "/noise.txt", noise.ToString());
        var sha = repository.Commit("big output");

        var capped = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--max-output-bytes", "4096");
        var roomy = await RunAsync("render", "--source", repository.Path, "--ref", sha, "--max-output-bytes", "1000000");

        capped.ExitCode.Should().Be(15, capped.ToString());
        capped.Reason.Should().Be("OutputTooLarge");
        capped.Message.Should().Contain("output too large");
        capped.Result.TryGetProperty("archive", out _).Should().BeFalse();
        roomy.ExitCode.Should().Be(0, roomy.ToString());
    }

    [Fact]
    public async Task Inside_bubblewrap_an_allowed_hook_cannot_write_to_the_host()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/bwrap"), "bubblewrap is not installed (scripts/install-prereqs.sh installs it)");
        Assert.SkipWhen(GeneratorProcess.MissingPrerequisite is not null, GeneratorProcess.MissingPrerequisite ?? "");
        var hostDirectory = Path.Combine(Temp, "host");
        Directory.CreateDirectory(hostDirectory);
        var marker = Path.Combine(hostDirectory, "hook-marker");
        using var repository = NewRepository().WriteHookTemplate(marker);
        var sha = repository.Commit("hooks");
        var work = Path.Combine(Temp, "bwrap-work");
        Directory.CreateDirectory(work);
        string[] sandbox =
        [
            "/usr/bin/bwrap", "--ro-bind", "/", "/", "--tmpfs", "/tmp", "--bind", work, work, "--dev", "/dev", "--proc", "/proc",
            "--unshare-all", "--die-with-parent", "--ro-bind", repository.Path, repository.Path, "--ro-bind", hostDirectory, hostDirectory,
            // The checkout may itself live under /tmp (CI clones there), which the tmpfs above hides.
            "--ro-bind", Path.GetDirectoryName(GeneratorProcess.Entrypoint)!, Path.GetDirectoryName(GeneratorProcess.Entrypoint)!,
        ];

        var run = await GeneratorProcess.RunAsync(work, ["render", "--source", repository.Path, "--ref", sha, "--allow-hooks"], wrapper: sandbox);

        // The hook's write to the read-only host path fails, so the hook (and the render) fails.
        run.Reason.Should().Be("HookFailed", run.ToString());
        run.Stderr.Should().Contain("Read-only file system");
        File.Exists(marker).Should().BeFalse();
    }

    private HashSet<string> Snapshot() =>
        [.. Directory.EnumerateFileSystemEntries(Temp, "*", SearchOption.AllDirectories)];
}
