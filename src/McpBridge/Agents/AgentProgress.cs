using System.Globalization;
using DynamoMcp.Api.V1Alpha1;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Agents;

/// <summary>
/// Progress notifications of an agent from its status (pure), e.g. "turn 3 of 20, 1 200 tokens". The value is the
/// turns made (half a turn once it runs before its first turn ends); the total is its maxTurns. The protocol wants
/// the value to grow, so only a new turn (or the end) is a new notification.
/// </summary>
public static class AgentProgress
{
    private static readonly NumberFormatInfo Spaced = new() { NumberGroupSeparator = " ", NumberGroupSizes = [3], NumberDecimalDigits = 0 };

    /// <param name="agent">The agent now (null: not in the cache yet).</param>
    /// <param name="maxTurns">Its maxTurns (spec, or the default).</param>
    public static ProgressNotificationValue Report(Agent? agent, int maxTurns)
    {
        if (agent is null)
        {
            return new ProgressNotificationValue { Progress = 0, Total = maxTurns, Message = "Agent created; waiting for the operator" };
        }

        var phase = AgentKinds.PhaseOf(agent);
        var usage = agent.Status?.Usage;
        var turns = usage?.Turns ?? 0;
        var tokens = agent.Status?.SubtreeTokens ?? usage?.TotalTokens ?? 0;
        var spent = $"turn {Number(turns)} of {Number(maxTurns)}, {Tokens(tokens)} tokens";
        if (AgentKinds.IsFinished(phase))
        {
            var detail = agent.Status?.Message is { Length: > 0 } message ? $"{phase}: {message}" : phase.ToString();
            return new ProgressNotificationValue { Progress = Math.Max(maxTurns, turns), Total = Math.Max(maxTurns, turns), Message = $"{detail} ({spent})" };
        }

        if (phase == AgentPhase.Pending)
        {
            var why = agent.Status?.Message is { Length: > 0 } message ? message : "waiting for the operator";
            return new ProgressNotificationValue { Progress = 0, Total = maxTurns, Message = $"Pending: {why}" };
        }

        return new ProgressNotificationValue { Progress = turns == 0 ? 0.5f : turns, Total = maxTurns, Message = spent };
    }

    /// <summary>Tokens with a space between thousands: 1 200, 45 000.</summary>
    public static string Tokens(long tokens) => tokens.ToString("N0", Spaced);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
