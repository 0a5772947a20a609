namespace DynamoMcp.Operator.Templates;

/// <summary>The template's files at the inspected revision as the inspect Job handed them back (tar.gz), verified against its SHA-256.</summary>
public sealed record InspectedSnapshot(byte[] Archive, string Sha256, int? Files);
