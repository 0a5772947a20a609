using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cel;

namespace DynamoMcp.Operator.Workflows.Expressions;

/// <summary>
/// The one expression language of workflows: CEL (Google's Common Expression Language, the language of Kubernetes'
/// validation rules) inside <c>${{ … }}</c>. A value that is exactly one expression takes the expression's type
/// (<c>${{ inputs.count }}</c> is a number); otherwise every expression is turned into text and spliced into the string
/// (lists and maps as JSON). Variables: <c>inputs</c>, <c>steps</c> (<c>steps.render.outputs.revision</c>,
/// <c>steps.tests.phase == 'Succeeded'</c>; a step name with a dash is written <c>steps['run-tests']</c>, since
/// <c>-</c> is CEL's minus) and <c>item</c> in a fan-out. Bounded: an expression is at most
/// <see cref="MaxExpressionLength"/> characters, a result at most <see cref="MaxResultLength"/> characters of JSON, and
/// CEL has no loops beyond its macros over the (size-capped) values it is given.
/// </summary>
public static partial class WorkflowExpressions
{
    public const int MaxExpressionLength = 1024;

    public const int MaxResultLength = 64 * 1024;

    [ThreadStatic]
    private static CelEnvironment? environment;

    private static CelEnvironment Environment => environment ??= new CelEnvironment(null, null);

    /// <summary>The pieces of <paramref name="text"/>.</summary>
    /// <exception cref="ExpressionException">A <c>${{</c> is not closed.</exception>
    public static IReadOnlyList<ExpressionSegment> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<ExpressionSegment>();
        var at = 0;
        while (true)
        {
            var open = text.IndexOf("${{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                if (at < text.Length)
                {
                    segments.Add(new ExpressionSegment(text[at..], false));
                }

                return segments;
            }

            var close = text.IndexOf("}}", open + 3, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ExpressionException($"'{Short(text)}' opens an expression with ${{{{ that is never closed with }}}}.");
            }

            if (open > at)
            {
                segments.Add(new ExpressionSegment(text[at..open], false));
            }

            segments.Add(new ExpressionSegment(text[(open + 3)..close].Trim(), true));
            at = close + 2;
        }
    }

    /// <summary>Whether <paramref name="text"/> holds any expression.</summary>
    public static bool HasExpressions(string text) => text.Contains("${{", StringComparison.Ordinal);

    /// <summary>Why the expressions of <paramref name="text"/> cannot run (empty when they can), without evaluating them.</summary>
    public static IReadOnlyList<string> Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<ExpressionSegment> segments;
        try
        {
            segments = Split(text);
        }
        catch (ExpressionException e)
        {
            return [e.Message];
        }

        var problems = new List<string>();
        foreach (var segment in segments.Where(s => s.IsExpression))
        {
            if (segment.Text.Length == 0)
            {
                problems.Add("an empty expression ${{ }}");
            }
            else if (segment.Text.Length > MaxExpressionLength)
            {
                problems.Add($"an expression longer than {MaxExpressionLength} characters");
            }
            else
            {
                try
                {
                    Environment.Parse(segment.Text);
                }
                catch (CelExpressionParserException e)
                {
                    problems.Add($"'{Short(segment.Text)}' is not valid CEL: {e.Message}");
                }
            }
        }

        return problems;
    }

    /// <summary>The step names the expressions of <paramref name="text"/> read (<c>steps.x</c> or <c>steps['x']</c>).</summary>
    public static IReadOnlySet<string> StepReferences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<ExpressionSegment> segments;
        try
        {
            segments = Split(text);
        }
        catch (ExpressionException)
        {
            return names;
        }

        foreach (var segment in segments.Where(s => s.IsExpression))
        {
            foreach (Match match in StepReference().Matches(segment.Text))
            {
                names.Add(match.Groups["dot"].Success ? match.Groups["dot"].Value : match.Groups["index"].Value);
            }
        }

        return names;
    }

    /// <summary>The value of <paramref name="text"/>: the expression's own value when it is exactly one, else the spliced string.</summary>
    /// <exception cref="ExpressionException">An expression fails (unknown field, wrong types) or its result is too large.</exception>
    public static object? Evaluate(string text, ExpressionScope scope)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scope);
        var segments = Split(text);
        if (segments.Count == 1 && segments[0].IsExpression)
        {
            return Run(segments[0].Text, scope);
        }

        if (!segments.Any(s => s.IsExpression))
        {
            return text;
        }

        var result = new System.Text.StringBuilder();
        foreach (var segment in segments)
        {
            result.Append(segment.IsExpression ? AsText(Run(segment.Text, scope)) : segment.Text);
            if (result.Length > MaxResultLength)
            {
                throw new ExpressionException($"'{Short(text)}' grows past {MaxResultLength} characters.");
            }
        }

        return result.ToString();
    }

    /// <summary>A <c>when</c>: true or false, nothing else.</summary>
    /// <exception cref="ExpressionException">It fails or is not a boolean.</exception>
    public static bool IsTrue(string condition, ExpressionScope scope) =>
        Evaluate(condition, scope) switch
        {
            bool value => value,
            var other => throw new ExpressionException($"'{Short(condition)}' must be true or false, but is {Describe(other)}."),
        };

    /// <summary>Every string inside <paramref name="value"/> (maps, lists) evaluated; other values unchanged.</summary>
    public static object? EvaluateAll(object? value, ExpressionScope scope) => value switch
    {
        string text => Evaluate(text, scope),
        JsonElement element => EvaluateAll(FromJson(element), scope),
        System.Text.Json.Nodes.JsonNode node => EvaluateAll(FromJson(JsonSerializer.SerializeToElement(node)), scope),
        IDictionary<string, object?> map => map.ToDictionary(e => e.Key, e => EvaluateAll(e.Value, scope), StringComparer.Ordinal),
        IList list => list.Cast<object?>().Select(v => EvaluateAll(v, scope)).ToArray(),
        _ => value,
    };

    /// <summary>Every string inside <paramref name="value"/>, for checks over arguments and variables.</summary>
    public static IEnumerable<string> Strings(object? value) => value switch
    {
        string text => [text],
        JsonElement element => Strings(FromJson(element)),
        System.Text.Json.Nodes.JsonNode node => Strings(FromJson(JsonSerializer.SerializeToElement(node))),
        IDictionary<string, object?> map => map.Values.SelectMany(Strings),
        IList list => list.Cast<object?>().SelectMany(Strings),
        _ => [],
    };

    private static object? Run(string expression, ExpressionScope scope)
    {
        if (expression.Length > MaxExpressionLength)
        {
            throw new ExpressionException($"an expression longer than {MaxExpressionLength} characters");
        }

        object? result;
        try
        {
            result = Environment.Compile(expression)(Variables(scope));
        }
        catch (CelExpressionParserException e)
        {
            throw new ExpressionException($"'{Short(expression)}' is not valid CEL: {e.Message}", e);
        }
        catch (CelException e)
        {
            throw new ExpressionException($"'{Short(expression)}' failed: {e.Message}", e);
        }

        var value = Normalize(result, expression);
        if (JsonSerializer.Serialize(value).Length > MaxResultLength)
        {
            throw new ExpressionException($"'{Short(expression)}' gives a value larger than {MaxResultLength} characters of JSON.");
        }

        return value;
    }

    private static Dictionary<string, object?> Variables(ExpressionScope scope)
    {
        var steps = scope.Steps.ToDictionary(
            s => s.Key,
            s => (object?)new Dictionary<string, object?> { ["phase"] = s.Value.Phase, ["outputs"] = ToCel(s.Value.Outputs) },
            StringComparer.Ordinal);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["inputs"] = ToCel(scope.Inputs),
            ["steps"] = steps,
            ["item"] = ToCel(scope.Item),
        };
    }

    // CEL's integers are 64-bit; JSON numbers without a fraction become long.
    private static object? ToCel(object? value) => value switch
    {
        int i => (long)i,
        JsonElement element => ToCel(FromJson(element)),
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(e => e.Key, e => ToCel(e.Value), StringComparer.Ordinal),
        IDictionary<string, object?> map => map.ToDictionary(e => e.Key, e => ToCel(e.Value), StringComparer.Ordinal),
        string => value,
        IList list => list.Cast<object?>().Select(ToCel).ToArray(),
        _ => value,
    };

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToArray(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        _ => null,
    };

    private static object? Normalize(object? value, string expression) => value switch
    {
        null or string or bool or long or double => value,
        int i => (long)i,
        uint u => (long)u,
        ulong u => (double)u,
        float f => (double)f,
        decimal d => (double)d,
        IDictionary<string, object?> map => map.ToDictionary(e => e.Key, e => Normalize(e.Value, expression), StringComparer.Ordinal),
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture)!, k => Normalize(map[k], expression), StringComparer.Ordinal),
        string[] strings => strings.Cast<object?>().ToArray(),
        IList list => list.Cast<object?>().Select(v => Normalize(v, expression)).ToArray(),
        _ when value.GetType().Name == "CelNoSuchField" => throw new ExpressionException($"'{Short(expression)}' reads a field that does not exist (write has(x.field) to test for it)."),
        _ => throw new ExpressionException($"'{Short(expression)}' gives a {value.GetType().Name}, which is not a JSON value."),
    };

    private static string AsText(object? value) => value switch
    {
        null => "",
        string text => text,
        bool b => b ? "true" : "false",
        long or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => JsonSerializer.Serialize(value),
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"the string \"{Short(text)}\"",
        _ => AsText(value),
    };

    private static string Short(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex(@"\bsteps\s*(?:\.\s*(?<dot>[a-z0-9_]+)|\[\s*['""](?<index>[a-z0-9]([-a-z0-9]*[a-z0-9])?)['""]\s*\])")]
    private static partial Regex StepReference();
}
