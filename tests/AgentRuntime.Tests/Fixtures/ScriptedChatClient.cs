using Microsoft.Extensions.AI;

namespace DynamoMcp.AgentRuntime.Tests.Fixtures;

/// <summary>A fake model: answers each call with the next scripted response (or throws the scripted exception), and records what each call was given.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<ChatResponse>> script = new();

    /// <summary>The messages (a copy) and options of each call, in order.</summary>
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public ScriptedChatClient Answer(string text, long prompt = 10, long completion = 5) =>
        Then(() => Response(new ChatMessage(ChatRole.Assistant, text), prompt, completion));

    public ScriptedChatClient CallTool(string name, IDictionary<string, object?>? arguments = null, long prompt = 10, long completion = 5, string? callId = null)
    {
        var id = callId ?? $"call_{script.Count + 1}";
        return Then(() => Response(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(id, name, arguments ?? new Dictionary<string, object?>())]), prompt, completion));
    }

    public ScriptedChatClient Fail(Exception exception) => Then(() => throw exception);

    public ScriptedChatClient Empty(long prompt = 1, long completion = 0) => Then(() => Response(new ChatMessage(ChatRole.Assistant, []), prompt, completion));

    public ScriptedChatClient Then(Func<ChatResponse> next)
    {
        script.Enqueue(next);
        return this;
    }

    /// <summary>Runs in each call, after its cancellation check (to move a clock or cancel the next call).</summary>
    public Action? OnCall { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(([.. messages], options));
        cancellationToken.ThrowIfCancellationRequested();
        OnCall?.Invoke();
        if (script.Count == 0)
        {
            throw new InvalidOperationException("the script is exhausted");
        }

        return Task.FromResult(script.Dequeue()());
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the loop does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static ChatResponse Response(ChatMessage message, long prompt, long completion) =>
        new(message) { Usage = new UsageDetails { InputTokenCount = prompt, OutputTokenCount = completion, TotalTokenCount = prompt + completion } };
}
