using System.Text.Json;
using DynamoMcp.Api.Agents;
using DynamoMcp.Operator.Agents;

namespace DynamoMcp.Operator.Tests.Agents;

public sealed class AgentEventsTests
{
    private static string Line(AgentEvent e) => AgentRuntimeContract.EventPrefix + JsonSerializer.Serialize(e);

    [Fact]
    public void Turns_and_the_result_are_read_and_other_output_is_ignored()
    {
        var log = string.Join('\n',
            "starting up",
            Line(new AgentEvent { Kind = AgentEvent.TurnKind, Turn = 1, PromptTokens = 10, CompletionTokens = 5, ToolCalls = 1, Text = "calling a tool", Tools = ["memory__read_graph: ok"] }),
            AgentRuntimeContract.EventPrefix + "{not json",
            AgentRuntimeContract.EventPrefix + """{"kind":"turn","turn":-3}""",
            Line(new AgentEvent { Kind = AgentEvent.TurnKind, Turn = 2, PromptTokens = 30, CompletionTokens = 12, ToolCalls = 1, Text = "done" }),
            Line(new AgentEvent { Kind = AgentEvent.ResultKind, Turn = 2, PromptTokens = 30, CompletionTokens = 12, ToolCalls = 1, Outcome = AgentOutcomes.Succeeded, Text = "42" }));

        var (lastTurn, result, transcript) = AgentEvents.Read(log);

        lastTurn!.Turn.Should().Be(2);
        result!.Outcome.Should().Be(AgentOutcomes.Succeeded);
        transcript.Select(t => (t.Turn, t.Kind, t.Summary)).Should().Equal((1, "assistant", "calling a tool"), (1, "tool", "memory__read_graph: ok"), (2, "assistant", "done"));
        var usage = AgentEvents.Usage(result, 3.14);
        (usage.TotalTokens, usage.Turns, usage.ToolCalls, usage.WallSeconds).Should().Be((42L, 2, 1, 3.1));
    }

    [Fact]
    public void Texts_are_cut_and_the_transcript_keeps_the_last_fifty_entries()
    {
        var lines = Enumerable.Range(1, 80).Select(i => Line(new AgentEvent { Kind = AgentEvent.TurnKind, Turn = i, Text = new string('x', 1000) }))
            .Append(Line(new AgentEvent { Kind = AgentEvent.ResultKind, Turn = 80, Outcome = AgentOutcomes.MaxTurnsExceeded, Text = new string('y', 20_000) }));

        var (_, result, transcript) = AgentEvents.Read(string.Join('\n', lines));

        transcript.Should().HaveCount(AgentEvents.MaxTranscript);
        transcript[0].Turn.Should().Be(31);
        transcript.Should().OnlyContain(t => t.Summary.Length <= AgentEvents.MaxSummaryChars + 10);
        result!.Text!.Length.Should().BeLessThan(AgentEvents.MaxResultChars + 10);
    }

    [Fact]
    public void An_empty_or_missing_log_has_no_events()
    {
        var (lastTurn, result, transcript) = AgentEvents.Read(null);
        (lastTurn, result).Should().Be(((AgentEvent?)null, (AgentEvent?)null));
        transcript.Should().BeEmpty();
    }
}
