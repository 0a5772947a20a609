using System.Text.RegularExpressions;

namespace DynamoMcp.PackageDocs.Versions;

/// <summary>One PEP 440 version clause such as <c>&gt;=3.10</c>, <c>~=2.2</c>, <c>==5.*</c> or <c>!=4.5.5</c>.</summary>
public sealed partial class Pep440Specifier
{
    private Pep440Specifier(string op, string versionText, Pep440Version? version, bool wildcard)
    {
        Operator = op;
        VersionText = versionText;
        Version = version;
        Wildcard = wildcard;
    }

    public string Operator { get; }
    public string VersionText { get; }

    /// <summary>Null only for the arbitrary-equality operator <c>===</c>.</summary>
    public Pep440Version? Version { get; }
    public bool Wildcard { get; }

    public static Pep440Specifier Parse(string text)
    {
        var m = ClausePattern().Match(text.Trim());
        if (!m.Success)
        {
            throw new FormatException($"'{text}' is not a PEP 440 version clause (expected e.g. >=3.10, ~=2.2, ==5.*).");
        }

        var op = m.Groups["op"].Value;
        var v = m.Groups["version"].Value.Trim();
        if (op == "===")
        {
            return new Pep440Specifier(op, v, null, false);
        }

        var wildcard = v.EndsWith(".*", StringComparison.Ordinal);
        if (wildcard && op is not ("==" or "!="))
        {
            throw new FormatException($"'{text}': a trailing .* is only allowed with == and !=.");
        }

        var parsed = Pep440Version.Parse(wildcard ? v[..^2] : v);
        if (op == "~=" && parsed.Release.Count < 2)
        {
            throw new FormatException($"'{text}': ~= needs at least two release segments (e.g. ~=2.2).");
        }

        return new Pep440Specifier(op, v, parsed, wildcard);
    }

    /// <summary>Whether this clause names a pre-release, which lets pre-releases match (PEP 440).</summary>
    public bool MentionsPrerelease => Version is { IsPrerelease: true };

    public bool Contains(Pep440Version candidate)
    {
        if (Version is null)
        {
            return string.Equals(candidate.ToString(), VersionText, StringComparison.OrdinalIgnoreCase);
        }

        var v = Version;
        return Operator switch
        {
            "==" => Wildcard ? PrefixMatch(candidate, v) : Equal(candidate, v),
            "!=" => !(Wildcard ? PrefixMatch(candidate, v) : Equal(candidate, v)),
            ">=" => candidate.Public >= v,
            "<=" => candidate.Public <= v,
            "<" => candidate.Public < v && !(!v.IsPrerelease && candidate.IsPrerelease && SameBase(candidate, v)),
            ">" => candidate.Public > v
                && !(!v.IsPostRelease && candidate.IsPostRelease && SameBase(candidate, v))
                && !(candidate.Local is not null && candidate.Public == v),
            "~=" => candidate.Public >= v && PrefixMatch(candidate, Truncated(v)),
            _ => false,
        };
    }

    public override string ToString() => Operator + VersionText;

    private static bool Equal(Pep440Version candidate, Pep440Version v) =>
        v.Local is null ? candidate.Public == v : candidate == v;

    private static bool SameBase(Pep440Version a, Pep440Version b) => a.BaseVersion == b.BaseVersion;

    // ==5.1.* matches 5.1, 5.1.0, 5.1.4 and 5.1.0rc1: the candidate's release, padded, starts with the prefix.
    private static bool PrefixMatch(Pep440Version candidate, Pep440Version prefix)
    {
        if (candidate.Epoch != prefix.Epoch)
        {
            return false;
        }

        for (var i = 0; i < prefix.Release.Count; i++)
        {
            var c = i < candidate.Release.Count ? candidate.Release[i] : 0;
            if (c != prefix.Release[i])
            {
                return false;
            }
        }

        return true;
    }

    private static Pep440Version Truncated(Pep440Version v) =>
        Pep440Version.Parse((v.Epoch != 0 ? $"{v.Epoch}!" : "") + string.Join('.', v.Release.Take(v.Release.Count - 1)));

    [GeneratedRegex(@"^(?<op>===|~=|==|!=|<=|>=|<|>)\s*(?<version>[^\s,;]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ClausePattern();
}
