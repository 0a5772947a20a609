using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// update_project and check_project_update: whether a project's template moved on, and an update Scaffold
/// (spec.updateFrom) whose patch comes back verified. Everything that can be checked before a Scaffold exists is.
/// </summary>
public sealed partial class ProjectUpdateService(
    ProjectService projects,
    TemplateService templates,
    BridgeCaches caches,
    KubernetesClients clients,
    ProjectPatchReader patches,
    IOptions<BridgeOptions> options)
{
    public async Task<ProjectUpdateResult> UpdateAsync(
        BridgeIdentity caller,
        string @namespace,
        string project,
        string? templateName,
        string? revision,
        JsonObject? changes,
        string? updateName,
        bool wait,
        ProgressSink progress,
        CancellationToken cancellationToken)
    {
        var earlier = await RequireGeneratedAsync(caller, @namespace, project, "updated", creates: true, cancellationToken).ConfigureAwait(false);
        var template = await RequireTemplateAsync(caller, @namespace, earlier, templateName, creates: true, cancellationToken).ConfigureAwait(false);
        if (earlier.Status?.Artifact?.Names is not { Count: > 0 })
        {
            throw new McpException(
                $"Project '{project}' cannot be updated: its files are no longer stored in the cluster (the update diffs against them). Nothing was created. Create the project again with create_project.");
        }

        revision = string.IsNullOrWhiteSpace(revision) ? null : revision.Trim();
        if (revision is not null)
        {
            CheckRevision(template, revision);
        }

        changes ??= [];
        var merged = earlier.Spec?.Variables is { } given ? FreeForm.ToJsonObject(given) : [];
        foreach (var (key, value) in changes)
        {
            merged[key] = value?.DeepClone();
        }

        var problems = VariableCheck.Problems(template, merged);
        if (problems.Count > 0)
        {
            throw new McpException(
                $"The variables of the update do not fit template '{template.Name}' (project '{project}''s variables overlaid by yours); nothing was created. Problems:\n- {string.Join("\n- ", problems)}\nCall get_template_variables for the variables, their types and allowed values.");
        }

        var name = updateName is null ? ResourceNames.Generate(project) : ResourceNames.RequireValid(updateName, "project");
        var created = await KubernetesErrors.Call(
            () => clients.Resources<Scaffold>(caller).CreateAsync(
                TemplateManifests.UpdateScaffold(@namespace, name, template.Name, project, revision, changes, caller.Name), cancellationToken),
            $"create update '{name}' of project '{project}'",
            @namespace,
            caller.Name).ConfigureAwait(false);

        var finished = wait && await ResourceWaiter.WaitAsync(
            caches.Scaffolds, @namespace, name, ProjectService.ObserveScaffold, progress, options.Value.WaitDeadline, cancellationToken).ConfigureAwait(false);
        var scaffold = caches.Scaffolds.Get(@namespace, name) ?? created;
        return await ResultAsync(scaffold, project, waitedOut: wait && !finished, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProjectUpdateCheckResult> CheckAsync(BridgeIdentity caller, string @namespace, string project, CancellationToken cancellationToken)
    {
        var earlier = await RequireGeneratedAsync(caller, @namespace, project, "checked for updates", creates: false, cancellationToken).ConfigureAwait(false);
        var template = await RequireTemplateAsync(caller, @namespace, earlier, null, creates: false, cancellationToken).ConfigureAwait(false);
        var projectRevision = earlier.Status?.Revision
            ?? throw new McpException($"Project '{project}' records no template revision (status.revision), so it cannot be compared with its template. Create the project again with create_project.");
        var current = template.ResolvedRevision
            ?? throw new McpException($"Template '{template.Name}' records no current revision yet. Retry once it is Ready (get_template_variables shows its state).");
        var upToDate = string.Equals(projectRevision, current, StringComparison.OrdinalIgnoreCase);
        var newer = upToDate ? [] : TemplateSnapshots.NewerThan(template.Snapshots, projectRevision);
        var templateRef = template.Snapshots.FirstOrDefault(s => string.Equals(s.Revision, current, StringComparison.OrdinalIgnoreCase))?.Ref ?? template.Ref;
        var hint = upToDate
            ? $"Project '{project}' is up to date with template '{template.Name}' (revision {current}). update_project with changed variables still regenerates it and returns the patch."
            : $"Template '{template.Name}' moved on from {projectRevision} to {current}. Call update_project with project '{project}' for a patch to the current revision"
                + (newer.Count > 1 ? ", or with ref set to one of the newer revisions listed." : ".");
        return new ProjectUpdateCheckResult(
            project,
            @namespace,
            template.Name,
            projectRevision,
            current,
            templateRef,
            upToDate,
            [.. newer.Select(TemplateSnapshotInfo.From)],
            hint);
    }

    private async Task<ProjectUpdateResult> ResultAsync(Scaffold scaffold, string project, bool waitedOut, CancellationToken cancellationToken)
    {
        var name = scaffold.Metadata.Name;
        var phase = ProjectResult.PhaseOf(scaffold);
        var update = scaffold.Status?.Update;
        if (phase == ScaffoldPhase.Failed)
        {
            throw new McpException(
                $"Updating project '{project}' failed (Scaffold '{name}'): {scaffold.Status?.Message ?? "the operator gave no reason"}. " +
                "Fix the cause (often a variable value or the ref) and call update_project again; get_project_status shows the failed update.");
        }

        ProjectPatch? patch = null;
        string hint;
        string? apply = null;
        if (phase == ScaffoldPhase.Succeeded)
        {
            patch = await patches.ReadAsync(scaffold, cancellationToken).ConfigureAwait(false);
            var whole = update?.PatchConfigMap is { } configMap
                ? $"kubectl get configmap {configMap} -n {scaffold.Metadata.NamespaceProperty} -o jsonpath='{{.data.patch}}' > update.patch"
                : null;
            if (patch.Size == 0)
            {
                hint = $"Nothing changed between revision {update?.FromRevision} and {update?.ToRevision} with these variables: there is nothing to apply.";
            }
            else
            {
                apply = "Save the patch to a file, e.g. update.patch, and apply it in your project with `git apply -3 update.patch`; where your changes and the template's meet, git leaves conflict markers to resolve.";
                hint = patch.Truncated
                    ? $"The patch is {patch.Size} bytes; only its first {System.Text.Encoding.UTF8.GetByteCount(patch.Text)} bytes (whole lines) are in this result. Get it whole with `{whole}`. " +
                      $"The updated project's own files are in get_project_files / read_project_file and the scaffolds://{scaffold.Metadata.NamespaceProperty}/{name}/archive resource."
                    : $"The updated project's own files are in get_project_files / read_project_file with name '{name}'.";
            }
        }
        else
        {
            hint = waitedOut
                ? $"Still {phase} when the wait ended; call get_project_status with name '{name}' to follow it. Once it Succeeded, the patch is in the ConfigMap its status.update.patchConfigMap names (key 'patch')."
                : $"Call get_project_status with name '{name}' to follow it. Once it Succeeded, the patch is in the ConfigMap its status.update.patchConfigMap names (key 'patch').";
        }

        return new ProjectUpdateResult(
            name,
            scaffold.Metadata.NamespaceProperty ?? "",
            scaffold.Spec?.TemplateRef?.Name ?? "",
            project,
            phase.ToString(),
            ProjectResult.IsFinished(phase),
            scaffold.Status?.Message,
            update?.FromRevision,
            update?.ToRevision ?? scaffold.Status?.Revision,
            patch?.Text,
            patch?.Size ?? update?.PatchSize,
            update?.PatchSha256,
            patch?.Truncated ?? false,
            update?.FilesChanged,
            update?.LinesAdded,
            update?.LinesRemoved,
            update?.Files is { } files ? [.. files] : [],
            apply,
            hint);
    }

    /// <summary>The project Scaffold, when it exists and Succeeded: only a generated project has files and a revision to start from.</summary>
    private async Task<Scaffold> RequireGeneratedAsync(BridgeIdentity caller, string @namespace, string project, string what, bool creates, CancellationToken cancellationToken)
    {
        var earlier = await projects.GetAsync(caller, @namespace, project, cancellationToken).ConfigureAwait(false);
        var phase = ProjectResult.PhaseOf(earlier);
        if (phase != ScaffoldPhase.Succeeded)
        {
            var detail = earlier.Status?.Message is { } message ? " (" + message + ")" : "";
            var next = phase == ScaffoldPhase.Failed
                ? "Generate it again with create_project."
                : $"Wait until it Succeeded (get_project_status with name '{project}') and retry.";
            throw new McpException($"Project '{project}' is {phase}{detail}: only a generated (Succeeded) project can be {what}.{(creates ? " Nothing was created." : "")} {next}");
        }

        return earlier;
    }

    private async Task<TemplateView> RequireTemplateAsync(
        BridgeIdentity caller, string @namespace, Scaffold earlier, string? expected, bool creates, CancellationToken cancellationToken)
    {
        var nothing = creates ? " Nothing was created." : "";
        var project = earlier.Metadata.Name;
        var templateName = earlier.Spec?.TemplateRef?.Name ?? "";
        if (expected is not null && !string.Equals(expected, templateName, StringComparison.Ordinal))
        {
            throw new McpException(
                $"Project '{project}' was generated from template '{templateName}', not '{expected}'; an update stays within the project's own template. Nothing was created. " +
                $"Omit the template argument to update it from '{templateName}', or use create_project for a new project from '{expected}'.");
        }

        if (templates.Cache.Get(@namespace, templateName) is null)
        {
            throw new McpException(
                $"Project '{project}' was generated from template '{templateName}', which no longer exists in namespace '{@namespace}'.{nothing} Add the template again (add_template) to update the project.");
        }

        var template = await templates.GetAsync(caller, @namespace, templateName, cancellationToken).ConfigureAwait(false);
        if (!template.Ready)
        {
            throw new McpException(
                $"Template '{templateName}' of project '{project}' is not ready{(template.StatusMessage is null ? "" : ": " + template.StatusMessage)}, so its revisions cannot be compared or rendered.{nothing} Wait for it (get_template_variables shows its state) and retry.");
        }

        return template;
    }

    /// <summary>A ref the template holds no snapshot of is refused here, with those it holds; without snapshots the operator decides.</summary>
    private static void CheckRevision(TemplateView template, string revision)
    {
        if (revision.Length > 128 || !RevisionCharacters().IsMatch(revision))
        {
            throw new McpException(
                $"'{revision}' is not a template revision: use a commit SHA (or a prefix of at least {TemplateSnapshots.MinPrefixLength} characters), a branch or tag name, or an archive digest (at most 128 characters). Nothing was created. check_project_update lists the revisions the template holds.");
        }

        if (template.Snapshots.Count > 0 && TemplateSnapshots.Find(template.Snapshots, revision) is null)
        {
            throw new McpException(
                $"Template '{template.Name}' holds no snapshot of '{revision}'; nothing was created. It holds: {TemplateSnapshots.Describe(template.Snapshots)}. " +
                "Pass one of these as ref (a commit SHA prefix of at least 7 characters works), or omit ref for the current revision; an older revision the template no longer holds cannot be rendered.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._/:+-]+$")]
    private static partial Regex RevisionCharacters();
}
