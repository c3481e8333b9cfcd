using Beds24Sync.Contracts;
using Beds24Sync.Core;
using Beds24Sync.Mapping;
using Beds24Sync.Push;
using Beds24Sync.Storage;

namespace Beds24Sync.Tests.Push;

public sealed class SyncFailureExceptionTests
{
    public static TheoryData<Exception, bool, string> Cases() => new()
    {
        { new MappingException("no mapping"), false, DeadLetterCategories.Mapping },
        { new Azure.RequestFailedException(503, "busy"), true, DeadLetterCategories.Exhausted },
        { new Azure.RequestFailedException(0, "no connection"), true, DeadLetterCategories.Exhausted },
        { new Azure.RequestFailedException(400, "PropertyValueTooLarge"), false, DeadLetterCategories.Exhausted },
        { new ConcurrencyConflictException("raced"), true, DeadLetterCategories.Exhausted },
        { new IOException("reset"), true, DeadLetterCategories.Exhausted },
        { new InvalidOperationException("bug"), false, DeadLetterCategories.Permanent },
        { new TaskCanceledException("HttpClient.Timeout of 100 s elapsed"), true, DeadLetterCategories.Exhausted },
        { new Beds24Sync.BookingLinks.BookingAlreadyLinkedException("bound elsewhere"), false, DeadLetterCategories.Permanent },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void From_AnyException_IsClassified(Exception exception, bool transient, string category)
    {
        var failure = SyncFailureException.From(exception);

        Assert.True(transient == failure.IsTransient, $"{failure.Category}: {failure.Message}");
        Assert.Equal(category, failure.Category);
        Assert.Same(exception, failure.InnerException);
    }

    [Fact]
    public void From_AggregateFromStorage_IsClassifiedByWhatItWraps()
    {
        var inner = new Azure.RequestFailedException(503, "server busy");

        var failure = SyncFailureException.From(new AggregateException(new AggregateException(inner)));

        Assert.True(failure.IsTransient);
        Assert.Same(inner, failure.InnerException);
    }

    [Fact]
    public void From_AlreadyClassified_IsKeptAsIs()
    {
        var original = SyncFailureException.Permanent("invalid", DeadLetterCategories.Validation);

        Assert.Same(original, SyncFailureException.From(original));
    }
}
