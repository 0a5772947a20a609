namespace DynamoMcp.PackageDocs.Answers;

/// <summary>Where to read more about a package, from its own metadata, and its page on the registry's website.</summary>
public sealed record LinksAnswer(
    string Ecosystem,
    string Name,
    string? Summary,
    string? Homepage,
    string? Documentation,
    string? Changelog,
    string? Repository,
    string? Issues,
    string RegistryPage,
    AnswerFreshness Freshness);
