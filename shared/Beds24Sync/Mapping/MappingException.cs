namespace Beds24Sync.Mapping;

/// <summary>A PMS id has no Beds24 counterpart (or the reverse). Permanent: retrying cannot help until someone adds the mapping.</summary>
public sealed class MappingException(string message) : Exception(message);
