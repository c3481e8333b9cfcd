namespace Beds24.Api.Http.Steps;

/// <summary>
/// One concern of sending a Beds24 call, in the manner of Azure.Core's <c>HttpPipelinePolicy</c>: it may act before
/// passing the call on, after the answer comes back, or send it on again (a refused token, a spent budget). The
/// last step (<see cref="ResilientTransport"/>) puts it on the wire through the Polly pipeline.
/// </summary>
internal abstract class Beds24CallStep
{
    public abstract ValueTask<Beds24Answer> SendAsync(Beds24Call call, Func<Beds24Call, ValueTask<Beds24Answer>> next);
}
