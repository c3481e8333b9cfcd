using System.Net;

namespace Beds24.Api.Http;

/// <summary>A successful Beds24 response: body text and what it cost.</summary>
internal sealed record Beds24Response(HttpStatusCode Status, string Body, decimal? RequestCost, string Request);
