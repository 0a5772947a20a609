using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Git output: push the rendered project as a commit.")]
public sealed class GitOutput
{
    [JsonPropertyName("url")]
    [Description("Repository to push to.")]
    [Required, MinLength(1), MaxLength(2048)]
    public string Url { get; set; } = "";

    [JsonPropertyName("branch")]
    [Description("Branch to push to: a new commit on top of it when it exists; created (from baseBranch, or as a new history) when missing. main when empty.")]
    [MaxLength(256)]
    [RegularExpression(@"^[A-Za-z0-9._/-]+$")]
    public string? Branch { get; set; }

    [JsonPropertyName("baseBranch")]
    [Description("When branch does not exist yet: the existing branch it starts from (for example main, to open a pull request from branch). A new history when empty.")]
    [MaxLength(256)]
    [RegularExpression(@"^[A-Za-z0-9._/-]+$")]
    public string? BaseBranch { get; set; }

    [JsonPropertyName("path")]
    [Description("Directory inside the repository to write the project to; the root when empty.")]
    [MaxLength(1024)]
    public string? Path { get; set; }

    [JsonPropertyName("secretRef")]
    [Description("Secret with push credentials in the Scaffold's namespace: username and password (a token) for https, or ssh-privatekey (and known_hosts) for ssh. Mounted only in the push step.")]
    public V1LocalObjectReference? SecretRef { get; set; }
}
