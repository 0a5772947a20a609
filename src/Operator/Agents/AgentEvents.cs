using System.Text.Json;
using DynamoMcp.Api.Agents;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Agents;

/// <summary>
/// Reads an agent's event lines from its log (pure). The lines carry the model's words, so every field is bounded:
/// lines over <see cref="MaxLineBytes"/> and lines that do not parse are skipped, texts are cut, counts must be sane.
/// </summary>
public static class AgentEvents
{
    public const int MaxLineBytes = 64 * 1024;
    public const int MaxTranscript = 50;
    public const int MaxSummaryChars = 300;
    public const int MaxResultChars = 16 * 1024;

    /// <summary>The last turn, the result (if it ended with one) and the transcript of the last turns.</summary>
    public static (AgentEvent? LastTurn, AgentEvent? Result, List<AgentTranscriptEntry> Transcript) Read(string? log)
    {
        AgentEvent? lastTurn = null;
        AgentEvent? result = null;
        var transcript = new List<AgentTranscriptEntry>();
        foreach (var line in (log ?? "").Split('\n'))
        {
            if (line.Length > MaxLineBytes || !line.StartsWith(AgentRuntimeContract.EventPrefix, StringComparison.Ordinal)
                || Parse(line[AgentRuntimeContract.EventPrefix.Length..]) is not { } e)
            {
                continue;
            }

            if (e.Kind == AgentEvent.TurnKind)
            {
                lastTurn = e;
                transcript.Add(new AgentTranscriptEntry { Turn = e.Turn, Kind = "assistant", Summary = Cut(e.Text, MaxSummaryChars) });
                foreach (var tool in e.Tools ?? [])
                {
                    transcript.Add(new AgentTranscriptEntry { Turn = e.Turn, Kind = "tool", Summary = Cut(tool, MaxSummaryChars) });
                }
            }
            else if (e.Kind == AgentEvent.ResultKind)
            {
                result = e with { Text = Cut(e.Text, MaxResultChars), Message = Cut(e.Message, MaxSummaryChars * 4) };
            }
        }

        transcript.RemoveAll(t => t.Summary.Length == 0 && t.Kind == "assistant");
        return (lastTurn, result, transcript.Count > MaxTranscript ? transcript[^MaxTranscript..] : transcript);
    }

    /// <summary>The usage an event reports (totals), with the wall time.</summary>
    public static AgentUsage Usage(AgentEvent e, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new AgentUsage
        {
            PromptTokens = e.PromptTokens,
            CompletionTokens = e.CompletionTokens,
            TotalTokens = e.PromptTokens + e.CompletionTokens,
            Turns = e.Turn,
            ToolCalls = e.ToolCalls,
            WallSeconds = Math.Round(wallSeconds, 1),
        };
    }

    private static AgentEvent? Parse(string json)
    {
        try
        {
            var e = JsonSerializer.Deserialize<AgentEvent>(json);
            return e is { Kind: AgentEvent.TurnKind or AgentEvent.ResultKind, Turn: >= 0 and <= 100_000, PromptTokens: >= 0, CompletionTokens: >= 0, ToolCalls: >= 0 } ? e : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Cut(string? text, int max) =>
        string.IsNullOrEmpty(text) ? "" : text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "… (cut)");
}
