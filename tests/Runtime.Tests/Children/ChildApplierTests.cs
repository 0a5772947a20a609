using System.Net;
using System.Text.Json;
using DynamoMcp.Api;
using DynamoMcp.Runtime.Children;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.Runtime.Tests.Children;

/// <summary>
/// The child applier against LocalCluster through the real client: create with stamps, no-op on the same hash,
/// the three update modes, AlreadyExists adoption only of our own children, conflicts left untouched, and deletes by uid.
/// </summary>
public sealed class ChildApplierTests
{
    private const string ChildName = "owner-child";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What a pure builder returns: no namespace (the owner's is used), no owner reference, no stamp.</summary>
    private static V1ConfigMap Desired(string value, string name = ChildName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "child" } },
        Data = new Dictionary<string, string> { ["value"] = value },
    };

    private static string MergePatch(object body) => JsonSerializer.Serialize(body);

    [Fact]
    public async Task Creating_stamps_the_spec_hash_and_a_blocking_controller_reference_to_the_owner()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: true, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var desired = Desired("v1");

        var result = await rig.Applier.ApplyAsync(owner, desired, Ct);

        result.Action.Should().Be(ChildApplyAction.Created);
        result.Conflict.Should().BeNull();
        result.Child!.Metadata.Uid.Should().NotBeNullOrEmpty("the result is the object the API created");
        var stored = await rig.ReadAsync(ChildName, Ct);
        stored.Should().NotBeNull();
        stored!.Metadata.NamespaceProperty.Should().Be("default", "a child without a namespace goes into its owner's");
        stored.Data["value"].Should().Be("v1");
        stored.Metadata.Labels["app"].Should().Be("child");
        stored.Metadata.Annotations[WellKnown.Annotations.SpecHash].Should().MatchRegex("^[0-9a-f]{16}$")
            .And.Be(ChildApplier.SpecHash(desired), "the stamp is the hash of the object as built (the stamp itself excluded)");
        var reference = stored.Metadata.OwnerReferences.Should().ContainSingle().Subject;
        reference.Uid.Should().Be(owner.Metadata.Uid);
        reference.Name.Should().Be("owner");
        reference.Kind.Should().Be("ConfigMap");
        reference.ApiVersion.Should().Be("v1");
        reference.Controller.Should().BeTrue();
        reference.BlockOwnerDeletion.Should().BeTrue();
        ChildApplier.IsControlledBy(stored, owner).Should().BeTrue();
    }

    [Fact]
    public async Task A_secret_child_gets_the_same_stamps_and_an_existing_non_controller_reference_is_kept()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: true, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var other = await rig.CreateOwnerAsync("co-owner", Ct);
        var desired = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "owner-secret",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "co-owner", Uid = other.Metadata.Uid, Controller = false }],
            },
            StringData = new Dictionary<string, string> { ["token"] = "t" },
        };

        var result = await rig.Applier.ApplyAsync(owner, desired, Ct);

        result.Action.Should().Be(ChildApplyAction.Created);
        var stored = await rig.Writer.CoreV1.ReadNamespacedSecretAsync("owner-secret", "default", cancellationToken: Ct);
        stored.Metadata.Annotations.Should().ContainKey(WellKnown.Annotations.SpecHash);
        stored.Metadata.OwnerReferences.Should().HaveCount(2);
        stored.Metadata.OwnerReferences.Should().ContainSingle(o => o.Controller == true)
            .Which.Uid.Should().Be(owner.Metadata.Uid);
        stored.Metadata.OwnerReferences.Should().ContainSingle(o => o.Uid == other.Metadata.Uid)
            .Which.Controller.Should().NotBe(true);
    }

    [Fact]
    public async Task Applying_the_same_desired_again_is_Unchanged_and_sends_no_request()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: true, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var created = await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct);
        await rig.CacheHoldsAsync(ChildName, created.Child!.Metadata.ResourceVersion);
        var (reads, writes) = (rig.Requests.Reads, rig.Requests.Writes);

        // A fresh object from the builder, equal to the first: same hash.
        var again = await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct);

        again.Action.Should().Be(ChildApplyAction.Unchanged);
        again.Child!.Metadata.ResourceVersion.Should().Be(created.Child.Metadata.ResourceVersion);
        rig.Requests.Writes.Should().Be(writes, "an unchanged child is not written");
        rig.Requests.Reads.Should().Be(reads, "it is not even read: the cache answered");
        (await rig.ReadAsync(ChildName, Ct))!.Metadata.ResourceVersion.Should().Be(created.Child.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task In_Replace_mode_a_changed_desired_is_put_over_the_child()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: true, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var created = await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct);
        var tampered = await rig.Writer.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(MergePatch(new { metadata = new { labels = new Dictionary<string, string> { ["someone.else/label"] = "x" } } }), V1Patch.PatchType.MergePatch),
            ChildName, "default", cancellationToken: Ct);
        await rig.CacheHoldsAsync(ChildName, tampered.Metadata.ResourceVersion);
        var desired = Desired("v2");

        var result = await rig.Applier.ApplyAsync(owner, desired, Ct, ChildUpdateMode.Replace);

        result.Action.Should().Be(ChildApplyAction.Updated);
        var stored = (await rig.ReadAsync(ChildName, Ct))!;
        stored.Metadata.Uid.Should().Be(created.Child!.Metadata.Uid, "Replace updates the same object");
        stored.Data["value"].Should().Be("v2");
        stored.Metadata.Annotations[WellKnown.Annotations.SpecHash].Should().Be(ChildApplier.SpecHash(desired))
            .And.NotBe(created.Child.Metadata.Annotations[WellKnown.Annotations.SpecHash]);
        stored.Metadata.Labels.Should().NotContainKey("someone.else/label", "a replace puts the desired object as built");
        stored.Metadata.OwnerReferences.Should().ContainSingle(o => o.Controller == true && o.Uid == owner.Metadata.Uid);
        result.Child!.Metadata.ResourceVersion.Should().Be(stored.Metadata.ResourceVersion);

        await rig.CacheHoldsAsync(ChildName, stored.Metadata.ResourceVersion);
        (await rig.Applier.ApplyAsync(owner, Desired("v2"), Ct)).Action.Should().Be(ChildApplyAction.Unchanged);
    }

    [Fact]
    public async Task In_Patch_mode_a_changed_desired_is_merged_and_fields_someone_else_set_are_kept()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: true, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var created = await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct, ChildUpdateMode.Patch);
        created.Action.Should().Be(ChildApplyAction.Created);
        var tampered = await rig.Writer.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(
                MergePatch(new
                {
                    metadata = new
                    {
                        annotations = new Dictionary<string, string> { ["someone.else/note"] = "kept" },
                        labels = new Dictionary<string, string> { ["someone.else/label"] = "kept" },
                    },
                }),
                V1Patch.PatchType.MergePatch),
            ChildName, "default", cancellationToken: Ct);
        await rig.CacheHoldsAsync(ChildName, tampered.Metadata.ResourceVersion);
        var desired = Desired("v2");

        var result = await rig.Applier.ApplyAsync(owner, desired, Ct, ChildUpdateMode.Patch);

        result.Action.Should().Be(ChildApplyAction.Updated);
        var stored = (await rig.ReadAsync(ChildName, Ct))!;
        stored.Metadata.Uid.Should().Be(created.Child!.Metadata.Uid);
        stored.Data["value"].Should().Be("v2");
        stored.Metadata.Annotations[WellKnown.Annotations.SpecHash].Should().Be(ChildApplier.SpecHash(desired));
        stored.Metadata.Annotations["someone.else/note"].Should().Be("kept");
        stored.Metadata.Labels["someone.else/label"].Should().Be("kept");
        stored.Metadata.Labels["app"].Should().Be("child");
        stored.Metadata.OwnerReferences.Should().ContainSingle(o => o.Controller == true && o.Uid == owner.Metadata.Uid);
    }

    [Fact]
    public async Task In_Recreate_mode_a_changed_desired_deletes_the_child_and_the_next_apply_creates_it()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: true, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var created = await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct, ChildUpdateMode.Recreate);
        await rig.CacheHoldsAsync(ChildName, created.Child!.Metadata.ResourceVersion);

        var deleted = await rig.Applier.ApplyAsync(owner, Desired("v2"), Ct, ChildUpdateMode.Recreate);

        deleted.Action.Should().Be(ChildApplyAction.Updated);
        deleted.Child.Should().BeNull("the old child is deleted; the next reconcile creates the new one");
        (await rig.ReadAsync(ChildName, Ct)).Should().BeNull();

        await rig.CacheHoldsAsync(ChildName, null);
        var recreated = await rig.Applier.ApplyAsync(owner, Desired("v2"), Ct, ChildUpdateMode.Recreate);

        recreated.Action.Should().Be(ChildApplyAction.Created);
        var stored = (await rig.ReadAsync(ChildName, Ct))!;
        stored.Metadata.Uid.Should().NotBe(created.Child.Metadata.Uid);
        stored.Data["value"].Should().Be("v2");
        ChildApplier.IsControlledBy(stored, owner).Should().BeTrue();
    }

    [Fact]
    public async Task When_the_cache_has_not_seen_the_child_AlreadyExists_adopts_it_because_the_owner_controls_it()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: false, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var created = await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct);
        created.Action.Should().Be(ChildApplyAction.Created);
        rig.ConfigMaps.Count.Should().Be(0, "the informers never ran, so the applier only learns of the child from AlreadyExists");

        var same = await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct);

        same.Action.Should().Be(ChildApplyAction.Unchanged);
        same.Child!.Metadata.Uid.Should().Be(created.Child!.Metadata.Uid);
        (await rig.ReadAsync(ChildName, Ct))!.Metadata.ResourceVersion.Should().Be(created.Child.Metadata.ResourceVersion, "nothing was written");

        var replaced = await rig.Applier.ApplyAsync(owner, Desired("v2"), Ct);

        replaced.Action.Should().Be(ChildApplyAction.Updated);
        var stored = (await rig.ReadAsync(ChildName, Ct))!;
        stored.Data["value"].Should().Be("v2");
        stored.Metadata.Uid.Should().Be(created.Child.Metadata.Uid);

        var patched = await rig.Applier.ApplyAsync(owner, Desired("v3"), Ct, ChildUpdateMode.Patch);

        patched.Action.Should().Be(ChildApplyAction.Updated);
        (await rig.ReadAsync(ChildName, Ct))!.Data["value"].Should().Be("v3");
    }

    [Fact]
    public async Task An_object_someone_else_made_that_names_the_owner_as_controller_is_adopted_and_stamped()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: false, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var existing = await rig.Writer.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap
            {
                Metadata = new V1ObjectMeta
                {
                    Name = ChildName,
                    NamespaceProperty = "default",
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid, Controller = true }],
                },
                Data = new Dictionary<string, string> { ["value"] = "old" },
            },
            "default", cancellationToken: Ct);

        var result = await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct);

        result.Action.Should().Be(ChildApplyAction.Updated, "it is ours but has no (or another) spec hash");
        var stored = (await rig.ReadAsync(ChildName, Ct))!;
        stored.Metadata.Uid.Should().Be(existing.Metadata.Uid);
        stored.Data["value"].Should().Be("v1");
        stored.Metadata.Annotations.Should().ContainKey(WellKnown.Annotations.SpecHash);
    }

    public static TheoryData<bool, string> ConflictCases => new()
    {
        { true, "foreign-controller" },
        { false, "foreign-controller" },
        { true, "no-owner" },
        { false, "no-owner" },
        { true, "owner-but-not-controller" },
        { false, "owner-but-not-controller" },
    };

    [Theory]
    [MemberData(nameof(ConflictCases))]
    public async Task An_object_of_that_name_not_controlled_by_the_owner_is_a_conflict_naming_its_holder_and_is_left_untouched(bool informersRunning, string holder)
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var someoneElse = await rig.CreateOwnerAsync("someone-else", Ct);
        var references = holder switch
        {
            "foreign-controller" => new List<V1OwnerReference> { new() { ApiVersion = "v1", Kind = "ConfigMap", Name = "someone-else", Uid = someoneElse.Metadata.Uid, Controller = true } },
            "owner-but-not-controller" => [new() { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid, Controller = false }],
            _ => null,
        };
        var theirs = await rig.Writer.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap
            {
                Metadata = new V1ObjectMeta { Name = ChildName, NamespaceProperty = "default", OwnerReferences = references },
                Data = new Dictionary<string, string> { ["value"] = "theirs" },
            },
            "default", cancellationToken: Ct);
        await rig.CacheHoldsAsync(ChildName, theirs.Metadata.ResourceVersion);

        foreach (var mode in Enum.GetValues<ChildUpdateMode>())
        {
            var result = await rig.Applier.ApplyAsync(owner, Desired("ours"), Ct, mode);

            result.Action.Should().Be(ChildApplyAction.Conflict, $"mode {mode}");
            result.Child!.Metadata.Uid.Should().Be(theirs.Metadata.Uid);
            result.Conflict.Should().Contain($"ConfigMap default/{ChildName}").And.Contain("ConfigMap owner")
                .And.Contain(holder == "foreign-controller" ? "controlled by ConfigMap someone-else" : "controlled by no controller");
        }

        var stored = (await rig.ReadAsync(ChildName, Ct))!;
        stored.Metadata.ResourceVersion.Should().Be(theirs.Metadata.ResourceVersion, "a conflicting object is never written");
        stored.Metadata.Uid.Should().Be(theirs.Metadata.Uid);
        stored.Data["value"].Should().Be("theirs");
        stored.Metadata.Annotations.Should().BeNull();
    }

    // The cluster's garbage collector removes such a child within moments (LocalCluster at once), so the window in
    // which a recreated owner meets it is only reachable on a real cluster: the decision itself is tested here.
    [Theory]
    [InlineData("v1", "ConfigMap", "owner", "old-uid", "default", true)]
    [InlineData("v1", "ConfigMap", "owner", "new-uid", "default", false)]
    [InlineData("v1", "ConfigMap", "other", "old-uid", "default", false)]
    [InlineData("v1", "Secret", "owner", "old-uid", "default", false)]
    [InlineData("dynamo-mcp.io/v1alpha1", "ConfigMap", "owner", "old-uid", "default", false)]
    [InlineData("v1", "ConfigMap", "owner", "old-uid", "elsewhere", false)]
    public void A_child_controlled_by_an_earlier_owner_of_the_same_kind_and_name_is_a_previous_incarnation(
        string apiVersion, string kind, string name, string uid, string childNamespace, bool expected)
    {
        var owner = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "owner", NamespaceProperty = "default", Uid = "new-uid" } };
        var child = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = ChildName,
                NamespaceProperty = childNamespace,
                OwnerReferences = [new V1OwnerReference { ApiVersion = apiVersion, Kind = kind, Name = name, Uid = uid, Controller = true }],
            },
        };

        ChildApplier.IsPreviousIncarnation(child, owner).Should().Be(expected);
        child.Metadata.OwnerReferences[0].Controller = false;
        ChildApplier.IsPreviousIncarnation(child, owner).Should().BeFalse("only a controller reference makes it the earlier owner's child");
    }

    [Fact]
    public async Task DeleteAsync_refuses_a_child_the_owner_does_not_control_and_leaves_it()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: false, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var stranger = await rig.Writer.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "stranger", NamespaceProperty = "default" } }, "default", cancellationToken: Ct);
        var writes = rig.Requests.Writes;

        var act = () => rig.Applier.DeleteAsync(owner, stranger, Ct);

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*default/stranger*not controlled by*owner*");
        rig.Requests.Writes.Should().Be(writes, "no delete was sent");
        (await rig.ReadAsync("stranger", Ct)).Should().NotBeNull();
    }

    [Fact]
    public async Task DeleteAsync_deletes_a_controlled_child_and_reports_false_once_it_is_gone()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: false, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var child = (await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct)).Child!;

        (await rig.Applier.DeleteAsync(owner, child, Ct)).Should().BeTrue();
        (await rig.ReadAsync(ChildName, Ct)).Should().BeNull();
        (await rig.Applier.DeleteAsync(owner, child, Ct)).Should().BeFalse("it was gone already");
    }

    [Fact]
    public async Task DeleteAsync_with_a_stale_child_leaves_the_newer_object_of_that_name_and_reports_the_stale_one_gone()
    {
        await using var rig = await ApplierRig.StartAsync(informersRunning: false, Ct);
        var owner = await rig.CreateOwnerAsync("owner", Ct);
        var stale = (await rig.Applier.ApplyAsync(owner, Desired("v1"), Ct)).Child!;
        (await rig.Applier.DeleteAsync(owner, stale, Ct)).Should().BeTrue();
        var newer = (await rig.Applier.ApplyAsync(owner, Desired("v2"), Ct)).Child!;
        newer.Metadata.Uid.Should().NotBe(stale.Metadata.Uid);

        // A reconciler working from a cache that still holds the old child deletes it by that child's uid.
        bool? deleted = null;
        HttpOperationException? error = null;
        try
        {
            deleted = await rig.Applier.DeleteAsync(owner, stale, Ct);
        }
        catch (HttpOperationException e)
        {
            error = e;
        }

        var stored = await rig.ReadAsync(ChildName, Ct);
        stored.Should().NotBeNull("only the object with the stale uid may be deleted");
        stored!.Metadata.Uid.Should().Be(newer.Metadata.Uid);
        error.Should().BeNull(
            $"the object with that uid was gone already, which DeleteAsync reports as false (got HTTP {(int?)error?.Response.StatusCode}: the uid precondition failed)");
        deleted.Should().BeFalse();
    }
}
