using Beds24.Simulator;
using Beds24Sync.Accounts;
using Beds24Sync.Mapping;
using Beds24Sync.Secrets;

namespace Beds24Sync.Host;

/// <summary>Simulator mode: one demo account with a property, two mapped rooms, a few bookings, and webhooks pointed at this host.</summary>
public static class DemoSeeder
{
    public const string AccountId = "demo";
    public const string WebhookSecretName = "beds24-webhook-secret";

    /// <summary>True when the storage already links demo reservations to Beds24 bookings: state of an earlier, now gone, simulator.</summary>
    public static async Task<bool> HasEarlierRunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await foreach (var _ in services.GetRequiredService<Beds24Sync.BookingLinks.IBookingLinkStore>().ListAsync(AccountId, propertyId: null, cancellationToken))
        {
            return true;
        }

        return false;
    }

    public static async Task<DemoAccount> SeedAsync(IServiceProvider services, Beds24SimulatorServer simulator, Uri hostAddress, CancellationToken cancellationToken)
    {
        var state = simulator.State;
        var owner = state.CreateAccount("Demo Hotels");
        var property = state.AddProperty(owner, "Demo Harbour Hotel", "GB");
        var doubleRoom = state.AddRoom(property, "Double", qty: 5);
        var suite = state.AddRoom(property, "Suite", qty: 2);
        var secrets = services.GetRequiredService<ISecretStore>();
        await secrets.SetSecretAsync(SecretNames.RefreshToken(AccountId), state.IssueRefreshToken(owner), cancellationToken);
        await services.GetRequiredService<IAccountStore>().SaveAsync(new Beds24Account
        {
            AccountId = AccountId,
            DisplayName = "Demo Hotels",
            RefreshTokenSecretName = SecretNames.RefreshToken(AccountId),
            PropertyIds = [property],
        }, cancellationToken);
        var mappings = services.GetRequiredService<IMappingStore>();
        await mappings.SavePropertyAsync(new PropertyMapping { AccountId = AccountId, PmsPropertyId = "HARBOUR", Beds24PropertyId = property, CountryCode = "GB", Currency = "EUR" }, cancellationToken);
        await mappings.SaveRoomAsync(new RoomMapping { AccountId = AccountId, PmsPropertyId = "HARBOUR", PmsRoomTypeId = "DBL", Beds24PropertyId = property, Beds24RoomId = doubleRoom, PriceSlots = new Dictionary<string, int> { ["BAR"] = 1 } }, cancellationToken);
        await mappings.SaveRoomAsync(new RoomMapping { AccountId = AccountId, PmsPropertyId = "HARBOUR", PmsRoomTypeId = "STE", Beds24PropertyId = property, Beds24RoomId = suite, PriceSlots = new Dictionary<string, int> { ["BAR"] = 1 } }, cancellationToken);

        var secret = await secrets.GetSecretAsync(WebhookSecretName, cancellationToken) ?? throw new InvalidOperationException("The demo webhook secret is missing.");
        state.ConfigureBookingWebhook(property, new Uri(hostAddress, $"/api/integrations/beds24/webhook?account={AccountId}"),
            new Dictionary<string, string> { ["X-Beds24-Secret"] = secret });
        var today = DateOnly.FromDateTime(DateTime.UtcNow.Date);
        // Channel bookings as Beds24 shows them: the OTA named in apiSource, its own reference in apiReference.
        state.AddChannelReservation("booking", "Booking.com", "BDC-4711",
            [new SimBooking { RoomId = doubleRoom, Arrival = today.AddDays(7), Departure = today.AddDays(10), FirstName = "Ada", LastName = "Lovelace", Email = "ada@example.com", Price = 420m }], apiSourceId: 19);
        state.AddChannelReservation("airbnb", "Airbnb", "HMDEMO1234",
            [new SimBooking { RoomId = suite, Arrival = today.AddDays(14), Departure = today.AddDays(16), FirstName = "Alan", LastName = "Turing", Mobile = "020 7946 0000", Price = 610m }], apiSourceId: 46);
        return new DemoAccount(owner, property, doubleRoom, suite);
    }
}

public sealed record DemoAccount(int OwnerId, long PropertyId, long DoubleRoomId, long SuiteRoomId);
