using System.ComponentModel;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>Where a project with a git or S3 output went (or, until it finished, is to go): spec.output, then status.artifact once written.</summary>
[Description("Where the project was delivered. Unset fields are not known yet (the project is not finished) or do not apply to the kind.")]
public sealed record ProjectDelivery(
    [property: Description("Git or S3.")] string Kind,
    [property: Description("Git: the repository URL (without credentials).")] string? RepositoryUrl,
    [property: Description("Git: the branch pushed.")] string? Branch,
    [property: Description("Git: the commit SHA the branch points to after the push.")] string? Commit,
    [property: Description("Git: the directory inside the repository.")] string? Path,
    [property: Description("S3: the bucket.")] string? Bucket,
    [property: Description("S3: the object key of the archive (tar.gz).")] string? Key,
    [property: Description("Size of the archive in bytes.")] long? Size,
    [property: Description("Lower-case hex SHA-256 of the archive.")] string? Sha256,
    [property: Description("S3: pre-signed download URL of the archive; anyone holding it can download until downloadUrlExpiresAt.")] string? DownloadUrl,
    [property: Description("S3: when the download URL stops working (UTC).")] DateTime? DownloadUrlExpiresAt)
{
    /// <summary>Null for a project kept in the cluster only (no git or s3 output).</summary>
    public static ProjectDelivery? From(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        var output = scaffold.Spec?.Output;
        var artifact = scaffold.Status?.Artifact;
        if (output?.Git is { } git)
        {
            var pushed = artifact?.Kind == ArtifactKind.Git ? artifact : null;
            return new ProjectDelivery(
                "Git",
                pushed?.Url ?? git.Url,
                pushed?.Branch ?? git.Branch ?? "main",
                pushed?.Commit,
                git.Path,
                Bucket: null,
                Key: null,
                pushed?.Size,
                pushed?.Sha256,
                DownloadUrl: null,
                DownloadUrlExpiresAt: null);
        }

        if (output?.S3 is { } s3)
        {
            var uploaded = artifact?.Kind == ArtifactKind.S3 ? artifact : null;
            return new ProjectDelivery(
                "S3",
                RepositoryUrl: null,
                Branch: null,
                Commit: null,
                Path: null,
                uploaded?.Bucket ?? s3.Bucket,
                uploaded?.Key ?? s3.Key,
                uploaded?.Size,
                uploaded?.Sha256,
                uploaded?.Url,
                uploaded?.UrlExpiresAt);
        }

        return null;
    }
}
