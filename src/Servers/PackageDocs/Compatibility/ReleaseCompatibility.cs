using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Registry;
using DynamoMcp.PackageDocs.Requirements;
using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Compatibility;

/// <summary>Pure checks of one release's own metadata against a query: no I/O, one list of checks out.</summary>
public static class ReleaseCompatibility
{
    /// <summary>Only requires_python, which PyPI's project document already has: lets the finder skip a per-version request.</summary>
    public static CompatibilityCheck? CheckPython(PackageRelease release, string? python)
    {
        if (python is null)
        {
            return null;
        }

        var target = $"Python {python}";
        if (release.RequiresPython is null)
        {
            return new(target, "requires_python", null, true, $"{target}: no requires_python, so any Python");
        }

        try
        {
            var admits = Pep440SpecifierSet.Parse(release.RequiresPython).Contains(Pep440Version.Parse(python), includePrereleases: true);
            return new(target, "requires_python", release.RequiresPython, admits,
                $"{target} {(admits ? "is admitted by" : "is outside")} requires_python {release.RequiresPython}");
        }
        catch (FormatException e)
        {
            return new(target, "requires_python", release.RequiresPython, false, $"{target}: unreadable requires_python ({e.Message})");
        }
    }

    /// <summary>Every check for a PyPI release whose <see cref="PackageRelease.Dependencies"/> are loaded.</summary>
    public static IReadOnlyList<CompatibilityCheck> CheckPyPi(PackageRelease release, CompatibilityQuery query)
    {
        var checks = new List<CompatibilityCheck>();
        if (CheckPython(release, query.Python) is { } py)
        {
            checks.Add(py);
        }

        var environment = MarkerEnvironment.ForPython(query.Python);
        var requirements = (release.Dependencies ?? []).Select(d => TryParse(d.Specifier)).OfType<Pep508Requirement>().ToList();
        foreach (var (rawName, version) in query.With)
        {
            var name = PackageNames.NormalizePyPi(rawName);
            var target = $"{name} {version}";
            var wanted = Pep440Version.Parse(version);
            var onTarget = requirements.Where(r => r.Name == name).ToList();
            var applicable = onTarget.Where(r => r.Marker is null || r.Marker.Evaluate(environment) != false).ToList();
            var ignored = onTarget.Except(applicable).Select(r => $"'{r.Text}'").ToList();
            var ignoredNote = ignored.Count > 0 ? $" (ignored, its marker does not hold: {string.Join(", ", ignored)})" : "";
            if (applicable.Count == 0)
            {
                checks.Add(new(target, "requires_dist", null, true, $"{target}: no requirement on {name}{ignoredNote}"));
                continue;
            }

            foreach (var r in applicable)
            {
                var admits = r.Url is not null || r.Specifiers.Contains(wanted, includePrereleases: true);
                var uncertain = r.Marker is not null && r.Marker.Evaluate(environment) is null ? " (its marker may hold on some platforms)" : "";
                checks.Add(new(target, "requires_dist", r.Text, admits,
                    $"{target} {(admits ? "is admitted by" : "is outside")} requires_dist '{r.Text}'{uncertain}{ignoredNote}"));
            }
        }

        return checks;
    }

    /// <summary>Every check for an npm release: engines.node and the peer (then runtime) dependencies on each named package.</summary>
    public static IReadOnlyList<CompatibilityCheck> CheckNpm(PackageRelease release, CompatibilityQuery query)
    {
        var checks = new List<CompatibilityCheck>();
        if (query.Node is not null)
        {
            var target = $"Node {query.Node}";
            checks.Add(release.RequiresNode is null
                ? new(target, "engines.node", null, true, $"{target}: no engines.node, so any Node")
                : Range(target, "engines.node", release.RequiresNode, query.Node));
        }

        foreach (var (name, version) in query.With)
        {
            var target = $"{name} {version}";
            var deps = (release.Dependencies ?? [])
                .Where(d => d.Name == name)
                .OrderBy(d => d.Kind == DependencyKind.Runtime)
                .ToList();
            if (deps.Count == 0)
            {
                checks.Add(new(target, "peerDependencies", null, true, $"{target}: no dependency on {name}"));
                continue;
            }

            foreach (var d in deps)
            {
                var source = d.Kind == DependencyKind.Runtime ? "dependencies" : "peerDependencies";
                checks.Add(Range(target, source, d.Specifier, version));
            }
        }

        return checks;
    }

    private static CompatibilityCheck Range(string target, string source, string range, string version)
    {
        if (!SemverRange.TryParse(range, out var parsed, out var error))
        {
            return new(target, source, range, false, $"{target}: {source} '{range}' is not a semver range ({error})");
        }

        var admits = parsed.IsSatisfiedBy(SemVersion.Parse(version));
        return new(target, source, range, admits, $"{target} {(admits ? "is admitted by" : "is outside")} {source} '{range}'");
    }

    private static Pep508Requirement? TryParse(string text)
    {
        try
        {
            return Pep508Requirement.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
