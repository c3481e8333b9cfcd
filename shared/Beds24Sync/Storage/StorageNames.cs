namespace Beds24Sync.Storage;

/// <summary>Queue and table names. They are a contract: the PMS and operators see them (docs/ARCHITECTURE.md §3).</summary>
public static class StorageNames
{
    public static class Queues
    {
        public const string PushBookings = "beds24-push-bookings";
        public const string PushCalendar = "beds24-push-calendar";
        public const string PmsInbound = "pms-inbound";
        public const string Beds24Inbound = "beds24-inbound";
        public const string DeadLetter = "beds24-deadletter";

        public static IReadOnlyList<string> All { get; } = [PushBookings, PushCalendar, PmsInbound, Beds24Inbound, DeadLetter];
    }

    public static class Tables
    {
        public const string Accounts = "Beds24Accounts";
        public const string PropertyMappings = "PropertyMappings";
        public const string RoomMappings = "RoomMappings";
        public const string BookingLinks = "BookingLinks";
        public const string GuestLinks = "GuestLinks";
        public const string WebhookEvents = "WebhookEvents";
        public const string SyncCursors = "SyncCursors";
        public const string SyncConflicts = "SyncConflicts";
        public const string DeadLetters = "DeadLetters";

        public static IReadOnlyList<string> All { get; } =
            [Accounts, PropertyMappings, RoomMappings, BookingLinks, GuestLinks, WebhookEvents, SyncCursors, SyncConflicts, DeadLetters];

        /// <summary>Calendar cells waiting for the coalesced push (per account/room/date/field, last write wins by version).</summary>
        public const string CalendarPending = "CalendarPending";

        /// <summary>Tables the engine needs beyond the contract list; operators may look but need not.</summary>
        public static IReadOnlyList<string> Internal { get; } = [CalendarPending];
    }
}
