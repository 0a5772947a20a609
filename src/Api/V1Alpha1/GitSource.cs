using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A git repository holding the template.")]
public sealed class GitSource
{
    [JsonPropertyName("url")]
    [Description("Clone URL, https:// or ssh:// (for example https://github.com/cookiecutter/cookiecutter-django).")]
    [Required, MinLength(1), MaxLength(2048)]
    [RegularExpression("^(https?|ssh|git|file)://.+$|^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+$")]
    public string Url { get; set; } = "";

    [JsonPropertyName("ref")]
    [Description("Branch, tag or commit SHA to check out; the remote's default branch when empty. A branch or tag is re-resolved on every refresh.")]
    [MaxLength(256)]
    public string? Ref { get; set; }

    [JsonPropertyName("directory")]
    [Description("Sub-directory of the repository that holds cookiecutter.json, for repositories with several templates.")]
    [MaxLength(1024)]
    [RegularExpression("^[^/].*$")]
    public string? Directory { get; set; }

    [JsonPropertyName("secretRef")]
    [Description("Secret in the same namespace with git credentials: username/password (or a token as password) for https, identity and known_hosts for ssh. It is mounted only into this template's sandbox.")]
    public V1LocalObjectReference? SecretRef { get; set; }
}
