namespace Beds24Sync.Secrets;

/// <summary>Where a local secrets file may live: anywhere but inside a git working tree, so it can never be committed.</summary>
public static class SecretFileLocation
{
    /// <summary>The default local file: ~/.beds24sync/secrets.json (outside every repository).</summary>
    public static string Default =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".beds24sync", "secrets.json");

    /// <returns>True when <paramref name="path"/> lies inside a directory tree that has a <c>.git</c> entry.</returns>
    public static bool IsInsideRepository(string path)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path))!); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return true;
            }
        }

        return false;
    }
}
