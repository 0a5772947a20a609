using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>Finds the template snapshot a Scaffold's spec.revision names, by the rules the API documents for it.</summary>
public static class TemplateSnapshots
{
    /// <summary>Shortest commit SHA prefix accepted, as git's own default abbreviation.</summary>
    public const int MinPrefixLength = 7;

    /// <summary>
    /// The snapshot <paramref name="wanted"/> names: its revision (whole, or a prefix of at least
    /// <see cref="MinPrefixLength"/> characters; an archive digest also with a <c>sha256:</c> prefix) or its branch or
    /// tag. Newest first, as the template lists them, so a branch name finds the newest snapshot of it.
    /// </summary>
    public static TemplateSnapshot? Find(IEnumerable<TemplateSnapshot>? snapshots, string wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var revision = wanted.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? wanted["sha256:".Length..] : wanted;
        var held = (snapshots ?? []).ToList();
        return held.FirstOrDefault(s => string.Equals(s.Revision, revision, StringComparison.OrdinalIgnoreCase))
            ?? held.FirstOrDefault(s => s.Ref is { } r && (r == wanted || r == "refs/heads/" + wanted || r == "refs/tags/" + wanted))
            ?? (revision.Length >= MinPrefixLength ? held.FirstOrDefault(s => s.Revision.StartsWith(revision, StringComparison.OrdinalIgnoreCase)) : null);
    }

    /// <summary>The snapshots newer than <paramref name="revision"/>: those listed before it; all when it is no longer held.</summary>
    public static IReadOnlyList<TemplateSnapshot> NewerThan(IEnumerable<TemplateSnapshot>? snapshots, string? revision)
    {
        var held = (snapshots ?? []).ToList();
        var index = held.FindIndex(s => string.Equals(s.Revision, revision, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? held : held[..index];
    }

    /// <summary>One line per snapshot for a message: revision (ref, inspected when).</summary>
    public static string Describe(IEnumerable<TemplateSnapshot> snapshots) =>
        string.Join(
            "; ",
            snapshots.Select(s => s.Revision
                + (s.Ref is null && s.InspectedAt is null
                    ? ""
                    : " (" + string.Join(", ", new[] { s.Ref, s.InspectedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) }.Where(p => p is not null)) + ")")));
}
