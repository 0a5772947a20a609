using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamoMcp.PackageDocs.Versions;

/// <summary>
/// An npm semver range (<c>^3.2.0</c>, <c>~1.2</c>, <c>&gt;=1 &lt;2</c>, <c>1.x || 2.x</c>, <c>1.2.3 - 2.3</c>), desugared the way
/// node-semver does it into sets of comparators; a version satisfies the range when it satisfies every comparator of one set.
/// </summary>
public sealed partial class SemverRange
{
    private SemverRange(string text, IReadOnlyList<IReadOnlyList<SemverComparator>> sets)
    {
        Text = text;
        Sets = sets;
    }

    public string Text { get; }

    /// <summary>The alternatives (split on <c>||</c>); an empty alternative admits nothing (e.g. <c>&lt;0.0.0-0</c>).</summary>
    public IReadOnlyList<IReadOnlyList<SemverComparator>> Sets { get; }

    public static SemverRange Parse(string text) =>
        TryParse(text, out var range, out var error) ? range : throw new FormatException(error);

    public static bool TryParse(
        string? text,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SemverRange? range,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        range = null;
        error = null;
        text ??= "";
        var sets = new List<IReadOnlyList<SemverComparator>>();
        foreach (var alternative in text.Split("||"))
        {
            var set = ParseSet(alternative.Trim(), out error);
            if (set is null)
            {
                error = $"'{text}' is not an npm version range: {error}";
                return false;
            }

            sets.Add(set);
        }

        range = new SemverRange(text.Trim(), sets);
        return true;
    }

    /// <summary>
    /// node-semver's rule: a pre-release satisfies a set only if some comparator in it names a pre-release of the same
    /// major.minor.patch (so <c>^3.6.0-rc.10</c> admits <c>3.6.0-rc.15</c>, but <c>^3.2.25</c> does not admit <c>3.6.0-rc.15</c>).
    /// </summary>
    public bool IsSatisfiedBy(SemVersion version, bool includePrerelease = false)
    {
        foreach (var set in Sets)
        {
            if (set.Count == 0 || !set.All(c => c.Matches(version)))
            {
                continue;
            }

            if (!version.IsPrerelease || includePrerelease
                || set.Any(c => c.Version.IsPrerelease && c.Version.SameTuple(version)))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Text;

    private static List<SemverComparator>? ParseSet(string text, out string? error)
    {
        error = null;
        text = OperatorSpace().Replace(text, "$1");
        var hyphen = HyphenPattern().Match(text);
        if (hyphen.Success)
        {
            var from = Partial.TryParse(hyphen.Groups[1].Value);
            var to = Partial.TryParse(hyphen.Groups[2].Value);
            if (from is null || to is null)
            {
                error = $"'{text}' is not a hyphen range (expected e.g. 1.2.3 - 2.3.4).";
                return null;
            }

            var result = new List<SemverComparator>();
            if (from.Major is not null)
            {
                result.Add(new(">=", from.Floor()));
            }

            if (to.Major is not null)
            {
                result.Add(to.IsFull ? new("<=", to.ToVersion()) : new("<", to.NextCeiling()));
            }

            return result;
        }

        var comparators = new List<SemverComparator>();
        if (text.Length == 0)
        {
            comparators.Add(new(">=", Zero)); // "" means *
        }

        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!AddToken(token, comparators))
            {
                error = $"'{token}' is not a comparator (expected e.g. ^1.2.3, ~1.2, >=1.0.0, 1.x, *).";
                return null;
            }
        }

        return comparators;
    }

    private static bool AddToken(string token, List<SemverComparator> into)
    {
        var m = TokenPattern().Match(token);
        if (!m.Success)
        {
            return false;
        }

        var op = m.Groups["op"].Value;
        var p = Partial.TryParse(m.Groups["v"].Value);
        if (p is null)
        {
            return false;
        }

        switch (op)
        {
            case "^":
                if (p.Major is null)
                {
                    into.Add(new(">=", Zero));
                    return true;
                }

                into.Add(new(">=", p.Floor()));
                into.Add(new("<", CaretCeiling(p)));
                return true;
            case "~" or "~>":
                if (p.Major is null)
                {
                    into.Add(new(">=", Zero));
                    return true;
                }

                into.Add(new(">=", p.Floor()));
                into.Add(new("<", p.Minor is null ? Ceiling(p.Major.Value + 1, 0, 0) : Ceiling(p.Major.Value, p.Minor.Value + 1, 0)));
                return true;
            case "" or "=":
                if (p.Major is null)
                {
                    into.Add(new(">=", Zero));
                }
                else if (p.IsFull)
                {
                    into.Add(new("=", p.ToVersion()));
                }
                else
                {
                    into.Add(new(">=", p.Floor()));
                    into.Add(new("<", p.NextCeiling()));
                }

                return true;
            case ">=":
                into.Add(new(">=", p.Major is null ? Zero : p.Floor()));
                return true;
            case ">":
                if (p.Major is null)
                {
                    into.Add(new("<", Zero)); // >* admits nothing
                }
                else
                {
                    into.Add(p.IsFull ? new(">", p.ToVersion()) : new(">=", p.NextFloor()));
                }

                return true;
            case "<":
                into.Add(new("<", p.Major is null ? Zero : p.IsFull ? p.ToVersion() : Ceiling(p.Floor())));
                return true;
            case "<=":
                if (p.Major is null)
                {
                    into.Add(new(">=", Zero));
                }
                else
                {
                    into.Add(p.IsFull ? new("<=", p.ToVersion()) : new("<", p.NextCeiling()));
                }

                return true;
            default:
                return false;
        }
    }

    private static readonly SemVersion Zero = new(0, 0, 0, ["0"]);

    private static SemVersion Ceiling(long major, long minor, long patch) => new(major, minor, patch, ["0"]);

    private static SemVersion Ceiling(SemVersion v) => new(v.Major, v.Minor, v.Patch, ["0"]);

    // ^1.2.3 → <2.0.0-0, ^0.2.3 → <0.3.0-0, ^0.0.3 → <0.0.4-0, ^0.0 → <0.1.0-0, ^0.x → <1.0.0-0.
    private static SemVersion CaretCeiling(Partial p)
    {
        var major = p.Major!.Value;
        if (major != 0 || p.Minor is null)
        {
            return Ceiling(major + 1, 0, 0);
        }

        if (p.Minor != 0 || p.Patch is null)
        {
            return Ceiling(0, p.Minor.Value + 1, 0);
        }

        return Ceiling(0, 0, p.Patch.Value + 1);
    }

    /// <summary>A version with possibly missing (x, X, *) parts: <c>1</c>, <c>1.2</c>, <c>1.2.x</c>, <c>*</c>.</summary>
    private sealed record Partial(long? Major, long? Minor, long? Patch, IReadOnlyList<string> Pre)
    {
        public bool IsFull => Patch is not null;

        public static Partial? TryParse(string text)
        {
            var m = PartialPattern().Match(text);
            if (!m.Success)
            {
                return null;
            }

            long? Part(string name) =>
                m.Groups[name].Success && !IsWild(m.Groups[name].Value)
                    ? long.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture)
                    : null;

            var major = Part("major");
            var minor = major is null ? null : Part("minor");
            var patch = minor is null ? null : Part("patch");
            var pre = patch is not null && m.Groups["pre"].Success ? m.Groups["pre"].Value.Split('.') : [];
            return new Partial(major, minor, patch, pre);
        }

        private static bool IsWild(string s) => s is "x" or "X" or "*";

        public SemVersion ToVersion() => new(Major!.Value, Minor!.Value, Patch!.Value, Pre);

        public SemVersion Floor() => new(Major ?? 0, Minor ?? 0, Patch ?? 0, IsFull ? Pre : []);

        // The first version above every version this partial names: 1.2 → 1.3.0-0, 1 → 2.0.0-0.
        public SemVersion NextCeiling() => Minor is null ? Ceiling(Major!.Value + 1, 0, 0) : Ceiling(Major!.Value, Minor.Value + 1, 0);

        public SemVersion NextFloor() => Minor is null ? new(Major!.Value + 1, 0, 0) : new(Major!.Value, Minor.Value + 1, 0);
    }

    [GeneratedRegex(@"(\^|~>?|>=|<=|>|<|=)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex OperatorSpace();

    [GeneratedRegex(@"^(\S+)\s+-\s+(\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex HyphenPattern();

    [GeneratedRegex(@"^(?<op>\^|~>|~|>=|<=|>|<|=)?(?<v>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(
        @"^v?(?<major>0|[1-9][0-9]*|x|X|\*)(?:\.(?<minor>0|[1-9][0-9]*|x|X|\*)(?:\.(?<patch>0|[1-9][0-9]*|x|X|\*)" +
        @"(?:-?(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex PartialPattern();
}
