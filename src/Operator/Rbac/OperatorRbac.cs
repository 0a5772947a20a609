// The API access the operator makes outside its controllers, read by `generate rbac` together with the controllers'
// [EntityRbac] attributes and the runtime's declarations (src/Runtime/Controllers/RuntimeRbac.cs).
using DynamoMcp.Runtime.Controllers;
using k8s.Models;

[assembly: EntityRbac(
    typeof(V1Pod), Verbs = RbacVerbs.List,
    Reason = "The sandbox log reader finds the pod of a finished sandbox Job by its job-name label.")]
[assembly: EntityRbac(
    typeof(V1Pod), Subresource = "log", Verbs = RbacVerbs.Get,
    Reason = "The sandbox result comes back on stdout: the log reader reads the pod's log once per finished Job.")]

// Leader election (KubernetesClient's LeaseLock: read, create, replace) on one Lease in the operator's own namespace,
// named OperatorRunOptions.LeaderElectionId (a test checks). Create cannot be limited by resourceNames: the name of
// an object is not known to RBAC before it exists.
[assembly: EntityRbac(
    typeof(V1Lease), Verbs = RbacVerbs.Create, Scope = RbacScope.OwnNamespace,
    Reason = "Leader election creates its Lease when it does not exist yet.")]
[assembly: EntityRbac(
    typeof(V1Lease), Verbs = RbacVerbs.Get | RbacVerbs.Update, Scope = RbacScope.OwnNamespace,
    ResourceNames = new[] { "dynamo-mcp-operator" },
    Reason = "Leader election reads and renews (replaces) its one Lease.")]
