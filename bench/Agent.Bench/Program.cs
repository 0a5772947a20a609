using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DynamoMcp;
using DynamoMcp.Agent.Bench;
using DynamoMcp.AgentRuntime.Tests.Fixtures;
using DynamoMcp.Api.Agents;
using static DynamoMcp.AgentRuntime.Tests.Fixtures.ScriptedModelServer;

// The agent runtime's overhead per turn, side by side in one process: dynamo-agent's whole program (in-process, its
// config pointing at a scripted OpenAI-compatible model and an SDK MCP server) runs TURNS turns, each one model call
// asking for one `echo` call, then a final answer; the floor makes the same model calls (the same OpenAI ChatClient,
// the same tools declared, the same history) and the same tool calls with a connected SDK client directly.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
var turns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
const double TargetMs = 20;
const string Model = "scripted-model";
const string SystemPrompt =
    "You are an autonomous agent working towards one goal, given in the next message. Nobody will answer questions: decide for yourself.\n" +
    "You have 1 tools; call them when they help you reach the goal, and read their results (a result starting with \"error:\" means the call failed).\n" +
    "When you are done, answer with your final answer and call no tool.";

var directory = Directory.CreateTempSubdirectory("agent-bench-").FullName;
var failures = new List<string>();
try
{
    await using var model = await ScriptedModelServer.StartAsync(CancellationToken.None);
    await using var bridge = await EchoBridge.StartAsync();
    var tokenPath = Path.Combine(directory, "token");
    await File.WriteAllTextAsync(tokenPath, "bench-token\n");
    await using var floor = await FloorAgent.ConnectAsync(model.BaseUrl, Model, bridge.Url);

    string Goal(string script) => $"call echo until told otherwise {Marker(script)}";

    void ScriptRun(string script, int toolTurns)
    {
        var steps = Enumerable.Range(1, toolTurns)
            .Select(i => Step.ToolCall(EchoBridge.Tool, string.Create(CultureInfo.InvariantCulture, $$"""{"text":"turn {{i}}"}""")))
            .Append(Step.Final("done"));
        model.Script(script, [.. steps]);
    }

    string WriteConfig(string script, int maxTurns)
    {
        var path = Path.Combine(directory, script + ".json");
        var config = new JsonObject
        {
            ["namespace"] = "bench",
            ["name"] = script,
            ["goal"] = Goal(script),
            ["systemPrompt"] = SystemPrompt,
            ["provider"] = "openai",
            ["endpoint"] = model.BaseUrl.ToString(),
            ["model"] = Model,
            ["tools"] = new JsonArray(EchoBridge.Tool),
            ["maxTurns"] = maxTurns,
            ["deadline"] = DateTime.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture),
            ["bridgeUrl"] = bridge.Url.ToString(),
            ["tokenPath"] = tokenPath,
        };
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    RunSample Sample(string script, long allocated, long start, long end, IReadOnlyList<long> turnEnds)
    {
        var requests = model.RequestsOf(script);
        var sample = new RunSample(
            Stopwatch.GetElapsedTime(start, end).TotalMilliseconds, allocated, start, end, turnEnds, [.. bridge.CallTimestamps],
            requests.Count, requests.Count == 0 ? 0 : requests[^1].Body.ToJsonString().Length);
        if (turnEnds.Count != turns || sample.ToolCalls.Count != turns || requests.Count != turns + 1)
        {
            failures.Add($"{script}: {turnEnds.Count} turns, {sample.ToolCalls.Count} tool calls, {requests.Count} model requests; expected {turns}, {turns}, {turns + 1}");
        }

        model.Requests.Clear();
        bridge.CallTimestamps.Clear();
        return sample;
    }

    async Task<RunSample> AgentAsync(string script)
    {
        ScriptRun(script, turns);
        var config = WriteConfig(script, turns + 10);
        using var stdout = new EventRecorder();
        var allocated = GC.GetTotalAllocatedBytes(true);
        var start = Stopwatch.GetTimestamp();
        var exit = await InProcessAgent.RunAsync(config, stdout);
        var end = Stopwatch.GetTimestamp();
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        var events = stdout.Events;
        var result = events.Count > 0 ? events[^1].Event : null;
        if (exit != AgentRuntimeContract.ExitSucceeded || result?.Outcome != AgentOutcomes.Succeeded || result.ToolCalls != turns)
        {
            failures.Add($"{script}: exit {exit}, outcome {result?.Outcome ?? "none"} ({result?.Message}), {result?.ToolCalls} tool calls");
        }

        var turnEnds = events.Where(e => e.Event.Kind == AgentEvent.TurnKind && e.Event.ToolCalls > 0 && e.Event.Tools is { Count: > 0 }).Select(e => e.Timestamp).ToList();
        return Sample(script, allocated, start, end, turnEnds);
    }

    async Task<RunSample> FloorAsync(string script)
    {
        ScriptRun(script, turns);
        var allocated = GC.GetTotalAllocatedBytes(true);
        var start = Stopwatch.GetTimestamp();
        var turnEnds = await floor.RunAsync(SystemPrompt, Goal(script));
        var end = Stopwatch.GetTimestamp();
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        return Sample(script, allocated, start, end, turnEnds);
    }

    // Warm-up of both sides (JIT, connections, the servers), not measured.
    await AgentAsync("agent-wu");
    await FloorAsync("floor-wu");

    var agentRuns = new List<RunSample>();
    var floorRuns = new List<RunSample>();
    for (var r = 0; r < rounds; r++)
    {
        // Alternate which side goes first, so that drift hits both alike. Same-length script names: same request sizes.
        var tag = r.ToString("D2", CultureInfo.InvariantCulture);
        if (r % 2 == 0)
        {
            floorRuns.Add(await FloorAsync("floor-" + tag));
            agentRuns.Add(await AgentAsync("agent-" + tag));
        }
        else
        {
            agentRuns.Add(await AgentAsync("agent-" + tag));
            floorRuns.Add(await FloorAsync("floor-" + tag));
        }
    }

    // The built dynamo-agent as a process, once: process start → its first turn event on stdout (not part of the target).
    ScriptRun("process", 1);
    var processConfig = WriteConfig("process", 5);
    var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
    var built = Path.Combine(RepositoryRoot.Find(), "src", "AgentRuntime", "bin", output.Parent!.Name, output.Name, "dynamo-agent");
    var start = File.Exists(built)
        ? new ProcessStartInfo(built)
        : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "dynamo-agent.dll") } };
    start.ArgumentList.Add("--config");
    start.ArgumentList.Add(processConfig);
    start.RedirectStandardOutput = true;
    start.RedirectStandardError = true;
    var launched = Stopwatch.GetTimestamp();
    double? processFirstTurnMs = null;
    double processExitMs;
    using (var process = Process.Start(start)!)
    {
        var stderr = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (processFirstTurnMs is null && EventRecorder.Parse(line) is { Kind: AgentEvent.TurnKind })
            {
                processFirstTurnMs = Stopwatch.GetElapsedTime(launched).TotalMilliseconds;
            }
        }

        await process.WaitForExitAsync();
        processExitMs = Stopwatch.GetElapsedTime(launched).TotalMilliseconds;
        if (process.ExitCode != 0 || processFirstTurnMs is null)
        {
            failures.Add($"dynamo-agent as a process ({start.FileName}) exited {process.ExitCode} with{(processFirstTurnMs is null ? "out" : "")} a turn event: {(await stderr).Trim()}");
        }
    }

    var agentWall = Median(agentRuns.Select(s => s.WallMs));
    var floorWall = Median(floorRuns.Select(s => s.WallMs));
    var agentTurn = agentWall / turns;
    var floorTurn = floorWall / turns;
    var overhead = agentTurn - floorTurn;
    var paired = Median(agentRuns.Zip(floorRuns, (a, f) => (a.WallMs - f.WallMs) / turns));
    var agentSteady = Median(agentRuns.SelectMany(s => s.TurnMs));
    var floorSteady = Median(floorRuns.SelectMany(s => s.TurnMs));
    Console.WriteLine($"cores {Environment.ProcessorCount}; scripted OpenAI-compatible model (Kestrel, 127.0.0.1) and an SDK MCP server with `echo` (Streamable HTTP, 127.0.0.1), both in this process");
    Console.WriteLine($"a run: {turns} turns of one model call asking for one `echo` call, then the final answer ({turns + 1} model calls, {turns} tool calls); " +
        $"{rounds} rounds after a warm-up, sides alternating, medians");
    Console.WriteLine($"last model request body: agent {Median(agentRuns.Select(s => (double)s.LastRequestBytes)):F0} bytes, floor {Median(floorRuns.Select(s => (double)s.LastRequestBytes)):F0} bytes " +
        $"({Median(agentRuns.Select(s => (double)s.ModelRequests)):F0} and {Median(floorRuns.Select(s => (double)s.ModelRequests)):F0} model requests per run)");
    Console.WriteLine();
    Console.WriteLine($"agent turn: dynamo-agent in-process (AgentProgram.RunAsync: config, connect, list tools, {turns} turns, final answer) vs the floor (the same calls, clients connected once)");
    Console.WriteLine($"  floor (ChatClient + McpClient directly)  run median {floorWall,7:F0} ms  (all: {All(floorRuns.Select(s => s.WallMs))})");
    Console.WriteLine($"  agent (dynamo-agent in-process)          run median {agentWall,7:F0} ms  (all: {All(agentRuns.Select(s => s.WallMs))})");
    Console.WriteLine($"  per turn (run / {turns}): agent {agentTurn:F2} ms, floor {floorTurn:F2} ms; overhead {overhead:F2} ms per turn (median of per-round differences {paired:F2} ms); " +
        $"target ≤ {TargetMs:F0} ms per turn: {(overhead <= TargetMs ? "met" : "MISSED")}");
    Console.WriteLine($"  steady-state turn (turn end → next turn end): agent median {agentSteady:F2} ms, floor median {floorSteady:F2} ms, difference {agentSteady - floorSteady:F2} ms");
    Console.WriteLine($"    model leg (turn end → next tool call at the server): agent {Median(agentRuns.SelectMany(s => s.ModelLegMs)):F2} ms, floor {Median(floorRuns.SelectMany(s => s.ModelLegMs)):F2} ms");
    Console.WriteLine($"    tool leg (tool call at the server → turn end): agent {Median(agentRuns.SelectMany(s => s.ToolLegMs)):F2} ms, floor {Median(floorRuns.SelectMany(s => s.ToolLegMs)):F2} ms");
    Console.WriteLine($"  once per run: start → first turn end agent {Median(agentRuns.Select(s => s.FirstTurnMs)):F1} ms, floor {Median(floorRuns.Select(s => s.FirstTurnMs)):F1} ms; " +
        $"last turn end → run end (final answer; the agent's result event, disconnect) agent {Median(agentRuns.Select(s => s.TailMs)):F1} ms, floor {Median(floorRuns.Select(s => s.TailMs)):F1} ms");
    var agentAlloc = Median(agentRuns.Select(s => (double)s.AllocatedBytes)) / turns;
    var floorAlloc = Median(floorRuns.Select(s => (double)s.AllocatedBytes)) / turns;
    Console.WriteLine($"  allocated per turn (whole process, both servers included): agent {agentAlloc / 1024:F0} KiB, floor {floorAlloc / 1024:F0} KiB, difference {(agentAlloc - floorAlloc) / 1024:F0} KiB");
    Console.WriteLine();
    Console.WriteLine($"start-up (not part of the target): the built dynamo-agent as a process ({Path.GetFileName(start.FileName)}), 1 tool turn then the final answer");
    Console.WriteLine($"  process start → first turn event on its stdout {processFirstTurnMs ?? double.NaN:F0} ms, → exit {processExitMs:F0} ms " +
        $"(in-process, warm: start → first turn end median {Median(agentRuns.Select(s => s.FirstTurnMs)):F1} ms)");
}
finally
{
    Directory.Delete(directory, recursive: true);
}

foreach (var failure in failures)
{
    Console.WriteLine("FAILED: " + failure);
}

return failures.Count == 0 ? 0 : 1;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string All(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
