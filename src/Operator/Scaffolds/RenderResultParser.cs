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
        RenderedUpdate? update = null;
        if (payload["update"] is JsonObject patch)
        {
            update = ParseUpdate(patch, revision!, out error);
            if (update is null)
            {
                return null;
            }
        }

        return new RenderedProject(revision!, archive, sha, files, update);
    }

    private static RenderedUpdate? ParseUpdate(JsonObject update, string revision, out string error)
    {
        error = "";
        byte[] patch;
        try
        {
            patch = Convert.FromBase64String((string?)update["patch"] ?? "");
        }
        catch (FormatException)
        {
            error = "the sandbox's update patch is not valid base64.";
            return null;
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(patch));
        if (!string.Equals(sha, (string?)update["patchSha256"], StringComparison.Ordinal))
        {
            error = $"the sandbox's update patch fails its checksum (sha256 {sha}, result says {(string?)update["patchSha256"]}).";
            return null;
        }

        var files = (update["files"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(f => new ScaffoldFileChange
            {
                Path = (string?)f["path"] ?? "",
                Change = (string?)f["change"] ?? "",
                Binary = f["binary"] is JsonValue b && b.TryGetValue<bool>(out var isBinary) && isBinary ? true : null,
                LinesAdded = Int(f["linesAdded"]),
                LinesRemoved = Int(f["linesRemoved"]),
            })
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return new RenderedUpdate((string?)update["fromRevision"], revision, patch, sha, files, Int(update["linesAdded"]) ?? 0, Int(update["linesRemoved"]) ?? 0);
    }

    /// <summary>
    /// Where the deliver step put the project (a DeliverResult), checked against the archive the render produced, or
    /// null with <paramref name="error"/>.
    /// </summary>
    public static ScaffoldArtifact? TryParseDelivery(JsonObject payload, string archiveSha256, out string error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        error = "";
        if ((string?)payload["kind"] != GeneratorContract.DeliverResultKind)
        {
            error = $"the deliver step returned a {(string?)payload["kind"]} where a DeliverResult was expected.";
            return null;
        }

        var delivered = (string?)payload["archiveSha256"] ?? (string?)payload["sha256"];
        if (!string.Equals(delivered, archiveSha256, StringComparison.Ordinal))
        {
            error = $"the deliver step delivered an archive with sha256 {delivered}, not the rendered {archiveSha256}.";
            return null;
        }

        switch ((string?)payload["output"])
        {
            case "git" when payload["commit"] is JsonValue commit && commit.TryGetValue<string>(out var sha) && sha.Length >= 7:
                return new ScaffoldArtifact { Kind = ArtifactKind.Git, Url = (string?)payload["url"], Branch = (string?)payload["branch"], Commit = sha, Sha256 = archiveSha256 };
            case "s3" when (string?)payload["key"] is { Length: > 0 } key:
                return new ScaffoldArtifact
                {
                    Kind = ArtifactKind.S3,
                    Bucket = (string?)payload["bucket"],
                    Key = key,
                    Url = (string?)payload["url"],
                    UrlExpiresAt = DateTime.TryParse((string?)payload["urlExpiresAt"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var expires) ? expires : null,
                    Size = payload["size"] is JsonValue size && size.TryGetValue<long>(out var bytes) ? bytes : null,
                    Sha256 = archiveSha256,
                };
            default:
                error = "the deliver step's DeliverResult names no output it delivered to (git commit or S3 key).";
                return null;
        }
    }

    private static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
}
