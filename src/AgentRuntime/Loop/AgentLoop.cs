using System.Globalization;
using System.Text.Json;
using DynamoMcp.AgentRuntime.Configuration;
using DynamoMcp.AgentRuntime.Events;
using DynamoMcp.AgentRuntime.Tools;
using DynamoMcp.Api.Agents;
using Microsoft.Extensions.AI;

namespace DynamoMcp.AgentRuntime.Loop;

/// <summary>
/// The agent's loop: call the model with the goal and the tools, run the tools it asks for and give it their results,
/// until it answers (<see cref="AgentOutcomes.Succeeded"/>) or a budget runs out. The budgets (turns, deadline, tokens)
/// are checked before each call; the tokens again after it, from the response's usage. A failed model call is retried
/// once; a failing tool is the model's problem (it reads "error: ..."), not the run's. Emits a turn event after each
/// model call and the result event last, and returns the result.
/// </summary>
internal sealed class AgentLoop(IChatClient chat, IToolInvoker tools, AgentRunConfig config, TimeProvider time, IAgentEventSink events, TextWriter? diagnostics = null)
{
    private readonly TextWriter log = diagnostics ?? TextWriter.Null;
    /// <summary>The SDK's options (they know JsonElement arguments), compact for the one-line turn text.</summary>
    private static readonly JsonSerializerOptions CompactJson = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private int turns;
    private long promptTokens;
    private long completionTokens;
    private int toolCalls;
    private string? lastText;

    private long Spent => promptTokens + completionTokens;

    /// <summary>Runs to the result. Cancelling <paramref name="cancellationToken"/> (SIGTERM) before the deadline throws and emits no result.</summary>
    public async Task<AgentEvent> RunAsync(CancellationToken cancellationToken)
    {
        var deadline = AgentConfigLoader.DeadlineUtc(config);
        var remaining = deadline - time.GetUtcNow();
        using var deadlineCts = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadlineCts.Token, cancellationToken);
        var token = linked.Token;

        var declarations = tools.Tools;
        var allowed = declarations.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, string.IsNullOrWhiteSpace(config.SystemPrompt) ? DefaultSystemPrompt.For(config, declarations.Count) : config.SystemPrompt),
            new(ChatRole.User, config.Goal),
        };
        var options = new ChatOptions
        {
            ModelId = config.Model,
            Temperature = config.Temperature is { } t ? (float)t : null,
            MaxOutputTokens = config.MaxOutputTokens,
            Tools = declarations.Count > 0 ? [.. declarations] : null,
        };

        try
        {
            while (true)
            {
                if (turns >= config.MaxTurns)
                {
                    return End(AgentOutcomes.MaxTurnsExceeded, Invariant($"reached maxTurns ({config.MaxTurns}) without a final answer"));
                }

                if (time.GetUtcNow() >= deadline)
                {
                    return DeadlinePassed(deadline);
                }

                if (config.MaxTokens is { } budget && Spent >= budget)
                {
                    return End(AgentOutcomes.BudgetExceeded, Invariant($"spent {Spent} tokens, its budget is {budget}"));
                }

                ChatResponse response;
                try
                {
                    response = await CallModelAsync(messages, options, token).ConfigureAwait(false);
                }
                catch (ModelCallException e)
                {
                    turns++;
                    return End(AgentOutcomes.ModelError, e.Message);
                }

                turns++;
                var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
                var text = response.Text;
                lastText = string.IsNullOrWhiteSpace(text) ? lastText : text;

                if (config.MaxTokens is { } max && Spent > max)
                {
                    EmitTurn(text, calls, results: null);
                    return End(AgentOutcomes.BudgetExceeded, Invariant($"spent {Spent} tokens after turn {turns}, its budget is {max}"));
                }

                if (calls.Count == 0)
                {
                    EmitTurn(text, calls, results: null);
                    return End(AgentOutcomes.Succeeded, message: null, StructuredAnswer.TryParse(text) is { } structured && text.Length <= TextCaps.ResultText ? structured : null, finalText: text);
                }

                messages.AddRange(response.Messages);
                var summaries = new List<string>(calls.Count);
                var results = new List<AIContent>(calls.Count);
                foreach (var call in calls)
                {
                    toolCalls++;
                    var result = await InvokeAsync(call, allowed, token).ConfigureAwait(false);
                    var name = TextCaps.Start(call.Name, TextCaps.ToolError);
                    summaries.Add(result.IsError ? $"{name}: error: {TextCaps.Start(result.Text, TextCaps.ToolError)}" : $"{name}: ok");
                    var forModel = TextCaps.Cut(result.Text, TextCaps.ToolResultForModel);
                    results.Add(new FunctionResultContent(call.CallId, result.IsError ? "error: " + forModel : forModel));
                }

                messages.Add(new ChatMessage(ChatRole.Tool, results));
                EmitTurn(text, calls, summaries);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested || time.GetUtcNow() >= deadline)
        {
            return DeadlinePassed(deadline);
        }
    }

    /// <summary>One model call, retried once when it throws or answers with neither text nor a tool call; usage is counted for every answer.</summary>
    private async Task<ChatResponse> CallModelAsync(List<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        string? failure = null;
        Exception? exception = null;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            ChatResponse response;
            try
            {
                response = await chat.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                exception = e;
                failure = $"the model call failed: {e.GetType().Name}: {e.Message}";
                await log.WriteLineAsync($"dynamo-agent: turn {turns + 1}, attempt {attempt}: {failure}").ConfigureAwait(false);
                continue;
            }

            promptTokens += response.Usage?.InputTokenCount ?? 0;
            completionTokens += response.Usage?.OutputTokenCount ?? 0;
            if (!string.IsNullOrWhiteSpace(response.Text) || response.Messages.Any(m => m.Contents.OfType<FunctionCallContent>().Any()))
            {
                return response;
            }

            exception = null;
            failure = "the model answered with neither text nor a tool call";
            await log.WriteLineAsync($"dynamo-agent: turn {turns + 1}, attempt {attempt}: {failure}").ConfigureAwait(false);
        }

        throw exception is null ? new ModelCallException(failure + " (twice)") : new ModelCallException(failure + " (twice)", exception);
    }

    private async Task<ToolResult> InvokeAsync(FunctionCallContent call, HashSet<string> allowed, CancellationToken cancellationToken)
    {
        if (!allowed.Contains(call.Name))
        {
            return new ToolResult(
                allowed.Count == 0
                    ? $"there is no tool `{call.Name}`: you have no tools"
                    : $"there is no tool `{call.Name}`; the tools you may call are: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}",
                IsError: true);
        }

        if (call.Exception is { } invalid)
        {
            return new ToolResult($"the arguments are not a valid JSON object: {invalid.Message}", IsError: true);
        }

        try
        {
            var arguments = call.Arguments is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(call.Arguments);
            return await tools.InvokeAsync(call.Name, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return new ToolResult(e.Message, IsError: true);
        }
    }

    private void EmitTurn(string text, List<FunctionCallContent> calls, List<string>? results)
    {
        var said = string.IsNullOrWhiteSpace(text) ? string.Join("; ", calls.Select(Describe)) : text;
        events.Emit(new AgentEvent
        {
            Kind = AgentEvent.TurnKind,
            Turn = turns,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            ToolCalls = toolCalls,
            Text = TextCaps.Cut(said, TextCaps.TurnText),
            Tools = results,
        });
    }

    private static string Describe(FunctionCallContent call)
    {
        var arguments = call.Arguments is null ? "" : JsonSerializer.Serialize(call.Arguments, CompactJson.GetTypeInfo(typeof(IDictionary<string, object?>)));
        return $"{call.Name}({arguments})";
    }

    private AgentEvent DeadlinePassed(DateTimeOffset deadline) =>
        End(AgentOutcomes.DeadlineExceeded, Invariant($"ran past its deadline {deadline:yyyy-MM-ddTHH:mm:ssZ} after {turns} turns"));

    private AgentEvent End(string outcome, string? message, System.Text.Json.Nodes.JsonObject? structured = null, string? finalText = null)
    {
        var text = finalText ?? lastText;
        var result = new AgentEvent
        {
            Kind = AgentEvent.ResultKind,
            Turn = turns,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            ToolCalls = toolCalls,
            Text = text is null ? null : TextCaps.Cut(text, TextCaps.ResultText),
            Outcome = outcome,
            Structured = structured,
            Message = message,
        };
        events.Emit(result);
        return result;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
