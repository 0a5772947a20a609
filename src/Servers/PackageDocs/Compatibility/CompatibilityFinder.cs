using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Registry;
using DynamoMcp.PackageDocs.Versions;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Compatibility;

/// <summary>
/// Walks a package's releases newest first and returns the first one whose own metadata admits the query
/// (requires_python + requires_dist on PyPI; engines.node + peerDependencies on npm). PyPI per-version metadata
/// is read only for releases that pass requires_python.
/// </summary>
public sealed partial class CompatibilityFinder(PyPiClient pypi, NpmClient npm, ILogger<CompatibilityFinder> logger)
{
    /// <summary>How many rejected newer releases an answer lists.</summary>
    public const int RejectedShown = 5;

    public async Task<CompatibilityAnswer> FindAsync(CompatibilityQuery query, CancellationToken cancellationToken)
    {
        Validate(query);
        IPackageRegistryClient client = query.Ecosystem == Ecosystem.PyPi ? pypi : npm;
        var info = await client.GetPackageAsync(query.Package, cancellationToken);
        var candidates = Enumerable.Reverse(info.Releases)
            .Where(r => !r.Withdrawn && (query.IncludePrereleases || !r.IsPrerelease))
            .Take(query.MaxCandidates)
            .ToList();

        var rejected = new List<RejectedRelease>();
        var examined = 0;
        foreach (var candidate in candidates)
        {
            examined++;
            var checks = await CheckAsync(client, info, candidate, query, cancellationToken);
            var failed = checks.Where(c => !c.Admits).ToList();
            if (failed.Count == 0)
            {
                LogFound(logger, info.Name, candidate.Version, examined);
                return new CompatibilityAnswer(
                    query.Ecosystem, info.Name, candidate.Version, checks, rejected.Take(RejectedShown).ToList(), rejected.Count, examined,
                    Explain(info.Name, candidate.Version, checks, rejected.Count));
            }

            rejected.Add(new RejectedRelease(candidate.Version, failed));
        }

        var none = candidates.Count == 0
            ? $"{info.Name} has no {(query.IncludePrereleases ? "" : "final ")}release that is not yanked or deprecated."
            : $"None of the newest {examined} releases of {info.Name} fit {Describe(query)}; the newest was rejected because {rejected[0].Reason}.";
        return new CompatibilityAnswer(query.Ecosystem, info.Name, null, [], rejected.Take(RejectedShown).ToList(), rejected.Count, examined, none);
    }

    private static async Task<IReadOnlyList<CompatibilityCheck>> CheckAsync(
        IPackageRegistryClient client, PackageInfo info, PackageRelease candidate, CompatibilityQuery query, CancellationToken cancellationToken)
    {
        if (query.Ecosystem == Ecosystem.Npm)
        {
            return ReleaseCompatibility.CheckNpm(candidate, query);
        }

        // requires_python is in the project document; a release it rules out costs no request.
        if (ReleaseCompatibility.CheckPython(candidate, query.Python) is { Admits: false } python)
        {
            return [python];
        }

        var full = candidate.Dependencies is null ? await client.GetReleaseAsync(info.Name, candidate.Version, cancellationToken) : candidate;
        return ReleaseCompatibility.CheckPyPi(full, query);
    }

    private static string Explain(string package, string version, IReadOnlyList<CompatibilityCheck> checks, int rejected)
    {
        var why = checks.Count == 0 ? "nothing was asked of it" : string.Join("; ", checks.Select(c => c.Text));
        var newer = rejected == 0 ? "It is the newest release." : $"{rejected} newer release(s) were rejected.";
        return $"{package} {version}: {why}. {newer}";
    }

    private static string Describe(CompatibilityQuery q) =>
        string.Join(", ", q.With.Select(w => $"{w.Key} {w.Value}")
            .Concat(q.Python is null ? [] : [$"Python {q.Python}"])
            .Concat(q.Node is null ? [] : [$"Node {q.Node}"]));

    // Wrong versions in the question are the caller's to fix; say so before any request.
    private static void Validate(CompatibilityQuery query)
    {
        if (query.MaxCandidates < 1)
        {
            throw new ArgumentException($"MaxCandidates must be at least 1 (got {query.MaxCandidates}).", nameof(query));
        }

        if (query.Ecosystem == Ecosystem.PyPi)
        {
            if (query.Node is not null)
            {
                throw new ArgumentException("A Node version applies to npm packages; for PyPI give a Python version.", nameof(query));
            }

            foreach (var (name, version) in query.With.Append(new("Python", query.Python ?? "3")))
            {
                if (!Pep440Version.TryParse(version, out _))
                {
                    throw new ArgumentException($"The version given for {name}, '{version}', is not a PEP 440 version; use e.g. 5.1 or 3.12.", nameof(query));
                }
            }
        }
        else
        {
            if (query.Python is not null)
            {
                throw new ArgumentException("A Python version applies to PyPI packages; for npm give a Node version.", nameof(query));
            }

            foreach (var (name, version) in query.With.Append(new("Node", query.Node ?? "0.0.0")))
            {
                if (!SemVersion.TryParse(version, out _))
                {
                    throw new ArgumentException($"The version given for {name}, '{version}', is not an exact semver version; use e.g. 3.5.13 or 22.12.0.", nameof(query));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compatible {Package} {Version} found after examining {Examined} release(s)")]
    private static partial void LogFound(ILogger logger, string package, string version, int examined);
}
