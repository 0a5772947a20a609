using System.Globalization;
using System.Text.RegularExpressions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;

namespace DynamoMcp.McpBridge.Agents;

/// <summary>
/// What spawn_agent decides before it creates anything (pure): whether the arguments fit the Agent CRD, which
/// ModelConfig the agent uses, and, for an agent caller, whether the child's tools stay within the parent's allowlist and
/// whether the parent clearly has no budget or depth left. The operator stays authoritative; these only refuse early.
/// </summary>
public static partial class AgentSpawnDecisions
{
    public const int MaxGoalLength = 16384;
    public const int MaxSystemPromptLength = 16384;
    public const int MaxTools = 64;
    public const int MaxToolLength = 128;

    /// <summary>Every problem with the arguments themselves (empty: none), each a line a person can act on.</summary>
    public static IReadOnlyList<string> Problems(AgentSpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Goal))
        {
            problems.Add("goal: required; say what the agent is to achieve");
        }
        else if (request.Goal.Length > MaxGoalLength)
        {
            problems.Add($"goal: {Number(request.Goal.Length)} characters, at most {Number(MaxGoalLength)} (16 KiB) allowed; shorten it or put the details in a file the agent reads");
        }

        if (request.SystemPrompt is { Length: > MaxSystemPromptLength } prompt)
        {
            problems.Add($"systemPrompt: {Number(prompt.Length)} characters, at most {Number(MaxSystemPromptLength)} allowed");
        }

        var tools = request.Tools ?? [];
        if (tools.Count > MaxTools)
        {
            problems.Add($"tools: {Number(tools.Count)} entries, at most {Number(MaxTools)} allowed; use prefixes ending in * (e.g. memory__*)");
        }

        foreach (var tool in tools.Where(t => !IsWellFormedTool(t)).Distinct(StringComparer.Ordinal))
        {
            problems.Add($"tools: '{tool}' is not a tool name or a prefix ending in * (letters, digits, '_', '-', '.', '/', at most {Number(MaxToolLength)} characters, optionally ending in *)");
        }

        Range(problems, "maxTokens", request.MaxTokens, 1, 1_000_000_000);
        Range(problems, "maxTurns", request.MaxTurns, 1, 1000);
        Range(problems, "timeoutSeconds", request.TimeoutSeconds, 1, 86400);
        Range(problems, "maxDepth", request.MaxDepth, 1, 10);
        if (request.Name is { } name && !ResourceNames.IsValid(name))
        {
            problems.Add($"name: '{name}' is not a valid Agent name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit, or leave it empty to generate one");
        }

        return problems;
    }

    /// <summary>A tool name, or a prefix ending in <c>*</c> (a lone <c>*</c> allows every tool).</summary>
    public static bool IsWellFormedTool(string? tool) => tool is { Length: > 0 and <= MaxToolLength } && ToolPattern().IsMatch(tool);

    /// <summary>The requested tools, each once, in the order given.</summary>
    public static IReadOnlyList<string> Distinct(IReadOnlyList<string>? tools) => [.. (tools ?? []).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The requested tools the parent's allowlist does not cover: a name must be allowed by the parent, a prefix
    /// <c>p*</c> must lie within one of the parent's prefixes (or be one of its entries).
    /// </summary>
    public static IReadOnlyList<string> ToolsOutside(AgentCaller parent, IEnumerable<string> requested)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(requested);
        return [.. requested.Where(t => !Covers(parent, t)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Tokens the parent has left to give a new child: its granted maximum, less what it and its descendants spent
    /// (status.subtreeTokens), less what running children still hold reserved. Null when it has no token limit (or
    /// was not admitted yet: the operator decides then).
    /// </summary>
    /// <param name="agent">Looks up an agent of the parent's namespace by name (null: not there).</param>
    public static long? RemainingTokens(Agent parent, Func<string, Agent?> agent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(agent);
        if (parent.Status?.Budget?.MaxTokens is not { } limit)
        {
            return null;
        }

        var spent = parent.Status.SubtreeTokens ?? parent.Status.Usage?.TotalTokens ?? 0;
        var unspent = (parent.Status.Children ?? [])
            .Where(c => c.UsedTokens is null && c.Phase is not (AgentPhase.Succeeded or AgentPhase.Failed or AgentPhase.Terminated))
            .Sum(c =>
            {
                var child = agent(c.Name);
                var childSpent = child?.Status?.SubtreeTokens ?? child?.Status?.Usage?.TotalTokens ?? 0;
                return Math.Max(0, (c.MaxTokens ?? 0) - childSpent);
            });
        return limit - spent - unspent;
    }

    /// <summary>Why the parent cannot have another child now (null: it may, as far as the bridge can tell).</summary>
    public static string? ParentRefusal(Agent parent, Func<string, Agent?> agent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var name = parent.Metadata.Name;
        var phase = AgentKinds.PhaseOf(parent);
        if (AgentKinds.IsFinished(phase))
        {
            return $"Your agent '{name}' has already ended ({phase}): a finished agent cannot spawn children. Nothing was created.";
        }

        if (parent.Status?.Budget is { } budget && budget.Depth + 1 > budget.MaxDepth)
        {
            return $"A child of '{name}' would be at depth {Number(budget.Depth + 1)} of a tree that may go {Number(budget.MaxDepth)} deep (the root's maxDepth): " +
                "spawning is refused. Nothing was created; do the work yourself or finish with what you have.";
        }

        if (RemainingTokens(parent, agent) is { } left && left <= 0)
        {
            return $"Your agent '{name}' has no tokens left to give a child (budget {Number(parent.Status!.Budget!.MaxTokens!.Value)}, " +
                $"spent {Number(parent.Status.SubtreeTokens ?? parent.Status.Usage?.TotalTokens ?? 0)} with its children, the rest reserved for running children): " +
                "spawning is refused. Nothing was created; wait for a child to finish (its unspent reservation returns) or finish with what you have.";
        }

        return null;
    }

    /// <summary>
    /// The ModelConfig to use: the one asked for, else the parent's, else the namespace's only one. Error when none
    /// fits: it lists those that exist.
    /// </summary>
    public static (string? Name, string? Error) ChooseModelConfig(string? requested, Agent? parent, IReadOnlyList<string> available, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(available);
        var known = available.Count == 0 ? "none exist there" : "there: " + string.Join(", ", available);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return available.Contains(requested, StringComparer.Ordinal)
                ? (requested, null)
                : (null, $"ModelConfig '{requested}' was not found in namespace '{@namespace}' ({known}). Nothing was created; pass one of those as modelConfig, or ask an administrator to create it.");
        }

        if (parent?.Spec?.ModelConfigRef?.Name is { Length: > 0 } inherited)
        {
            return (inherited, null);
        }

        return available.Count == 1
            ? (available[0], null)
            : (null, available.Count == 0
                ? $"No ModelConfig exists in namespace '{@namespace}': an agent needs one (its LLM endpoint and model). Nothing was created; ask an administrator to create one."
                : $"Namespace '{@namespace}' has several ModelConfigs ({string.Join(", ", available)}): pass one as modelConfig. Nothing was created.");
    }

    /// <summary>Whether <paramref name="target"/> is <paramref name="ancestor"/> or one of its descendants (walking parentRef up).</summary>
    public static bool IsInSubtree(string target, string ancestor, Func<string, Agent?> agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = target;
        while (current is not null && seen.Add(current))
        {
            if (string.Equals(current, ancestor, StringComparison.Ordinal))
            {
                return true;
            }

            current = agent(current)?.Spec?.ParentRef?.Name;
        }

        return false;
    }

    private static bool Covers(AgentCaller parent, string tool)
    {
        if (!tool.EndsWith('*'))
        {
            return parent.Allows(tool);
        }

        var prefix = tool[..^1];
        return parent.Tools.Any(t => string.Equals(t, tool, StringComparison.Ordinal)
            || (t.EndsWith('*') && prefix.StartsWith(t[..^1], StringComparison.Ordinal)));
    }

    private static void Range(List<string> problems, string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
        {
            problems.Add($"{field}: {Number(v)} is out of range, allowed {Number(min)} to {Number(max)}");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\*|[A-Za-z0-9_./-]+\*?)$")]
    private static partial Regex ToolPattern();
}
