using Beds24Sync.Conflicts;
using Beds24Sync.Contracts;
using Beds24Sync.Storage;
using static Beds24Sync.Tests.Conflicts.ConflictWorld;

namespace Beds24Sync.Tests.Conflicts;

public sealed class ConflictResolutionServiceTests
{
    private static async Task<(ConflictWorld World, string ConflictId)> HeldAsync()
    {
        var world = new ConflictWorld("manual");
        var held = await world.PmsChangeMeetsBeds24ChangeAsync();
        return (world, held.ConflictId!);
    }

    private static Dictionary<string, string> Choices(params (string Field, string Side)[] choices) => choices.ToDictionary(c => c.Field, c => c.Side);

    [Fact]
    public async Task Resolve_AcceptPms_RequeuesTheHeldPmsChangeForPushAndAudits()
    {
        var (world, id) = await HeldAsync();
        world.Time.Advance(TimeSpan.FromMinutes(7));

        var result = await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops.anna", "guest called"), CancellationToken.None);

        Assert.Equal(ResolveStatus.Resolved, result.Status);
        var push = Assert.Single(world.Queues.On<PmsBookingMessage>(StorageNames.Queues.PushBookings));
        Assert.Equal((2L, 450m), (push.Version, push.Reservation.TotalAmount));
        var stored = world.Single();
        Assert.Equal((ConflictStatuses.Resolved, "ops.anna", world.Time.GetUtcNow(), "guest called"), (stored.Status, stored.DecidedBy, stored.DecidedAt, stored.Comment));
        var audit = stored.History![^1];
        Assert.Equal(("ops.anna", world.Time.GetUtcNow()), (audit.Who, audit.At));
        Assert.Contains("accept PMS", audit.What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_AcceptBeds24_DropsTheHeldPmsChangeAndRepublishesBeds24()
    {
        var (world, id) = await HeldAsync();

        var result = await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.AcceptBeds24, null, "ops"), CancellationToken.None);

        Assert.Equal(ResolveStatus.Resolved, result.Status);
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;
        Assert.Null(link.PendingMessage);
        Assert.Equal(2, link.PmsVersion);
        var work = Assert.Single(world.Queues.On<InboundWorkItem>(StorageNames.Queues.Beds24Inbound));
        Assert.Equal(InboundSources.Conflict, work.Source);
        Assert.DoesNotContain(world.Queues.Sent, s => s.Queue == StorageNames.Queues.PushBookings);
    }

    [Fact]
    public async Task Resolve_MergeFieldByField_PushesTheMergedStateAndTellsThePms()
    {
        var (world, id) = await HeldAsync();

        var result = await world.Resolution.ResolveAsync(id,
            new ConflictDecision(ConflictDecisionActions.Merge, Choices(("departure", "beds24"), ("amount", "pms")), "ops"), CancellationToken.None);

        Assert.Equal(ResolveStatus.Resolved, result.Status);
        var push = Assert.Single(world.Queues.On<PmsBookingMessage>(StorageNames.Queues.PushBookings));
        Assert.Equal((2L, 450m, Day.AddDays(4)), (push.Version, push.Reservation.TotalAmount, push.Reservation.Departure));
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;
        Assert.Equal(SyncJson.Serialize(push), SyncJson.Serialize(SyncJson.Deserialize<PmsBookingMessage>(link.PendingMessage!)));
        var toPms = Assert.Single(world.Queues.On<BookingChangedMessage>(StorageNames.Queues.PmsInbound));
        Assert.Equal((450m, Day.AddDays(4)), (toPms.Reservation.TotalAmount, toPms.Reservation.Departure));
    }

    [Fact]
    public async Task Resolve_MergeTakingBeds24sRoom_MapsItToThePmsRoomType()
    {
        var world = new ConflictWorld("manual");
        var pmsChange = Pms(amount: 450m);
        var link = await world.SyncedAsync(pending: pmsChange);
        var held = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, pmsChange, 2, B24(room: 70002, minutesAfterSync: 30)), CancellationToken.None);
        Assert.Contains(world.Single().Differences, d => d is { Field: "room", Pms: "70001", Beds24: "70002" });

        await world.Resolution.ResolveAsync(held.ConflictId!, new ConflictDecision(ConflictDecisionActions.Merge, Choices(("room", "beds24"), ("amount", "pms")), "ops"), CancellationToken.None);

        Assert.Equal("SGL", Assert.Single(world.Queues.On<PmsBookingMessage>(StorageNames.Queues.PushBookings)).Reservation.RoomTypeId);
    }

    [Fact]
    public async Task Resolve_SecondDecision_IsAlreadyResolvedAndPushesNothingMore()
    {
        var (world, id) = await HeldAsync();
        await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops.anna"), CancellationToken.None);

        var second = await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.AcceptBeds24, null, "ops.ben"), CancellationToken.None);

        Assert.Equal(ResolveStatus.AlreadyResolved, second.Status);
        Assert.Contains("ops.anna", second.Errors[0], StringComparison.Ordinal);
        Assert.Single(world.Queues.Sent);
        Assert.Equal((ConflictDecisionActions.AcceptPms, "ops.anna"), (world.Single().Decision, world.Single().DecidedBy));
    }

    [Fact]
    public async Task Resolve_TwoOperatorsAtTheSameMoment_OneWinsAndOnlyItsDecisionIsPushed()
    {
        var (world, id) = await HeldAsync();
        // Ben's decision lands between Anna's read and Anna's write.
        world.Conflicts.BeforeSave = async _ =>
            await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.AcceptBeds24, null, "ops.ben"), CancellationToken.None);

        var anna = await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops.anna"), CancellationToken.None);

        Assert.Equal(ResolveStatus.AlreadyResolved, anna.Status);
        Assert.Equal("ops.ben", world.Single().DecidedBy);
        Assert.Single(world.Queues.Sent);
        Assert.Single(world.Queues.On<InboundWorkItem>(StorageNames.Queues.Beds24Inbound));
    }

    [Fact]
    public async Task Resolve_NewChangeArrivesWhileDeciding_RefusedAsChangedThenDecidedOnTheNewState()
    {
        var (world, id) = await HeldAsync();
        var link = (await world.Links.GetByReservationAsync(Account, Reservation, CancellationToken.None))!;
        world.Conflicts.BeforeSave = async _ =>
            await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Beds24, link, Pms(amount: 450m), 2, B24(nights: 5, minutesAfterSync: 40)), CancellationToken.None);

        var first = await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops"), CancellationToken.None);

        Assert.Equal(ResolveStatus.Changed, first.Status);
        Assert.Empty(world.Queues.Sent);
        Assert.Equal((ConflictStatuses.Open, "2030-05-06"), (world.Single().Status, world.Single().Differences.Single(d => d.Field == "departure").Beds24));

        var again = await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops"), CancellationToken.None);
        Assert.Equal(ResolveStatus.Resolved, again.Status);
        Assert.Single(world.Queues.Sent);
    }

    [Fact]
    public async Task Resolve_MergeThatWouldLeaveBeforeArriving_IsRefusedAndNothingIsSent()
    {
        var world = new ConflictWorld("manual");
        var pmsChange = Pms(amount: 450m) with { Arrival = Day.AddDays(10), Departure = Day.AddDays(12) };
        var link = await world.SyncedAsync(pending: pmsChange);
        var held = await world.Gate.CheckAsync(new ConflictCandidate(Account, ChangeOrigins.Pms, link, pmsChange, 2, B24(minutesAfterSync: 30)), CancellationToken.None);

        var result = await world.Resolution.ResolveAsync(held.ConflictId!,
            new ConflictDecision(ConflictDecisionActions.Merge, Choices(("arrival", "pms"), ("departure", "beds24"), ("amount", "pms")), "ops"), CancellationToken.None);

        Assert.Equal(ResolveStatus.Invalid, result.Status);
        Assert.Contains("same side", result.Errors[0], StringComparison.Ordinal);
        Assert.Equal(ConflictStatuses.Open, world.Single().Status);
        Assert.Empty(world.Queues.Sent);
    }

    [Fact]
    public async Task Resolve_MergeWithoutAChoiceForEveryDifferingField_IsInvalid()
    {
        var (world, id) = await HeldAsync();

        var result = await world.Resolution.ResolveAsync(id, new ConflictDecision(ConflictDecisionActions.Merge, Choices(("amount", "pms")), "ops"), CancellationToken.None);

        Assert.Equal(ResolveStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Contains("missing: departure", StringComparison.Ordinal));
        Assert.Empty(world.Queues.Sent);
    }

    [Fact]
    public async Task Resolve_UnknownConflict_IsNotFound()
    {
        var world = new ConflictWorld();

        var result = await world.Resolution.ResolveAsync("nope", new ConflictDecision(ConflictDecisionActions.AcceptPms, null, "ops"), CancellationToken.None);

        Assert.Equal(ResolveStatus.NotFound, result.Status);
    }
}
