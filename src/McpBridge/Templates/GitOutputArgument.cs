using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>create_project's <c>output.git</c>.</summary>
[Description("Git output: the project is pushed as a commit.")]
public sealed record GitOutputArgument(
    [property: JsonPropertyName("url"), Description("Repository to push to: https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git. No credentials in the URL: name a Secret in 'secret'.")] string? Url = null,
    [property: JsonPropertyName("branch"), Description("Branch to push to (main when empty); created when missing.")] string? Branch = null,
    [property: JsonPropertyName("baseBranch"), Description("When the branch does not exist yet: the existing branch it starts from (e.g. main, to open a pull request); a new history when empty.")] string? BaseBranch = null,
    [property: JsonPropertyName("path"), Description("Directory inside the repository to write the project to; the root when empty.")] string? Path = null,
    [property: JsonPropertyName("secret"), Description("Name of a Secret in the namespace with the push credentials (username + password/token for https, ssh-privatekey for ssh). The bridge does not read it.")] string? Secret = null);
