using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>Turns the generator's RenderResult payload into a verified <see cref="RenderedProject"/>.</summary>
public static class RenderResultParser
{
    public static RenderedProject? TryParse(JsonObject payload, string expectedRevision, out string error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        error = "";
        if ((string?)payload["kind"] != GeneratorContract.RenderResultKind)
        {
            error = $"the sandbox returned a {(string?)payload["kind"]} where a RenderResult was expected.";
            return null;
        }

        var revision = (string?)payload["revision"];
        if (!string.Equals(revision, expectedRevision, StringComparison.Ordinal))
        {
            error = $"the sandbox rendered revision {revision} instead of the pinned {expectedRevision}.";
            return null;
        }

        byte[] archive;
        try
        {
            archive = Convert.FromBase64String((string?)payload["archive"] ?? "");
        }
        catch (FormatException)
        {
            error = "the sandbox's archive is not valid base64.";
            return null;
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(archive));
        if (archive.Length == 0 || !string.Equals(sha, (string?)payload["archiveSha256"], StringComparison.Ordinal))
        {
            error = $"the sandbox's archive fails its checksum (sha256 {sha}, result says {(string?)payload["archiveSha256"]}).";
            return null;
        }

        var files = (payload["files"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(f => (string?)f["type"] is null or "file")
            .Select(f => new ScaffoldFile { Path = (string?)f["path"] ?? "", Size = f["size"] is JsonValue v ? v.GetValue<long>() : 0 })
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return new RenderedProject(revision!, archive, sha, files);
    }
}
