namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>Finds the <see cref="LocalImage"/> that stands in for a pod's image reference.</summary>
public static class LocalImageCatalog
{
    /// <summary>
    /// Looks the image up by name without tag or digest (<c>docker.io/library/</c> dropped on both sides);
    /// an exact key wins over the longest <c>prefix*</c> key. Null when nothing maps it.
    /// </summary>
    public static LocalImage? Find(IEnumerable<KeyValuePair<string, LocalImage>> images, string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        var name = Normalize(image);
        LocalImage? best = null;
        var bestLength = -1;
        foreach (var (key, value) in images)
        {
            if (key.EndsWith('*'))
            {
                var prefix = Normalize(key[..^1], stripTag: false);
                if (name.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > bestLength)
                {
                    best = value;
                    bestLength = prefix.Length;
                }
            }
            else if (Normalize(key) == name)
            {
                return value;
            }
        }

        return best;
    }

    /// <summary>Drops digest, tag and the implicit Docker Hub prefixes: <c>docker.io/library/busybox:1.36</c> → <c>busybox</c>.</summary>
    public static string Normalize(string image, bool stripTag = true)
    {
        var name = image.Trim();
        if (stripTag)
        {
            var at = name.IndexOf('@', StringComparison.Ordinal);
            if (at >= 0)
            {
                name = name[..at];
            }

            // A colon after the last slash is a tag; one before it belongs to a registry host:port.
            var colon = name.LastIndexOf(':');
            if (colon > name.LastIndexOf('/'))
            {
                name = name[..colon];
            }
        }

        foreach (var prefix in (string[])["docker.io/library/", "docker.io/", "index.docker.io/library/", "index.docker.io/", "library/"])
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name[prefix.Length..];
                break;
            }
        }

        return name;
    }
}
