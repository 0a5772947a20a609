using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// Which snapshots a template keeps and which one a Scaffold renders (pure): a new inspection's snapshot goes first,
/// the same revision inspected again replaces its entry, and only the newest <c>history</c> stay; a Scaffold names a
/// revision by commit SHA, a prefix of at least 7 characters, a branch or tag it was resolved from, or nothing (the
/// current one).
/// </summary>
public static class TemplateSnapshots
{
    /// <summary>The shortest commit prefix a Scaffold may name a revision by.</summary>
    public const int MinPrefixLength = 7;

    /// <summary>The kept list after <paramref name="added"/>: newest first, at most <paramref name="history"/> entries.</summary>
    public static IList<TemplateSnapshot> Record(IList<TemplateSnapshot>? current, TemplateSnapshot added, int history)
    {
        ArgumentNullException.ThrowIfNull(added);
        var kept = new List<TemplateSnapshot> { added };
        kept.AddRange((current ?? []).Where(s => !string.Equals(s.Revision, added.Revision, StringComparison.Ordinal)));
        return kept.Take(Math.Max(1, history)).ToList();
    }

    /// <summary>
    /// The snapshot ConfigMaps (owned by the template) that no kept snapshot names any more and no running render
    /// still reads (<paramref name="rendering"/>: the revisions render Jobs that have not finished are pinned to; their
    /// snapshot goes at a later inspection).
    /// </summary>
    public static IReadOnlyList<V1ConfigMap> Dropped(IEnumerable<V1ConfigMap> owned, IEnumerable<TemplateSnapshot> kept, IReadOnlySet<string>? rendering = null)
    {
        ArgumentNullException.ThrowIfNull(owned);
        ArgumentNullException.ThrowIfNull(kept);
        var names = kept.SelectMany(s => s.ConfigMaps).ToHashSet(StringComparer.Ordinal);
        return owned.Where(m => !names.Contains(m.Metadata.Name)
            && !(rendering is not null && m.Metadata.Annotations?.TryGetValue(Sandbox.SandboxLabels.RevisionAnnotation, out var revision) == true && rendering.Contains(revision)))
            .ToList();
    }

    /// <summary>
    /// The snapshot a Scaffold asking for <paramref name="revision"/> renders, or null with <paramref name="error"/> saying
    /// which revisions the template holds.
    /// </summary>
    public static TemplateSnapshot? Resolve(CookiecutterTemplate template, string? revision, out string error)
    {
        ArgumentNullException.ThrowIfNull(template);
        error = "";
        var held = template.Status?.Snapshots ?? [];
        var key = $"{template.Metadata.NamespaceProperty}/{template.Metadata.Name}";
        if (string.IsNullOrWhiteSpace(revision))
        {
            var current = held.FirstOrDefault(s => string.Equals(s.Revision, template.Status?.ResolvedRevision, StringComparison.Ordinal));
            if (current is null)
            {
                error = $"CookiecutterTemplate {key} has no snapshot of its revision {template.Status?.ResolvedRevision} yet (inspected by an older operator?); annotate it with dynamo-mcp.io/refresh-requested-at to inspect it again.";
            }

            return current;
        }

        var wanted = revision.Trim();
        var match = held.FirstOrDefault(s => string.Equals(s.Revision, wanted, StringComparison.OrdinalIgnoreCase))
            ?? held.FirstOrDefault(s => s.Ref is { Length: > 0 } r && string.Equals(r, wanted, StringComparison.Ordinal));
        if (match is null && wanted.Length >= MinPrefixLength)
        {
            var byPrefix = held.Where(s => s.Revision.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
            match = byPrefix.Count == 1 ? byPrefix[0] : null;
            if (byPrefix.Count > 1)
            {
                error = $"spec.revision {wanted} matches {byPrefix.Count} revisions of CookiecutterTemplate {key}; give more characters.";
                return null;
            }
        }

        if (match is null)
        {
            var list = held.Count == 0 ? "none" : string.Join(", ", held.Select(s => s.Ref is { Length: > 0 } r ? $"{Short(s.Revision)} ({r})" : Short(s.Revision)));
            error = $"CookiecutterTemplate {key} holds no snapshot of revision {wanted} (it holds: {list}). Point the template's spec.source at that revision to inspect it, or leave spec.revision empty for the current one.";
        }

        return match;
    }

    private static string Short(string revision) => revision.Length > 12 && !revision.StartsWith("sha256:", StringComparison.Ordinal) ? revision[..12] : revision;
}
