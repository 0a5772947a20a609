// The API access the controller runtime makes on its own, whatever the controllers: read by the operator's
// `generate rbac` together with the controllers' [EntityRbac] attributes. Keep it next to the code it describes.
using DynamoMcp.Runtime.Controllers;
using k8s.Models;

[assembly: ReconciledEntityRbac(
    Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch,
    Reason = "Reconciled kinds: the informer lists and watches them; the controller reads them.")]
[assembly: ReconciledEntityRbac(
    Subresource = "status", Verbs = RbacVerbs.Patch,
    Reason = "The status writer sends a merge patch to /status, only when the status changed.")]
[assembly: ReconciledEntityRbac(
    Subresource = "finalizers", Verbs = RbacVerbs.Update,
    Reason = "Children carry an ownerReference with blockOwnerDeletion, which the OwnerReferencesPermissionEnforcement admission plugin allows only with update on the owner's finalizers.")]
[assembly: EntityRbac(
    typeof(Corev1Event), Verbs = RbacVerbs.Create | RbacVerbs.Patch,
    Reason = "The event recorder creates core/v1 Events, then bumps their count by patch.")]
