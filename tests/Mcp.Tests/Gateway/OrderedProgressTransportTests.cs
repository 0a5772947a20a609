using System.Text.Json.Nodes;
using System.Threading.Channels;
using DynamoMcp.Mcp.Gateway;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Tests.Gateway;

public sealed class OrderedProgressTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Progress_before_a_response_reaches_its_sink_before_the_response_reaches_the_sdk_and_messages_pass_unchanged()
    {
        var inner = new ScriptedTransport();
        await using var transport = new OrderedProgressTransport(inner);
        var seen = new List<float>();
        using var tracked = transport.Track("t-1", new SynchronousProgress(seen));

        JsonRpcMessage[] script =
        [
            Progress("t-1", 1), Progress("other", 7), Progress("t-1", 2),
            new JsonRpcResponse { Id = new RequestId("call-1"), Result = new JsonObject { ["content"] = new JsonArray() } },
        ];
        foreach (var message in script)
        {
            inner.Incoming.Writer.TryWrite(message);
        }

        var forwarded = new List<JsonRpcMessage>();
        while (forwarded.Count < script.Length)
        {
            var message = await transport.MessageReader.ReadAsync(Ct);
            if (message is JsonRpcResponse)
            {
                lock (seen)
                {
                    seen.Should().Equal([1f, 2f], "both progress notifications of the token were handed over before the response was");
                }
            }

            forwarded.Add(message);
        }

        forwarded.Should().Equal(script, "every message reaches the SDK as it came, in order");
    }

    [Fact]
    public async Task The_inner_transports_failure_ends_the_reader_with_the_same_exception()
    {
        var inner = new ScriptedTransport();
        await using var transport = new OrderedProgressTransport(inner);
        var failure = new IOException("connection reset");
        inner.Incoming.Writer.TryComplete(failure);

        var thrown = await FluentActions.Awaiting(() => transport.MessageReader.Completion).Should().ThrowAsync<IOException>();
        thrown.Which.Should().BeSameAs(failure, "the SDK reads the session's completion details from this exception");
    }

    private static JsonRpcNotification Progress(string token, float value) => new()
    {
        Method = NotificationMethods.ProgressNotification,
        Params = new JsonObject { ["progressToken"] = token, ["progress"] = value },
    };

    private sealed class ScriptedTransport : ITransport
    {
        public Channel<JsonRpcMessage> Incoming { get; } = Channel.CreateUnbounded<JsonRpcMessage>();

        public string? SessionId => "s-1";

        public ChannelReader<JsonRpcMessage> MessageReader => Incoming.Reader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Incoming.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SynchronousProgress(List<float> values) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value)
        {
            lock (values)
            {
                values.Add(value.Progress);
            }
        }
    }
}
