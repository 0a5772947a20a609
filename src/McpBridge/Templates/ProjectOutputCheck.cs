using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// create_project's <c>output</c> argument checked before anything is created, every problem listed with what to do,
/// and turned into the Scaffold's <c>spec.output</c>. The rules are those the CRD and git / S3 themselves hold, so a
/// mistake is reported here in words rather than as a failed push or upload later.
/// </summary>
public static partial class ProjectOutputCheck
{
    /// <summary>Longest pre-signed URL lifetime S3 accepts (7 days), as the CRD allows.</summary>
    public const int MaxUrlExpirySeconds = 604800;

    public static IReadOnlyList<string> Problems(ProjectOutputArgument output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var problems = new List<string>();
        switch (output)
        {
            case { Git: null, S3: null }:
                problems.Add("output: set exactly one of 'git' ({\"git\": {\"url\": \"https://host/org/repo.git\"}}) or 's3' ({\"s3\": {\"bucket\": \"my-bucket\"}}), or omit output to keep the project in the cluster.");
                break;
            case { Git: not null, S3: not null }:
                problems.Add("output: set only one of 'git' or 's3', not both; create a second project for the other destination.");
                break;
            case { Git: { } git }:
                CheckGit(git, problems);
                break;
            case { S3: { } s3 }:
                CheckS3(s3, problems);
                break;
        }

        return problems;
    }

    /// <summary>Null when the output is fine; otherwise the message of the tool error.</summary>
    public static string? ErrorMessage(ProjectOutputArgument output)
    {
        var problems = Problems(output);
        return problems.Count == 0
            ? null
            : $"The output argument is not valid; nothing was created. Problems:\n- {string.Join("\n- ", problems)}";
    }

    /// <summary>The Scaffold's spec.output for a checked <paramref name="output"/> (see <see cref="Problems"/>).</summary>
    public static ScaffoldOutput ToSpec(ProjectOutputArgument output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Git is { } git)
        {
            return new ScaffoldOutput
            {
                Git = new GitOutput
                {
                    Url = git.Url!.Trim(),
                    Branch = OrNull(git.Branch),
                    BaseBranch = OrNull(git.BaseBranch),
                    Path = OrNull(git.Path)?.Trim('/'),
                    SecretRef = SecretRef(git.Secret),
                },
            };
        }

        var s3 = output.S3 ?? throw new ArgumentException("The output has neither git nor s3; check it first.", nameof(output));
        return new ScaffoldOutput
        {
            S3 = new S3Output
            {
                Bucket = s3.Bucket!.Trim(),
                Key = OrNull(s3.Key),
                Endpoint = OrNull(s3.Endpoint),
                Region = OrNull(s3.Region),
                UrlExpirySeconds = s3.UrlExpirySeconds,
                SecretRef = SecretRef(s3.Secret),
            },
        };
    }

    private static void CheckGit(GitOutputArgument git, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(git.Url))
        {
            problems.Add("output.git.url is required: the repository to push to, e.g. https://github.com/org/repo.git or git@github.com:org/repo.git.");
        }
        else if (GitUrlProblem(git.Url.Trim()) is { } urlProblem)
        {
            problems.Add($"output.git.url '{Shown(git.Url)}' {urlProblem}");
        }

        if (BranchProblem(git.Branch) is { } branch)
        {
            problems.Add($"output.git.branch '{git.Branch}' {branch}");
        }

        if (BranchProblem(git.BaseBranch) is { } baseBranch)
        {
            problems.Add($"output.git.baseBranch '{git.BaseBranch}' {baseBranch}");
        }

        if (PathProblem(git.Path) is { } path)
        {
            problems.Add($"output.git.path '{git.Path}' {path}");
        }

        if (SecretProblem(git.Secret) is { } secret)
        {
            problems.Add($"output.git.secret '{git.Secret}' {secret}");
        }
    }

    private static void CheckS3(S3OutputArgument s3, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(s3.Bucket))
        {
            problems.Add("output.s3.bucket is required: the name of the bucket to upload the archive to.");
        }
        else if (BucketProblem(s3.Bucket.Trim()) is { } bucket)
        {
            problems.Add($"output.s3.bucket '{s3.Bucket}' is not a valid bucket name: {bucket}");
        }

        if (!string.IsNullOrEmpty(s3.Key))
        {
            if (s3.Key.Length > 1024)
            {
                problems.Add($"output.s3.key is {s3.Key.Length} characters long; use at most 1024.");
            }
            else if (s3.Key.Any(char.IsControl) || s3.Key.StartsWith('/'))
            {
                problems.Add($"output.s3.key '{s3.Key}' must not start with '/' or hold control characters; use a key like team/project.tar.gz.");
            }
        }

        if (!string.IsNullOrWhiteSpace(s3.Endpoint) && EndpointProblem(s3.Endpoint.Trim()) is { } endpoint)
        {
            problems.Add($"output.s3.endpoint '{Shown(s3.Endpoint)}' {endpoint}");
        }

        if (!string.IsNullOrWhiteSpace(s3.Region) && !Region().IsMatch(s3.Region))
        {
            problems.Add($"output.s3.region '{s3.Region}' is not a region name: use lower-case letters, digits and '-', e.g. eu-west-1 (at most 64).");
        }

        if (s3.UrlExpirySeconds is < 1 or > MaxUrlExpirySeconds)
        {
            problems.Add($"output.s3.urlExpirySeconds {s3.UrlExpirySeconds} is out of range: use 1 to {MaxUrlExpirySeconds} (7 days), or omit it for 3600.");
        }

        if (SecretProblem(s3.Secret) is { } secret)
        {
            problems.Add($"output.s3.secret '{s3.Secret}' {secret}");
        }
    }

    private static string? GitUrlProblem(string url)
    {
        const string Forms = "use https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git";
        if (url.Length > 2048)
        {
            return "is longer than 2048 characters.";
        }

        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return $"holds spaces or control characters; {Forms}.";
        }

        if (ScpLikeUrl().IsMatch(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"is not a repository URL; {Forms}.";
        }

        if (uri.Scheme is not ("https" or "http" or "ssh"))
        {
            return $"uses the scheme '{uri.Scheme}', which cannot be pushed to from the sandbox; {Forms}.";
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return $"names no host; {Forms}.";
        }

        return uri.Scheme switch
        {
            "https" or "http" when uri.UserInfo.Length > 0 =>
                "holds credentials: remove them from the URL and name a Secret with username and password (a token) in output.git.secret instead.",
            "https" or "http" => null,
            "ssh" when uri.UserInfo.Contains(':', StringComparison.Ordinal) =>
                "holds a password: remove it and name a Secret with ssh-privatekey in output.git.secret instead.",
            _ => null,
        };
    }

    /// <summary>git check-ref-format's rules within the characters the CRD allows; null when fine or empty.</summary>
    private static string? BranchProblem(string? branch)
    {
        if (string.IsNullOrEmpty(branch))
        {
            return null;
        }

        if (branch.Length > 256)
        {
            return "is longer than 256 characters.";
        }

        if (!BranchCharacters().IsMatch(branch))
        {
            return "holds characters a branch name here may not: use letters, digits, '.', '_', '-' and '/' (e.g. main or feature/new-service).";
        }

        if (branch.StartsWith('-') || branch.StartsWith('/') || branch.EndsWith('/') || branch.EndsWith('.')
            || branch.EndsWith(".lock", StringComparison.Ordinal) || branch.Contains("..", StringComparison.Ordinal)
            || branch.Contains("//", StringComparison.Ordinal) || branch.Split('/').Any(part => part.StartsWith('.')))
        {
            return "is not a valid git branch name: it may not start with '-' or '/', end with '/', '.' or '.lock', hold '..' or '//', or have a part starting with '.'.";
        }

        return null;
    }

    private static string? PathProblem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (path.Length > 1024)
        {
            return "is longer than 1024 characters.";
        }

        if (path.Any(char.IsControl) || path.Contains('\\', StringComparison.Ordinal))
        {
            return "holds a backslash or control characters; use a relative directory with '/', e.g. services/demo.";
        }

        if (path.Split('/').Any(part => part is ".."))
        {
            return "leaves the repository ('..'); use a directory inside it, e.g. services/demo.";
        }

        return null;
    }

    private static string? SecretProblem(string? secret) =>
        string.IsNullOrEmpty(secret) || (secret.Length <= 253 && Dns1123Subdomain().IsMatch(secret))
            ? null
            : "is not a Secret name: use lower-case letters, digits, '-' and '.' (at most 253), the name of a Secret in the namespace.";

    /// <summary>The S3 bucket naming rules (general purpose buckets); null when fine.</summary>
    private static string? BucketProblem(string bucket)
    {
        if (bucket.Length is < 3 or > 63)
        {
            return $"it is {bucket.Length} characters long; use 3 to 63.";
        }

        if (!BucketCharacters().IsMatch(bucket))
        {
            return "use only lower-case letters, digits, '.' and '-', starting and ending with a letter or digit.";
        }

        if (bucket.Contains("..", StringComparison.Ordinal) || bucket.Contains(".-", StringComparison.Ordinal) || bucket.Contains("-.", StringComparison.Ordinal))
        {
            return "'..', '.-' and '-.' are not allowed.";
        }

        if (IPAddress.TryParse(bucket, out _) && bucket.Count(c => c == '.') == 3)
        {
            return "a bucket name may not look like an IP address.";
        }

        if (bucket.StartsWith("xn--", StringComparison.Ordinal) || bucket.StartsWith("sthree-", StringComparison.Ordinal)
            || bucket.EndsWith("-s3alias", StringComparison.Ordinal) || bucket.EndsWith("--ol-s3", StringComparison.Ordinal))
        {
            return "the prefixes 'xn--' and 'sthree-' and the suffixes '-s3alias' and '--ol-s3' are reserved.";
        }

        return null;
    }

    private static string? EndpointProblem(string endpoint)
    {
        if (endpoint.Length > 2048)
        {
            return "is longer than 2048 characters.";
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            return "is not an http(s) URL; use e.g. https://minio.example.com:9000, or omit it for AWS.";
        }

        return uri.UserInfo.Length > 0
            ? "holds credentials: remove them and name a Secret with accessKeyId and secretAccessKey in output.s3.secret instead."
            : null;
    }

    private static V1LocalObjectReference? SecretRef(string? secret) => OrNull(secret) is { } name ? new V1LocalObjectReference { Name = name } : null;

    private static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A URL as shown in a message: any user-info replaced, so a token pasted into it is not echoed back.</summary>
    private static string Shown(string url)
    {
        var trimmed = url.Trim();
        var scheme = trimmed.IndexOf("://", StringComparison.Ordinal);
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        var slash = scheme < 0 ? -1 : trimmed.IndexOf('/', scheme + 3);
        return scheme >= 0 && at > scheme && (slash < 0 || at < slash)
            ? string.Create(CultureInfo.InvariantCulture, $"{trimmed[..(scheme + 3)]}***@{trimmed[(at + 1)..]}")
            : trimmed;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//)\S+$")]
    private static partial Regex ScpLikeUrl();

    [GeneratedRegex(@"^[A-Za-z0-9._/-]+$")]
    private static partial Regex BranchCharacters();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    private static partial Regex BucketCharacters();

    [GeneratedRegex(@"^[a-z0-9-]{1,64}$")]
    private static partial Regex Region();
}
