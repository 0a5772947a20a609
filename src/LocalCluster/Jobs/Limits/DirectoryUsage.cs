namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>Bytes held under a host folder (file lengths, symlinks not followed): a pod's emptyDir usage, as the kubelet's eviction manager measures it.</summary>
public static class DirectoryUsage
{
    /// <summary>The total; files that vanish while counting are skipped.</summary>
    public static long Bytes(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true, ReturnSpecialDirectories = false };
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", options))
            {
                try
                {
                    total += file.Length;
                }
                catch (FileNotFoundException)
                {
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }

        return total;
    }
}
