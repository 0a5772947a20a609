using System.Globalization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>What a Scaffold's git or S3 output means for its render Job (pure): the deliver step's arguments, its host and the defaults.</summary>
public static class ScaffoldOutputs
{
    public const string DefaultBranch = "main";
    public const string DefaultRegion = "us-east-1";
    public const int DefaultUrlExpirySeconds = 3600;

    /// <summary>Whether the project leaves the cluster through a deliver step.</summary>
    public static bool Delivers(ScaffoldOutput? output) => output?.Git is not null || output?.S3 is not null;

    /// <summary>The S3 object key: spec.output.s3.key, or &lt;namespace&gt;/&lt;name&gt;.tar.gz.</summary>
    public static string S3Key(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        return scaffold.Spec.Output?.S3?.Key is { Length: > 0 } key ? key : $"{scaffold.Metadata.NamespaceProperty}/{scaffold.Metadata.Name}.tar.gz";
    }

    /// <summary>The host and port the deliver step reaches: the git URL's, the S3 endpoint's, or AWS's regional virtual-hosted endpoint.</summary>
    public static (string Host, int Port)? Endpoint(ScaffoldOutput? output)
    {
        if (output?.Git is { } git)
        {
            return SandboxNetworkPolicyBuilder.Endpoint(git.Url);
        }

        if (output?.S3 is { } s3)
        {
            return s3.Endpoint is { Length: > 0 } endpoint
                ? SandboxNetworkPolicyBuilder.Endpoint(endpoint)
                : ($"{s3.Bucket}.s3.{(s3.Region is { Length: > 0 } r ? r : DefaultRegion)}.amazonaws.com", 443);
        }

        return null;
    }

    /// <summary>The deliver container's arguments (images/generator/README.md, <c>deliver</c>) for the archive at <paramref name="archiveFile"/>.</summary>
    public static List<string> DeliverArgs(Scaffold scaffold, string archiveFile)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        var output = scaffold.Spec.Output;
        if (output?.Git is { } git)
        {
            var args = new List<string> { "deliver", "git", "--archive-file", archiveFile, "--url", git.Url, "--branch", git.Branch is { Length: > 0 } b ? b : DefaultBranch };
            if (git.BaseBranch is { Length: > 0 } baseBranch)
            {
                args.AddRange(["--base-branch", baseBranch]);
            }

            if (git.Path is { Length: > 0 } path)
            {
                args.AddRange(["--path", path]);
            }

            args.AddRange(["--message", $"Generate {scaffold.Metadata.Name} from {scaffold.Spec.TemplateRef.Name} with Dynamo MCP"]);
            return args;
        }

        if (output?.S3 is { } s3)
        {
            var args = new List<string>
            {
                "deliver", "s3", "--archive-file", archiveFile, "--bucket", s3.Bucket, "--key", S3Key(scaffold),
                "--region", s3.Region is { Length: > 0 } r ? r : DefaultRegion,
                "--url-expires-seconds", (s3.UrlExpirySeconds ?? DefaultUrlExpirySeconds).ToString(CultureInfo.InvariantCulture),
            };
            if (s3.Endpoint is { Length: > 0 } endpoint)
            {
                args.AddRange(["--endpoint", endpoint]);
            }

            return args;
        }

        throw new ArgumentException("The Scaffold has no git or S3 output.", nameof(scaffold));
    }

    /// <summary>The Secret the deliver step mounts, if any.</summary>
    public static string? SecretName(ScaffoldOutput? output) =>
        (output?.Git?.SecretRef?.Name ?? output?.S3?.SecretRef?.Name) is { Length: > 0 } name ? name : null;
}
