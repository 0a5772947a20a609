using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>The test plays the operator: it writes template and scaffold status and the result ConfigMaps.</summary>
internal sealed class OperatorActions(IKubernetes admin)
{
    private const string Group = "dynamo-mcp.io";
    private const string Version = "v1alpha1";

    public static JsonObject SampleSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["project_name"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z][a-z0-9_]*$" },
            ["license"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("MIT", "Apache-2.0"), ["default"] = "MIT" },
            ["port"] = new JsonObject { ["type"] = "integer", ["default"] = 8080 },
        },
        ["required"] = new JsonArray("project_name"),
        ["additionalProperties"] = false,
    };

    public Task CreateTemplateAsync(string ns, string name, CancellationToken ct) =>
        admin.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = $"{Group}/{Version}",
                ["kind"] = "CookiecutterTemplate",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["spec"] = new JsonObject { ["source"] = new JsonObject { ["git"] = new JsonObject { ["url"] = "https://example.com/" + name + ".git" } } },
            },
            Group, Version, ns, "cookiecuttertemplates", cancellationToken: ct);

    public Task MarkTemplateReadyAsync(string ns, string name, CancellationToken ct) =>
        PatchStatusAsync("cookiecuttertemplates", ns, name, new JsonObject
        {
            ["conditions"] = new JsonArray(Condition("Ready", "True", "Inspected", "Variables extracted")),
            ["resolvedRevision"] = "0123456789abcdef0123456789abcdef01234567",
            ["variables"] = new JsonArray(
                new JsonObject { ["name"] = "project_name", ["type"] = "string", ["required"] = true, ["description"] = "Python package name" },
                new JsonObject { ["name"] = "license", ["type"] = "choice", ["default"] = "MIT", ["choices"] = new JsonArray("MIT", "Apache-2.0") },
                new JsonObject { ["name"] = "port", ["type"] = "integer", ["default"] = 8080 }),
            ["inputSchema"] = SampleSchema(),
        }, ct);

    public Task MarkScaffoldAsync(string ns, string name, string phase, string message, IReadOnlyDictionary<string, string>? files, CancellationToken ct)
    {
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["message"] = message,
            ["conditions"] = new JsonArray(Condition("Ready", phase == "Succeeded" ? "True" : "False", phase, message)),
        };
        if (files is not null)
        {
            status["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Key, ["size"] = Encoding.UTF8.GetByteCount(f.Value) })]);
            status["artifact"] = new JsonObject { ["kind"] = "ConfigMap", ["names"] = new JsonArray(), ["chunks"] = 3 };
        }

        return PatchStatusAsync("scaffolds", ns, name, status, ct);
    }

    /// <summary>Stores files as the operator does: a tar.gz in three chunks over two ConfigMaps, created out of order. Returns the archive.</summary>
    public async Task<byte[]> StoreResultAsync(string ns, string scaffold, IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        var archive = TarGz(files);
        var third = archive.Length / 3;
        byte[][] chunks = [archive[..third], archive[third..(2 * third)], archive[(2 * third)..]];
        var second = ConfigMap(ns, scaffold, 1, new Dictionary<string, byte[]> { ["chunk-0002"] = chunks[2] });
        var first = ConfigMap(ns, scaffold, 0, new Dictionary<string, byte[]> { ["chunk-0001"] = chunks[1], ["chunk-0000"] = chunks[0] });
        await admin.CoreV1.CreateNamespacedConfigMapAsync(second, ns, cancellationToken: ct);
        await admin.CoreV1.CreateNamespacedConfigMapAsync(first, ns, cancellationToken: ct);
        return archive;
    }

    public async Task<string> WaitForScaffoldAsync(string ns, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var names = await ScaffoldNamesAsync(ns, timeout.Token);
            if (names.Count > 0)
            {
                return names[0];
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public Task<IReadOnlyList<string>> ScaffoldNamesAsync(string ns, CancellationToken ct) => NamesAsync(ns, "scaffolds", ct);

    public Task<IReadOnlyList<string>> TemplateNamesAsync(string ns, CancellationToken ct) => NamesAsync(ns, "cookiecuttertemplates", ct);

    private async Task<IReadOnlyList<string>> NamesAsync(string ns, string plural, CancellationToken ct)
    {
        var list = (System.Text.Json.JsonElement)await admin.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, plural, cancellationToken: ct);
        return [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!)];
    }

    public static byte[] TarGz(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (path, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return buffer.ToArray();
    }

    private Task PatchStatusAsync(string plural, string ns, string name, JsonObject status, CancellationToken ct) =>
        admin.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(new JsonObject { ["status"] = status }, V1Patch.PatchType.MergePatch), Group, Version, ns, plural, name, cancellationToken: ct);

    private static JsonObject Condition(string type, string status, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["reason"] = reason,
        ["message"] = message,
        ["lastTransitionTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    };

    private static V1ConfigMap ConfigMap(string ns, string scaffold, int index, Dictionary<string, byte[]> data) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"{scaffold}-result-{index}",
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { ["dynamo-mcp.io/scaffold"] = scaffold },
            Annotations = new Dictionary<string, string> { ["dynamo-mcp.io/chunk-index"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        BinaryData = data,
    };
}
