using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.AgentRuntime.Events;
using DynamoMcp.AgentRuntime.Tests.Fixtures;
using DynamoMcp.Api.Agents;
using static DynamoMcp.AgentRuntime.Tests.Fixtures.ScriptedModelServer;

namespace DynamoMcp.AgentRuntime.Tests;

/// <summary>The whole runtime (<see cref="AgentProgram"/>, in-process, and the built dynamo-agent) against the scripted model server and an SDK MCP server as the bridge.</summary>
public sealed class AgentProgramTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("dynamo-agent-tests-").FullName;
    private ScriptedModelServer model = null!;
    private TestBridge bridge = null!;

    public async ValueTask InitializeAsync()
    {
        model = await ScriptedModelServer.StartAsync(TestContext.Current.CancellationToken);
        bridge = await TestBridge.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await model.DisposeAsync();
        await bridge.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private sealed record Run(int ExitCode, IReadOnlyList<AgentEvent> Events, string Stdout, string Stderr)
    {
        public AgentEvent Result => Events[^1];
    }

    private JsonObject Config(string script, params string[] tools)
    {
        var tokenPath = Path.Combine(directory, "token");
        File.WriteAllText(tokenPath, "bridge-token\n");
        return new JsonObject
        {
            ["namespace"] = "team-a",
            ["name"] = script,
            ["goal"] = $"add 2 and 3 {Marker(script)}",
            ["provider"] = "openai",
            ["endpoint"] = model.BaseUrl.ToString(),
            ["model"] = "scripted-model",
            ["temperature"] = 0.2,
            ["tools"] = new JsonArray([.. tools.Select(t => JsonValue.Create(t))]),
            ["maxTokens"] = 10_000,
            ["maxTurns"] = 5,
            ["deadline"] = DateTime.UtcNow.AddHours(1).ToString("O"),
            ["bridgeUrl"] = bridge.Url.ToString(),
            ["tokenPath"] = tokenPath,
        };
    }

    private string Write(JsonObject config)
    {
        var path = Path.Combine(directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static async Task<Run> RunInProcessAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AgentProgram.RunAsync(args, stdout, stderr, name => name == AgentRuntimeContract.ApiKeyEnvironmentVariable ? "sk-test" : null, TimeProvider.System, TestContext.Current.CancellationToken);
        return Parse(exit, stdout.ToString(), stderr.ToString());
    }

    private static Run Parse(int exit, string stdout, string stderr)
    {
        var events = stdout.Split('\n').Select(l => AgentEventLine.TryParse(l.TrimEnd('\r'))).OfType<AgentEvent>().ToList();
        return new Run(exit, events, stdout, stderr);
    }

    [Fact]
    public async Task The_model_calls_bridge_tools_gets_their_results_and_answers()
    {
        model.Script(
            "roundtrip",
            Step.ToolCall("add", """{"a":2,"b":3}""", promptTokens: 50, completionTokens: 10),
            Step.ToolCall("fail", "{}", promptTokens: 70, completionTokens: 5),
            Step.Final("""{"sum":5}""", promptTokens: 90, completionTokens: 8));

        var run = await RunInProcessAsync("--config", Write(Config("roundtrip", "add", "fa*")));

        run.ExitCode.Should().Be(0, run.Stderr);
        bridge.Calls.Select(c => c.Name).Should().Equal("add", "fail");
        var add = bridge.Calls.First().Arguments;
        add["a"].GetInt32().Should().Be(2);
        add["b"].GetInt32().Should().Be(3);

        var requests = model.RequestsOf("roundtrip");
        requests.Should().HaveCount(3);
        requests[0].ToolNames.Should().BeEquivalentTo("add", "fail");
        requests[0].Body["model"]!.GetValue<string>().Should().Be("scripted-model");
        requests[0].Headers["authorization"].Should().Be("Bearer sk-test");
        requests[1].ToolResults.Should().Equal("5");
        requests[2].ToolResults.Should().HaveCount(2);
        requests[2].ToolResults[1].Should().StartWith("error: ").And.Contain("the disk is full");

        run.Events.Select(e => e.Kind).Should().Equal("turn", "turn", "turn", "result");
        run.Events[0].Tools.Should().Equal("add: ok");
        run.Events[1].Tools.Should().ContainSingle().Which.Should().StartWith("fail: error: ");
        var result = run.Result;
        result.Outcome.Should().Be(AgentOutcomes.Succeeded);
        result.Turn.Should().Be(3);
        result.ToolCalls.Should().Be(2);
        result.PromptTokens.Should().Be(210);
        result.CompletionTokens.Should().Be(23);
        result.Text.Should().Be("""{"sum":5}""");
        result.Structured!["sum"]!.GetValue<int>().Should().Be(5);

        bridge.Authorizations.Should().NotBeEmpty().And.OnlyContain(a => a == "Bearer bridge-token");
        run.Stderr.Should().NotContain("sk-test").And.NotContain("bridge-token");
        run.Stdout.Should().NotContain("sk-test").And.NotContain("bridge-token");
    }

    [Fact]
    public async Task Without_a_token_file_the_bridge_gets_no_Authorization_header()
    {
        model.Script("notoken", Step.Final("done"));
        var config = Config("notoken", "add");
        config["tokenPath"] = Path.Combine(directory, "absent");

        var run = await RunInProcessAsync("--config", Write(config));

        run.ExitCode.Should().Be(0, run.Stderr);
        bridge.Authorizations.Should().NotBeEmpty().And.OnlyContain(a => a == "");
    }

    [Fact]
    public async Task An_unreachable_bridge_ends_with_BridgeUnavailable_before_any_model_call()
    {
        model.Script("nobridge", Step.Final("never"));
        var config = Config("nobridge", "add");
        config["bridgeUrl"] = "http://127.0.0.1:1/mcp";

        var run = await RunInProcessAsync("--config", Write(config));

        run.ExitCode.Should().Be(1);
        run.Events.Should().ContainSingle().Which.Outcome.Should().Be(AgentOutcomes.BridgeUnavailable);
        model.RequestsOf("nobridge").Should().BeEmpty();
    }

    [Fact]
    public async Task Without_tools_the_bridge_is_not_contacted()
    {
        model.Script("notools", Step.Final("hello"));
        var config = Config("notools");
        config["bridgeUrl"] = "http://127.0.0.1:1/mcp";

        var run = await RunInProcessAsync("--config", Write(config));

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Result.Text.Should().Be("hello");
        model.RequestsOf("notools").Single().ToolNames.Should().BeEmpty();
        bridge.Authorizations.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_model_endpoint_is_retried_once_then_ModelError()
    {
        model.Script("broken", Step.Fail(500), Step.Raw("this is not json"), Step.Final("never"));

        var run = await RunInProcessAsync("--config", Write(Config("broken")));

        run.ExitCode.Should().Be(1);
        run.Result.Outcome.Should().Be(AgentOutcomes.ModelError);
        run.Result.Message.Should().NotBeNullOrEmpty();
        model.RequestsOf("broken").Should().HaveCount(2);
    }

    [Fact]
    public async Task A_500_then_an_answer_succeeds()
    {
        model.Script("flaky", Step.Fail(500), Step.Final("ok", promptTokens: 7, completionTokens: 1));

        var run = await RunInProcessAsync("--config", Write(Config("flaky")));

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Result.PromptTokens.Should().Be(7);
        model.RequestsOf("flaky").Should().HaveCount(2);
    }

    [Fact]
    public async Task Concurrent_agents_share_the_model_server_by_their_script_markers()
    {
        model.Script("first", Step.ToolCall("add", """{"a":1,"b":1}"""), Step.Final("first done"));
        model.Script("second", Step.ToolCall("add", """{"a":40,"b":2}"""), Step.Final("second done"));

        var runs = await Task.WhenAll(
            RunInProcessAsync("--config", Write(Config("first", "add"))),
            RunInProcessAsync("--config", Write(Config("second", "add"))));

        runs.Select(r => r.Result.Text).Should().Equal("first done", "second done");
        model.RequestsOf("first")[1].ToolResults.Should().Equal("2");
        model.RequestsOf("second")[1].ToolResults.Should().Equal("42");
    }

    [Fact]
    public async Task A_bad_config_exits_2_naming_the_field()
    {
        var config = Config("bad");
        config["maxTurns"] = 0;

        var run = await RunInProcessAsync("--config", Write(config));
        var missing = await RunInProcessAsync("--config", Path.Combine(directory, "nope.json"));
        var unknown = await RunInProcessAsync("--frobnicate");

        run.ExitCode.Should().Be(2);
        run.Stderr.Should().Contain("maxTurns");
        run.Events.Should().BeEmpty();
        missing.ExitCode.Should().Be(2);
        missing.Stderr.Should().Contain("nope.json");
        unknown.ExitCode.Should().Be(2);
        unknown.Stderr.Should().Contain("--frobnicate");
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var run = await RunInProcessAsync("--help");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Contain("Usage: dynamo-agent");
    }

    /// <summary>dynamo-agent.dll in its own project's output (same configuration and framework as these tests), with its own deps.json.</summary>
    private static string BuiltProgram()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryRoot.Find(), "src", "AgentRuntime", "bin", output.Parent!.Name, output.Name, "dynamo-agent.dll");
        File.Exists(path).Should().BeTrue($"the test project's build builds {path}");
        return path;
    }

    [Fact]
    public async Task The_built_program_runs_as_a_process_and_exits_with_its_outcome()
    {
        model.Script("process", Step.ToolCall("add", """{"a":20,"b":22}"""), Step.Final("42"));
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BuiltProgram(), "--config", Write(Config("process", "add")) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { [AgentRuntimeContract.ApiKeyEnvironmentVariable] = "sk-process" },
        };

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var run = Parse(process.ExitCode, await stdout, await stderr);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Result.Outcome.Should().Be(AgentOutcomes.Succeeded);
        run.Result.Text.Should().Be("42");
        model.RequestsOf("process")[1].ToolResults.Should().Equal("42");
        model.RequestsOf("process")[0].Headers["authorization"].Should().Be("Bearer sk-process");
        run.Stderr.Should().NotContain("sk-process");
    }
}
