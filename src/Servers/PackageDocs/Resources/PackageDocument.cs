using DynamoMcp.PackageDocs.Answers;

namespace DynamoMcp.PackageDocs.Resources;

/// <summary>What a package resource reads as: the latest versions, the release history and the links, in one document.</summary>
public sealed record PackageDocument(VersionsAnswer Versions, ReleaseHistoryAnswer History, LinksAnswer Links);
