using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>Kubernetes objects from `helm template` output or plain YAML files.</summary>
public sealed partial class RenderedManifests(IReadOnlyList<ManifestDocument> documents)
{
    public IReadOnlyList<ManifestDocument> Documents { get; } = documents;

    // helm (and our config/*.yaml) separate documents with a line holding only "---".
    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    public static RenderedManifests Parse(string yaml)
    {
        var documents = new List<ManifestDocument>();
        foreach (var text in DocumentSeparator().Split(yaml))
        {
            var obj = KubernetesYaml.Deserialize<ManifestHeader>(text);
            if (obj?.Kind is null)
            {
                continue; // empty or comment-only document
            }

            documents.Add(new ManifestDocument(
                obj.ApiVersion ?? "", obj.Kind, obj.Metadata?.Name ?? "", obj.Metadata?.NamespaceProperty, text));
        }

        return new RenderedManifests(documents);
    }

    public static RenderedManifests LoadFiles(IEnumerable<string> paths) =>
        new([.. paths.SelectMany(p => Parse(File.ReadAllText(p)).Documents)]);

    public IEnumerable<ManifestDocument> OfKind(string kind) => Documents.Where(d => d.Kind == kind);

    public IEnumerable<T> All<T>(string kind) => OfKind(kind).Select(d => d.As<T>());

    public T Single<T>(string kind, string name)
    {
        var matches = OfKind(kind).Where(d => d.Name == name).ToList();
        matches.Should().ContainSingle($"exactly one {kind} named {name} should be rendered; got: {string.Join(", ", Documents)}");
        return matches[0].As<T>();
    }
}
