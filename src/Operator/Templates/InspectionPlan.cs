using k8s.Models;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// The inspection a template needs: the Job (desired for <see cref="InspectionPlanKind.Start"/>, else as cached), its
/// attempt number (retries after transient failures), whether it is a periodic refresh (the template stays Ready on
/// its last revision meanwhile), the input hash it answers for, and when the next refresh is due.
/// </summary>
public sealed record InspectionPlan(InspectionPlanKind Kind, V1Job? Job, int Attempt, bool Refresh, string InputHash, TimeSpan? NextRefresh);
