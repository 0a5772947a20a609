using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamoMcp.PackageDocs.Versions;

/// <summary>A PEP 440 version, normalized on parse (<c>1.0RC1</c> equals <c>1.0rc1</c>), ordered as pip orders it.</summary>
public sealed partial class Pep440Version : IComparable<Pep440Version>, IEquatable<Pep440Version>
{
    private Pep440Version(int epoch, int[] release, string? preLabel, int preNumber, int? post, int? dev, string? local)
    {
        Epoch = epoch;
        Release = release;
        PreLabel = preLabel;
        PreNumber = preNumber;
        Post = post;
        Dev = dev;
        Local = local;
    }

    public int Epoch { get; }
    public IReadOnlyList<int> Release { get; }

    /// <summary><c>a</c>, <c>b</c> or <c>rc</c>; null for none.</summary>
    public string? PreLabel { get; }
    public int PreNumber { get; }
    public int? Post { get; }
    public int? Dev { get; }
    public string? Local { get; }

    public bool IsPrerelease => PreLabel is not null || Dev is not null;
    public bool IsPostRelease => Post is not null;

    public static Pep440Version Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new FormatException($"'{text}' is not a PEP 440 version (expected e.g. 5.1, 2.0.1rc1, 1!2.0.post1).");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Pep440Version? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var m = VersionPattern().Match(text.Trim());
        if (!m.Success)
        {
            return false;
        }

        var epoch = m.Groups["epoch"].Success ? int.Parse(m.Groups["epoch"].Value, CultureInfo.InvariantCulture) : 0;
        var release = m.Groups["release"].Value.Split('.').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        string? preLabel = null;
        var preNumber = 0;
        if (m.Groups["pre_l"].Success)
        {
            preLabel = m.Groups["pre_l"].Value.ToLowerInvariant() switch
            {
                "a" or "alpha" => "a",
                "b" or "beta" => "b",
                _ => "rc", // c, rc, pre, preview
            };
            preNumber = m.Groups["pre_n"].Success ? int.Parse(m.Groups["pre_n"].Value, CultureInfo.InvariantCulture) : 0;
        }

        int? post = m.Groups["post_n1"].Success ? int.Parse(m.Groups["post_n1"].Value, CultureInfo.InvariantCulture)
            : m.Groups["post_l"].Success ? (m.Groups["post_n2"].Success ? int.Parse(m.Groups["post_n2"].Value, CultureInfo.InvariantCulture) : 0)
            : null;
        int? dev = m.Groups["dev_l"].Success
            ? (m.Groups["dev_n"].Success ? int.Parse(m.Groups["dev_n"].Value, CultureInfo.InvariantCulture) : 0)
            : null;
        var local = m.Groups["local"].Success ? m.Groups["local"].Value.ToLowerInvariant().Replace('-', '.').Replace('_', '.') : null;
        version = new Pep440Version(epoch, release, preLabel, preNumber, post, dev, local);
        return true;
    }

    /// <summary>The version without pre, post, dev and local parts (<c>5.2rc1</c> → <c>5.2</c>).</summary>
    public Pep440Version BaseVersion => new(Epoch, [.. Release], null, 0, null, null, null);

    /// <summary>The version without its local part.</summary>
    public Pep440Version Public => Local is null ? this : new(Epoch, [.. Release], PreLabel, PreNumber, Post, Dev, null);

    public int CompareTo(Pep440Version? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Epoch.CompareTo(other.Epoch);
        if (c != 0)
        {
            return c;
        }

        c = CompareRelease(Release, other.Release);
        if (c != 0)
        {
            return c;
        }

        c = PreKey().CompareTo(other.PreKey());
        if (c != 0)
        {
            return c;
        }

        c = (Post ?? -1).CompareTo(other.Post ?? -1);
        if (c != 0)
        {
            return c;
        }

        c = (Dev ?? int.MaxValue).CompareTo(other.Dev ?? int.MaxValue);
        if (c != 0)
        {
            return c;
        }

        return CompareLocal(Local, other.Local);
    }

    /// <summary>Compares release segments as if the shorter were padded with zeros (<c>5.1</c> == <c>5.1.0</c>).</summary>
    internal static int CompareRelease(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var c = (i < a.Count ? a[i] : 0).CompareTo(i < b.Count ? b[i] : 0);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    // A dev release of a final (1.0.dev1) sorts before its pre-releases (1.0a1); a final sorts after them all.
    private (int Label, int Number) PreKey() =>
        PreLabel switch
        {
            null when Post is null && Dev is not null => (-1, 0),
            null => (int.MaxValue, 0),
            "a" => (0, PreNumber),
            "b" => (1, PreNumber),
            _ => (2, PreNumber),
        };

    private static int CompareLocal(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        }

        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var xn = int.TryParse(x[i], NumberStyles.None, CultureInfo.InvariantCulture, out var xi);
            var yn = int.TryParse(y[i], NumberStyles.None, CultureInfo.InvariantCulture, out var yi);
            var c = (xn, yn) switch
            {
                (true, true) => xi.CompareTo(yi),
                (true, false) => 1,
                (false, true) => -1,
                _ => string.CompareOrdinal(x[i], y[i]),
            };
            if (c != 0)
            {
                return c;
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    public bool Equals(Pep440Version? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is Pep440Version v && Equals(v);

    public override int GetHashCode()
    {
        var trimmed = Release.Reverse().SkipWhile(r => r == 0).Reverse();
        var hash = new HashCode();
        hash.Add(Epoch);
        foreach (var r in trimmed)
        {
            hash.Add(r);
        }

        hash.Add(PreLabel);
        hash.Add(PreNumber);
        hash.Add(Post);
        hash.Add(Dev);
        hash.Add(Local);
        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var s = (Epoch != 0 ? $"{Epoch}!" : "") + string.Join('.', Release);
        if (PreLabel is not null)
        {
            s += PreLabel + PreNumber.ToString(CultureInfo.InvariantCulture);
        }

        if (Post is not null)
        {
            s += ".post" + Post.Value.ToString(CultureInfo.InvariantCulture);
        }

        if (Dev is not null)
        {
            s += ".dev" + Dev.Value.ToString(CultureInfo.InvariantCulture);
        }

        return Local is null ? s : s + "+" + Local;
    }

    public static bool operator <(Pep440Version a, Pep440Version b) => a.CompareTo(b) < 0;
    public static bool operator >(Pep440Version a, Pep440Version b) => a.CompareTo(b) > 0;
    public static bool operator <=(Pep440Version a, Pep440Version b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Pep440Version a, Pep440Version b) => a.CompareTo(b) >= 0;
    public static bool operator ==(Pep440Version? a, Pep440Version? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Pep440Version? a, Pep440Version? b) => !(a == b);

    // The regular expression of PEP 440's appendix B.
    [GeneratedRegex(
        @"^v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)" +
        @"(?:[-_.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pre_n>[0-9]+)?)?" +
        @"(?:-(?<post_n1>[0-9]+)|[-_.]?(?<post_l>post|rev|r)[-_.]?(?<post_n2>[0-9]+)?)?" +
        @"(?:[-_.]?(?<dev_l>dev)[-_.]?(?<dev_n>[0-9]+)?)?" +
        @"(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
