namespace DynamoMcp.StdioFront.Sessions;

/// <summary>The last lines a child wrote on stderr, for the error that tells a client why its server is gone.</summary>
internal sealed class StderrTail(int capacity)
{
    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();

    public void Add(string line)
    {
        lock (gate)
        {
            if (lines.Count == capacity)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line.Length > 500 ? line[..500] + "…" : line);
        }
    }

    /// <summary>"; last stderr: a | b" or "" when it wrote nothing.</summary>
    public string Describe()
    {
        lock (gate)
        {
            return lines.Count == 0 ? "; it wrote nothing on stderr" : "; last stderr: " + string.Join(" | ", lines);
        }
    }
}
