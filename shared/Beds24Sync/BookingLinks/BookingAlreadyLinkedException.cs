namespace Beds24Sync.BookingLinks;

/// <summary>A write would re-bind a link to another Beds24 booking, or bind a booking another reservation holds. Never retried.</summary>
public sealed class BookingAlreadyLinkedException(string message, Exception? innerException = null) : InvalidOperationException(message, innerException);
