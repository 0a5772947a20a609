using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.AgentRuntime.Events;
using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Tests.Events;

public sealed class AgentEventLineTests
{
    [Fact]
    public void A_result_is_the_prefix_and_one_line_of_compact_camelCase_JSON_that_reads_back()
    {
        var result = new AgentEvent
        {
            Kind = AgentEvent.ResultKind,
            Turn = 3,
            PromptTokens = 120,
            CompletionTokens = 30,
            ToolCalls = 2,
            Text = "line one\nline two",
            Outcome = AgentOutcomes.Succeeded,
            Structured = new JsonObject { ["sum"] = 5 },
        };

        var line = AgentEventLine.Format(result);

        line.Should().StartWith("dynamo-agent-event {\"kind\":\"result\",\"turn\":3,\"promptTokens\":120,\"completionTokens\":30,\"toolCalls\":2,");
        line.Should().NotContain("\n").And.NotContain("\"message\"").And.NotContain("\"tools\"").And.NotContain(": ");
        var back = JsonSerializer.Deserialize<AgentEvent>(line["dynamo-agent-event ".Length..])!;
        back.Should().BeEquivalentTo(result, o => o.Excluding(e => e.Structured));
        back.Structured!.ToJsonString().Should().Be("""{"sum":5}""");
        AgentEventLine.TryParse(line).Should().NotBeNull();
    }

    [Fact]
    public void A_turn_has_its_tools_and_the_sink_writes_one_line_per_event()
    {
        using var writer = new StringWriter();
        var sink = new TextWriterEventSink(writer);

        sink.Emit(new AgentEvent { Kind = AgentEvent.TurnKind, Turn = 1, Tools = ["add: ok", "fail: error: boom"] });
        sink.Emit(new AgentEvent { Kind = AgentEvent.ResultKind, Turn = 1, Outcome = AgentOutcomes.ModelError, Message = "x" });

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        lines[0].Should().Be("""dynamo-agent-event {"kind":"turn","turn":1,"promptTokens":0,"completionTokens":0,"toolCalls":0,"tools":["add: ok","fail: error: boom"]}""");
        AgentEventLine.TryParse(lines[1])!.Outcome.Should().Be(AgentOutcomes.ModelError);
        AgentEventLine.TryParse("some diagnostics").Should().BeNull();
    }
}
