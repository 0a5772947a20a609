namespace DynamoMcp.AgentRuntime.Events;

/// <summary>The bounds of the texts in events (the operator bounds them again; these keep the lines short).</summary>
internal static class TextCaps
{
    public const int TurnText = 300;
    public const int ResultText = 16 * 1024;
    public const int ToolError = 100;

    /// <summary>What the model is given of one tool result.</summary>
    public const int ToolResultForModel = 64 * 1024;

    public const string CutMarker = "… (cut)";

    /// <summary><paramref name="text"/>, or its start and <see cref="CutMarker"/> when longer than <paramref name="max"/> characters.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = Math.Max(0, max - CutMarker.Length);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), CutMarker);
    }

    /// <summary>The start of <paramref name="text"/> (at most <paramref name="max"/> characters, on one line), for short summaries.</summary>
    public static string Start(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        if (oneLine.Length <= max)
        {
            return oneLine;
        }

        var keep = char.IsHighSurrogate(oneLine[max - 1]) ? max - 1 : max;
        return oneLine[..keep];
    }
}
