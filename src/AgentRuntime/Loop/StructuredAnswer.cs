using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DynamoMcp.AgentRuntime.Loop;

/// <summary>A final answer read as a JSON object: the whole answer, or a ```json fenced block that is the whole answer.</summary>
internal static partial class StructuredAnswer
{
    public static JsonObject? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var candidate = text.Trim();
        if (candidate.StartsWith("```", StringComparison.Ordinal))
        {
            var fenced = Fence().Match(candidate);
            if (!fenced.Success)
            {
                return null;
            }

            candidate = fenced.Groups["body"].Value.Trim();
        }

        if (!candidate.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(candidate) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\A```(?:json|JSON)?[ \t]*\r?\n(?<body>.*?)\r?\n?```\z", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Fence();
}
