using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[Description("The update of an earlier Scaffold's project: a unified diff (git format) from the project it generated to the project this Scaffold generated. Apply it in the project with `git apply -3`.")]
public sealed class ScaffoldUpdateStatus
{
    [JsonPropertyName("from")]
    [Description("The Scaffold whose project the patch updates.")]
    [MaxLength(253)]
    public string From { get; set; } = "";

    [JsonPropertyName("fromRevision")]
    [Description("Template revision the earlier project was generated from (its .cruft.json commit).")]
    [MaxLength(128)]
    public string? FromRevision { get; set; }

    [JsonPropertyName("toRevision")]
    [Description("Template revision this Scaffold rendered.")]
    [MaxLength(128)]
    public string? ToRevision { get; set; }

    [JsonPropertyName("patchConfigMap")]
    [Description("The ConfigMap (owned by this Scaffold) holding the patch under the key `patch`.")]
    [MaxLength(253)]
    public string? PatchConfigMap { get; set; }

    [JsonPropertyName("patchSha256")]
    [Description("Lower-case hex SHA-256 of the patch.")]
    [MaxLength(64)]
    public string? PatchSha256 { get; set; }

    [JsonPropertyName("patchSize")]
    [Description("Size of the patch in bytes; 0 when nothing changed.")]
    public long? PatchSize { get; set; }

    [JsonPropertyName("filesChanged")]
    [Description("Number of files the patch adds, modifies or deletes.")]
    public int? FilesChanged { get; set; }

    [JsonPropertyName("linesAdded")]
    [Description("Lines the patch adds.")]
    public int? LinesAdded { get; set; }

    [JsonPropertyName("linesRemoved")]
    [Description("Lines the patch removes.")]
    public int? LinesRemoved { get; set; }

    [JsonPropertyName("files")]
    [Description("The changed files (the first 200).")]
    [ListType("atomic")]
    [MaxLength(200)]
    public IList<ScaffoldFileChange>? Files { get; set; }
}
