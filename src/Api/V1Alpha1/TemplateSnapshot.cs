using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A snapshot of the template's files at one revision, handed back by the inspect Job and stored by the operator as ConfigMap chunks owned by the template (the layout of a Scaffold's inline result). Render Jobs render from it with no network and no credentials.")]
public sealed class TemplateSnapshot
{
    [JsonPropertyName("revision")]
    [Description("Commit SHA (git) or archive SHA-256 the snapshot holds.")]
    [Required, MaxLength(128)]
    public string Revision { get; set; } = "";

    [JsonPropertyName("ref")]
    [Description("The branch or tag the revision was resolved from, when known.")]
    [MaxLength(256)]
    public string? Ref { get; set; }

    [JsonPropertyName("sha256")]
    [Description("Lower-case hex SHA-256 of the snapshot archive (tar.gz of the template folder); readers verify it.")]
    [MaxLength(64)]
    public string Sha256 { get; set; } = "";

    [JsonPropertyName("size")]
    [Description("Size of the snapshot archive in bytes.")]
    public long Size { get; set; }

    [JsonPropertyName("files")]
    [Description("Number of files in the snapshot.")]
    public int? Files { get; set; }

    [JsonPropertyName("configMaps")]
    [Description("The ConfigMaps holding the archive's chunks, in order.")]
    [ListType("atomic")]
    [MaxLength(64)]
    public IList<string> ConfigMaps { get; set; } = [];

    [JsonPropertyName("inspectedAt")]
    [Description("When the inspection that took the snapshot finished.")]
    public DateTime? InspectedAt { get; set; }
}
