using DynamoMcp.PackageDocs.Compatibility;

namespace DynamoMcp.PackageDocs.Answers;

/// <summary>What <c>find_compatible_versions</c> answers: the finder's answer and how current it is.</summary>
public sealed record CompatibleVersionsAnswer(CompatibilityAnswer Answer, AnswerFreshness Freshness);
