namespace DynamoMcp.PackageDocs.Versions;

/// <summary>A comma-separated PEP 440 specifier set (<c>&lt;4,&gt;=3.2</c>); empty admits every final version.</summary>
public sealed class Pep440SpecifierSet
{
    private Pep440SpecifierSet(string text, IReadOnlyList<Pep440Specifier> clauses)
    {
        Text = text;
        Clauses = clauses;
    }

    public string Text { get; }
    public IReadOnlyList<Pep440Specifier> Clauses { get; }

    public static Pep440SpecifierSet Empty { get; } = new("", []);

    public static Pep440SpecifierSet Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        var clauses = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Pep440Specifier.Parse)
            .ToList();
        return new Pep440SpecifierSet(text.Trim(), clauses);
    }

    /// <summary>
    /// PEP 440: a pre-release matches only when asked for, or when a clause itself names a pre-release.
    /// </summary>
    public bool Contains(Pep440Version candidate, bool includePrereleases = false)
    {
        if (candidate.IsPrerelease && !includePrereleases && !Clauses.Any(c => c.MentionsPrerelease))
        {
            return false;
        }

        return Clauses.All(c => c.Contains(candidate));
    }

    public override string ToString() => Text;
}
