using Beds24Sync.Operations;
using Microsoft.AspNetCore.Mvc;

namespace Beds24Functions.Http;

internal static class HttpResults
{
    public static ContentResult From(ApiResult result) => new() { StatusCode = result.Status, ContentType = result.ContentType, Content = result.Body };
}
