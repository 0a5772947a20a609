using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c>: comma-separated requirements <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> and <c>!k</c>, all of which must hold.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static readonly LabelSelector Everything = new();

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in SplitTopLevel(text))
        {
            var part = raw.Trim();
            if (part.Length == 0)
            {
                continue;
            }
            selector._requirements.Add(ParseRequirement(part, text));
        }
        return selector;
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string part, string whole)
    {
        var setMatch = System.Text.RegularExpressions.Regex.Match(part, @"^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$");
        if (setMatch.Success)
        {
            var key = setMatch.Groups[1].Value;
            var values = setMatch.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            return setMatch.Groups[2].Value == "in"
                ? labels => labels.TryGetValue(key, out var v) && values.Contains(v)
                : labels => !labels.TryGetValue(key, out var v) || !values.Contains(v);
        }
        int i;
        if ((i = part.IndexOf("!=", StringComparison.Ordinal)) > 0)
        {
            var (key, value) = (part[..i].Trim(), part[(i + 2)..].Trim());
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }
        if ((i = part.IndexOf("==", StringComparison.Ordinal)) > 0)
        {
            var (key, value) = (part[..i].Trim(), part[(i + 2)..].Trim());
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }
        if ((i = part.IndexOf('=', StringComparison.Ordinal)) > 0)
        {
            var (key, value) = (part[..i].Trim(), part[(i + 1)..].Trim());
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }
        if (part.StartsWith('!'))
        {
            var key = part[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }
        if (System.Text.RegularExpressions.Regex.IsMatch(part, @"^[A-Za-z0-9./_-]+$"))
        {
            return labels => labels.ContainsKey(part);
        }
        throw StatusBodies.BadRequest($"unable to parse requirement: \"{part}\" in label selector \"{whole}\"; use k=v, k!=v, k in (a,b), k notin (a,b), k or !k");
    }

    // Commas inside "in (a,b)" belong to the requirement.
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return text[start..];
    }
}
