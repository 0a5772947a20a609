using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.AgentRuntime.Tests.Fixtures;

/// <summary>
/// A scripted OpenAI-compatible model endpoint on Kestrel at 127.0.0.1, port 0: <c>POST /v1/chat/completions</c>
/// (non-streaming) answers each request with the next <see cref="Step"/> of a script, as an OpenAI chat completion
/// (<c>choices[0].message.tool_calls[].function.arguments</c> a JSON string, <c>finish_reason</c> <c>tool_calls</c> or
/// <c>stop</c>, <c>usage.prompt_tokens</c>/<c>completion_tokens</c>/<c>total_tokens</c>).
/// <para>
/// Choosing the script: a request is answered from the script whose name appears as <c>[script:NAME]</c> in any of its
/// messages (put it in the agent's goal), else from the script named <see cref="DefaultScript"/>. Each script has its
/// own position, so concurrent agents with different markers share one server. A request past a script's end, or
/// for an unknown script, gets a 500.
/// </para>
/// Every request is recorded (<see cref="Requests"/>) with its script, body and headers, so a test can check what the
/// model was sent (a tool's result, the tools offered, the API key). Self-contained (this file only), to be linked by
/// other test projects.
/// </summary>
internal sealed partial class ScriptedModelServer : IAsyncDisposable
{
    public const string DefaultScript = "default";

    private readonly WebApplication app;
    private readonly Dictionary<string, Queue<Step>> scripts = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int completions;

    private ScriptedModelServer(WebApplication app) => this.app = app;

    /// <summary>The base URL an OpenAI client is given (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>The requests answered from <paramref name="script"/>, in order.</summary>
    public IReadOnlyList<Request> RequestsOf(string script) => [.. Requests.Where(r => r.Script == script)];

    public static async Task<ScriptedModelServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedModelServer(app);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Adds (or extends) the script <paramref name="name"/>.</summary>
    public ScriptedModelServer Script(string name, params Step[] steps)
    {
        lock (gate)
        {
            if (!scripts.TryGetValue(name, out var queue))
            {
                scripts[name] = queue = new Queue<Step>();
            }

            foreach (var step in steps)
            {
                queue.Enqueue(step);
            }
        }

        return this;
    }

    /// <summary>The marker that selects <paramref name="name"/>, for an agent's goal.</summary>
    public static string Marker(string name) => $"[script:{name}]";

    private async Task CompleteAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        var name = Marked().Match(body["messages"]?.ToJsonString() ?? "") is { Success: true } m ? m.Groups["name"].Value : DefaultScript;
        Requests.Enqueue(new Request(name, body, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));

        Step? step = null;
        lock (gate)
        {
            if (scripts.TryGetValue(name, out var queue) && queue.Count > 0)
            {
                step = queue.Dequeue();
            }
        }

        if (step is null)
        {
            await Error(context, 500, $"script `{name}` has no step left");
            return;
        }

        if (step.Hang is { } hang)
        {
            // Never answers: the request ends only when the client goes (its process killed, its call cancelled).
            hang.Arrived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                hang.Aborted.TrySetResult();
            }

            return;
        }

        if (step.Status is { } status)
        {
            await Error(context, status, step.Text ?? "scripted failure");
            return;
        }

        if (step.RawBody is { } raw)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(raw, context.RequestAborted);
            return;
        }

        var id = Interlocked.Increment(ref completions);
        var message = new JsonObject { ["role"] = "assistant", ["content"] = step.Text };
        if (step.Calls.Count > 0)
        {
            var calls = new JsonArray();
            for (var i = 0; i < step.Calls.Count; i++)
            {
                calls.Add(new JsonObject
                {
                    ["id"] = string.Create(CultureInfo.InvariantCulture, $"call_{id}_{i}"),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = step.Calls[i].Name, ["arguments"] = step.Calls[i].ArgumentsJson },
                });
            }

            message["tool_calls"] = calls;
        }

        var response = new JsonObject
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"chatcmpl-{id}"),
            ["object"] = "chat.completion",
            ["created"] = 1_767_268_800,
            ["model"] = body["model"]?.GetValue<string>() ?? "scripted",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = step.Calls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = step.PromptTokens,
                ["completion_tokens"] = step.CompletionTokens,
                ["total_tokens"] = step.PromptTokens + step.CompletionTokens,
            },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "server_error" } };
        return context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted);
    }

    [GeneratedRegex(@"\[script:(?<name>[A-Za-z0-9_.-]+)\]")]
    private static partial Regex Marked();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    /// <summary>One scripted answer: tool calls, a final text, an HTTP error, or a raw (e.g. unparsable) body.</summary>
    public sealed record Step
    {
        public IReadOnlyList<(string Name, string ArgumentsJson)> Calls { get; init; } = [];

        public string? Text { get; init; }

        public int? Status { get; init; }

        public string? RawBody { get; init; }

        /// <summary>Set for a step that never answers (<see cref="Hanging"/>).</summary>
        public HangingRequest? Hang { get; init; }

        public long PromptTokens { get; init; }

        public long CompletionTokens { get; init; }

        /// <summary>The model asks for <paramref name="name"/> with <paramref name="argumentsJson"/> (sent as the JSON string OpenAI sends).</summary>
        public static Step ToolCall(string name, string argumentsJson, long promptTokens = 10, long completionTokens = 5) =>
            new() { Calls = [(name, argumentsJson)], PromptTokens = promptTokens, CompletionTokens = completionTokens };

        public static Step ToolCalls(long promptTokens, long completionTokens, params (string Name, string ArgumentsJson)[] calls) =>
            new() { Calls = calls, PromptTokens = promptTokens, CompletionTokens = completionTokens };

        /// <summary>A request that is never answered; <paramref name="hang"/> says when it arrived and when its client went away.</summary>
        public static Step Hanging(HangingRequest hang) => new() { Hang = hang };

        public static Step Final(string text, long promptTokens = 10, long completionTokens = 5) =>
            new() { Text = text, PromptTokens = promptTokens, CompletionTokens = completionTokens };

        public static Step Fail(int status = 500, string message = "scripted failure") => new() { Status = status, Text = message };

        public static Step Raw(string body) => new() { RawBody = body };
    }

    /// <summary>A request received: the script it was answered from, its JSON body, its headers (names lower-case).</summary>
    public sealed record Request(string Script, JsonObject Body, IReadOnlyDictionary<string, string> Headers)
    {
        public IReadOnlyList<JsonObject> Messages => [.. Body["messages"]!.AsArray().Select(m => m!.AsObject())];

        /// <summary>The contents of its <c>tool</c> messages (the tool results the model was given).</summary>
        public IReadOnlyList<string> ToolResults =>
            [.. Messages.Where(m => m["role"]?.GetValue<string>() == "tool").Select(m => ContentText(m["content"]))];

        /// <summary>The names of the tools offered.</summary>
        public IReadOnlyList<string> ToolNames =>
            Body["tools"] is JsonArray tools ? [.. tools.Select(t => t!["function"]!["name"]!.GetValue<string>())] : [];

        private static string ContentText(JsonNode? content) => content switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => content?.ToJsonString() ?? "",
        };
    }

    /// <summary>A request that hangs: when it arrived, and when its client closed the connection.</summary>
    public sealed class HangingRequest
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
