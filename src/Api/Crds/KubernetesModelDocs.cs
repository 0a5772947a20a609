using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml;
using k8s.Models;

namespace DynamoMcp.Api.Crds;

/// <summary>
/// Descriptions of KubernetesClient model types and properties (V1EnvVar, V1ResourceRequirements...), read from the
/// package's XML documentation, which carries the upstream OpenAPI descriptions, so embedded core types get the same
/// field documentation in <c>kubectl explain</c> as they have in Kubernetes.
/// </summary>
internal static partial class KubernetesModelDocs
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Docs = new(Load);

    public static string? ForType(Type type) =>
        Docs.Value.TryGetValue("T:" + type.FullName, out var text) ? text : null;

    public static string? ForProperty(PropertyInfo property) =>
        Docs.Value.TryGetValue($"P:{property.DeclaringType!.FullName}.{property.Name}", out var text) ? text : null;

    private static IReadOnlyDictionary<string, string> Load()
    {
        var path = Locate() ?? throw new FileNotFoundException(
            "CRD generation needs KubernetesClient.xml (the package's XML docs) for the descriptions of embedded Kubernetes types. " +
            "It was found neither beside KubernetesClient.dll nor in the NuGet package folder; run 'dotnet restore' or set NUGET_PACKAGES.");
        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreWhitespace = false });
        while (reader.ReadToFollowing("member"))
        {
            var name = reader.GetAttribute("name");
            if (name is null || !(name.StartsWith("T:k8s.Models.", StringComparison.Ordinal) || name.StartsWith("P:k8s.Models.", StringComparison.Ordinal)))
            {
                continue;
            }

            using var member = reader.ReadSubtree();
            if (member.ReadToFollowing("summary"))
            {
                var text = Whitespace().Replace(member.ReadElementContentAsString(), " ").Trim();
                if (text.Length > 0)
                {
                    docs[name] = text;
                }
            }
        }

        return docs;
    }

    private static string? Locate()
    {
        var assembly = typeof(V1Pod).Assembly;
        var beside = Path.ChangeExtension(assembly.Location, ".xml");
        if (File.Exists(beside))
        {
            return beside;
        }

        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        var roots = new[]
        {
            Environment.GetEnvironmentVariable("NUGET_PACKAGES"),
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };
        foreach (var root in roots.Where(r => !string.IsNullOrEmpty(r)))
        {
            var lib = Path.Combine(root!, "kubernetesclient", version ?? "", "lib");
            if (!Directory.Exists(lib))
            {
                continue;
            }

            var candidate = Directory.EnumerateFiles(lib, "KubernetesClient.xml", SearchOption.AllDirectories)
                .OrderByDescending(p => p, StringComparer.Ordinal)
                .FirstOrDefault();
            if (candidate is not null)
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
