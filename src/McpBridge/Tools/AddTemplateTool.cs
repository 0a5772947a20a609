using System.ComponentModel;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.DynamicTools;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Templates;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class AddTemplateTool(TemplateService templates, CallerResolver callers, IOptions<BridgeOptions> options)
{
    [McpServerTool(Name = "add_template", Title = "Add a template", ReadOnly = false, Idempotent = false, Destructive = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Adds a cookiecutter template from a git repository or a zip/tar.gz archive URL (creates a CookiecutterTemplate). The operator then inspects it in a sandbox; with wait=true the call reports progress until the template is ready.")]
    public async Task<TemplateChangeResult> AddTemplate(
        RequestContext<CallToolRequestParams> context,
        [Description("Name for the template: lower-case letters, digits and '-', at most 63 characters.")] string name,
        [Description("Git URL of the repository holding the template (https://… or git@…). Give this or archiveUrl.")] string? gitUrl = null,
        [Description("Branch, tag or commit; empty for the repository's default branch (git only).")] string? gitRef = null,
        [Description("Sub-directory of the repository or archive that holds cookiecutter.json, if not the root.")] string? directory = null,
        [Description("What the template generates, shown by list_templates.")] string? description = null,
        [Description("Tags for list_templates filtering.")] string[]? tags = null,
        [Description("Wait until the operator has inspected the template (reports progress).")] bool wait = false,
        [Description(ToolText.Namespace)] string? @namespace = null,
        [Description("URL (http or https) of a zip or tar.gz archive holding the template, instead of gitUrl.")] string? archiveUrl = null,
        [Description("Expected SHA-256 of the archive (64 hex characters); the template fails when the download differs.")] string? archiveSha256 = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        ResourceNames.RequireValid(name, "template");
        var template = TemplateManifests.CookiecutterTemplate(ns, name, Source(gitUrl, gitRef, archiveUrl, archiveSha256, directory), description, tags);
        await templates.AddAsync(caller, template, cancellationToken).ConfigureAwait(false);
        if (!wait)
        {
            return new TemplateChangeResult(name, ns, false, "created", "The operator is inspecting it; call get_template_variables to see when it is ready.");
        }

        var done = await ResourceWaiter.WaitAsync(
            templates.Cache, ns, name, ObserveTemplate, ProgressSink.For(context), options.Value.WaitDeadline, cancellationToken).ConfigureAwait(false);
        var view = templates.Cache.Get(ns, name) is { } r ? TemplateView.From(r) : null;
        var ready = view?.Ready == true;
        var hint = ready
            ? $"Ready: call create_project with template '{name}', or the {ScaffoldToolName.For(name)} tool."
            : done ? "The operator could not inspect it; fix the source (URL, ref, directory) with remove_template and add_template."
            : "Still being inspected when the wait ended; call get_template_variables later.";
        return new TemplateChangeResult(name, ns, ready, view?.StatusMessage, hint);
    }

    /// <summary>spec.source from the arguments: exactly one of a git URL or an archive URL, each checked.</summary>
    private static TemplateSource Source(string? gitUrl, string? gitRef, string? archiveUrl, string? archiveSha256, string? directory)
    {
        var hasGit = !string.IsNullOrWhiteSpace(gitUrl);
        var hasArchive = !string.IsNullOrWhiteSpace(archiveUrl);
        if (hasGit == hasArchive)
        {
            throw new McpException(hasGit
                ? "Give gitUrl or archiveUrl, not both: a template comes from one source."
                : "Give the template's source: gitUrl (a git repository) or archiveUrl (a zip or tar.gz URL).");
        }

        if (hasGit)
        {
            if (!Uri.TryCreate(gitUrl, UriKind.Absolute, out _) && !gitUrl!.Contains('@', StringComparison.Ordinal))
            {
                throw new McpException($"'{gitUrl}' is not a git URL. Give an https:// URL or an scp-style address such as git@github.com:org/repo.git.");
            }

            if (!string.IsNullOrWhiteSpace(archiveSha256))
            {
                throw new McpException("archiveSha256 pins an archive; for a git repository pin a commit with gitRef instead.");
            }

            return TemplateManifests.GitSource(gitUrl!.Trim(), gitRef, directory);
        }

        if (!Uri.TryCreate(archiveUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new McpException($"'{archiveUrl}' is not an http(s) URL. Give the address of a .zip or .tar.gz file, e.g. https://github.com/org/repo/archive/refs/heads/main.zip.");
        }

        if (!string.IsNullOrWhiteSpace(gitRef))
        {
            throw new McpException("gitRef applies to git repositories; an archive is pinned with archiveSha256.");
        }

        var sha = archiveSha256?.Trim().ToLowerInvariant();
        if (sha is { Length: > 0 } && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit)))
        {
            throw new McpException($"archiveSha256 '{archiveSha256}' is not a SHA-256: give 64 hex characters (sha256sum prints them).");
        }

        return TemplateManifests.ArchiveSource(archiveUrl!.Trim(), string.IsNullOrEmpty(sha) ? null : sha, directory);
    }

    /// <summary>Done when Ready, or when the operator reports it Stalled (needs a spec change).</summary>
    private static (bool Done, ProgressNotificationValue? Progress) ObserveTemplate(CookiecutterTemplate? template)
    {
        if (template is null)
        {
            return (false, new ProgressNotificationValue { Progress = 0, Total = 2, Message = "Template created; waiting for the operator" });
        }

        var conditions = template.Status?.Conditions;
        var ready = conditions.Find(ConditionTypes.Ready);
        if (conditions.IsTrue(ConditionTypes.Ready))
        {
            return (true, new ProgressNotificationValue { Progress = 2, Total = 2, Message = "Ready" });
        }

        if (conditions.IsTrue(ConditionTypes.Stalled))
        {
            return (true, new ProgressNotificationValue { Progress = 2, Total = 2, Message = "Stalled: " + conditions.Find(ConditionTypes.Stalled)!.Message });
        }

        var reconciling = conditions.Find(ConditionTypes.Reconciling);
        return (false, new ProgressNotificationValue
        {
            Progress = conditions.IsTrue(ConditionTypes.Reconciling) ? 1 : 0,
            Total = 2,
            Message = reconciling?.Message ?? ready?.Message ?? "Waiting for the operator",
        });
    }
}
