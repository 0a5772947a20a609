using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamoMcp.PackageDocs.Versions;

/// <summary>A semantic version as npm reads it (a leading <c>v</c> or <c>=</c> is tolerated); build metadata is ignored in ordering.</summary>
public sealed partial class SemVersion : IComparable<SemVersion>, IEquatable<SemVersion>
{
    public SemVersion(long major, long minor, long patch, IReadOnlyList<string>? prerelease = null, string? build = null)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease ?? [];
        Build = build;
    }

    public long Major { get; }
    public long Minor { get; }
    public long Patch { get; }
    public IReadOnlyList<string> Prerelease { get; }
    public string? Build { get; }

    public bool IsPrerelease => Prerelease.Count > 0;

    public static SemVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a semantic version (expected e.g. 3.5.13 or 3.6.0-rc.1).");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SemVersion? version)
    {
        version = null;
        if (text is null)
        {
            return false;
        }

        var m = Pattern().Match(text.Trim());
        if (!m.Success)
        {
            return false;
        }

        if (!long.TryParse(m.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !long.TryParse(m.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !long.TryParse(m.Groups["patch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }

        var pre = m.Groups["pre"].Success ? m.Groups["pre"].Value.Split('.') : [];
        version = new SemVersion(major, minor, patch, pre, m.Groups["build"].Success ? m.Groups["build"].Value : null);
        return true;
    }

    public bool SameTuple(SemVersion other) => Major == other.Major && Minor == other.Minor && Patch == other.Patch;

    public int CompareTo(SemVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Patch.CompareTo(other.Patch);
        }

        if (c != 0)
        {
            return c;
        }

        // A version without prerelease identifiers has higher precedence (1.0.0-rc.1 < 1.0.0).
        if (Prerelease.Count == 0 || other.Prerelease.Count == 0)
        {
            return other.Prerelease.Count.CompareTo(0) - Prerelease.Count.CompareTo(0);
        }

        for (var i = 0; i < Math.Min(Prerelease.Count, other.Prerelease.Count); i++)
        {
            c = CompareIdentifier(Prerelease[i], other.Prerelease[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return Prerelease.Count.CompareTo(other.Prerelease.Count);
    }

    private static int CompareIdentifier(string a, string b)
    {
        var an = long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var ai);
        var bn = long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var bi);
        return (an, bn) switch
        {
            (true, true) => ai.CompareTo(bi),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(a, b),
        };
    }

    public bool Equals(SemVersion? other) => other is not null && CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is SemVersion v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', Prerelease));

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (IsPrerelease ? "-" + string.Join('.', Prerelease) : "") + (Build is null ? "" : "+" + Build);

    public static bool operator <(SemVersion a, SemVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(SemVersion a, SemVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(SemVersion a, SemVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SemVersion a, SemVersion b) => a.CompareTo(b) >= 0;
    public static bool operator ==(SemVersion? a, SemVersion? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(SemVersion? a, SemVersion? b) => !(a == b);

    [GeneratedRegex(
        @"^[v=]?\s*(?<major>0|[1-9][0-9]*)\.(?<minor>0|[1-9][0-9]*)\.(?<patch>0|[1-9][0-9]*)" +
        @"(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+(?<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
