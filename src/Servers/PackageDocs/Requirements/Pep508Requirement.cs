using System.Text.RegularExpressions;
using DynamoMcp.PackageDocs.Registry;
using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Requirements;

/// <summary>A PEP 508 requirement from <c>requires_dist</c>: <c>name[extras] specifiers ; marker</c>.</summary>
public sealed partial class Pep508Requirement
{
    private Pep508Requirement(string text, string name, IReadOnlyList<string> extras, Pep440SpecifierSet specifiers, string? url, Pep508Marker? marker)
    {
        Text = text;
        Name = name;
        Extras = extras;
        Specifiers = specifiers;
        Url = url;
        Marker = marker;
    }

    public string Text { get; }

    /// <summary>The name normalized per PEP 503 (<c>Django</c> → <c>django</c>).</summary>
    public string Name { get; }
    public IReadOnlyList<string> Extras { get; }
    public Pep440SpecifierSet Specifiers { get; }
    public string? Url { get; }
    public Pep508Marker? Marker { get; }

    public static Pep508Requirement Parse(string text)
    {
        var semicolon = FindMarkerSeparator(text);
        var head = semicolon < 0 ? text : text[..semicolon];
        var marker = semicolon < 0 ? null : Pep508Marker.Parse(text[(semicolon + 1)..]);
        var m = HeadPattern().Match(head.Trim());
        if (!m.Success)
        {
            throw new FormatException($"'{text}' is not a PEP 508 requirement (expected e.g. django>=4.2 or argon2-cffi; extra == \"argon2\").");
        }

        var extras = m.Groups["extras"].Success
            ? m.Groups["extras"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(PackageNames.NormalizePyPi).ToArray()
            : [];
        var spec = m.Groups["spec"].Value.Trim();
        if (spec.StartsWith('(') && spec.EndsWith(')'))
        {
            spec = spec[1..^1];
        }

        return new Pep508Requirement(
            text.Trim(),
            PackageNames.NormalizePyPi(m.Groups["name"].Value),
            extras,
            m.Groups["url"].Success ? Pep440SpecifierSet.Empty : Pep440SpecifierSet.Parse(spec),
            m.Groups["url"].Success ? m.Groups["url"].Value.Trim() : null,
            marker);
    }

    // A ';' inside a URL requirement ("name @ http://x;y ; marker") needs whitespace before it to start the marker.
    private static int FindMarkerSeparator(string text)
    {
        var at = text.IndexOf(" @ ", StringComparison.Ordinal);
        if (at < 0)
        {
            return text.IndexOf(';');
        }

        var i = text.IndexOf(" ;", at, StringComparison.Ordinal);
        return i < 0 ? -1 : i + 1;
    }

    public override string ToString() => Text;

    [GeneratedRegex(
        @"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[(?<extras>[^\]]*)\])?\s*(?:@\s*(?<url>\S+)|(?<spec>[^;]*))$",
        RegexOptions.CultureInvariant)]
    private static partial Regex HeadPattern();
}
