using Neuron.Functions.Runs;
using Neuron.Functions.Webhooks;

namespace Neuron.Functions.UnitTests.Webhooks;

public sealed class WebhookTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly WebhooksOptions Options = new();
    private static readonly RunCallback Fresh = RunCallback.For("https://hooks.example/", RunCallback.NativeFormat);

    [Fact]
    public void FirstMessage_ClaimsAttemptOne_UnderALease()
    {
        var step = Assert.IsType<WebhookStep.Attempt>(WebhookTransitions.Decide(Fresh, 1, Now, Options));

        Assert.Equal(1, step.Claimed.Attempts);
        Assert.Equal(Now, step.Claimed.LastAttemptAt);
        Assert.Equal(Now + Options.Timeout + WebhookTransitions.LeaseMargin, step.Claimed.LeaseUntil);
        Assert.Equal(RunCallback.Pending, step.Claimed.State);
    }

    [Fact]
    public void ADuplicateMessage_WhileItsAttemptIsLeased_IsDeferredPastTheLease()
    {
        var leased = Fresh with { Attempts = 1, LeaseUntil = Now.AddSeconds(20) };

        var step = Assert.IsType<WebhookStep.Defer>(WebhookTransitions.Decide(leased, 1, Now, Options));

        Assert.Equal(TimeSpan.FromSeconds(21), step.Delay);
    }

    [Fact]
    public void AnAttemptWhoseLeaseRanOut_IsMadeAgain()
    {
        var lost = Fresh with { Attempts = 2, LeaseUntil = Now.AddSeconds(-1) };

        var step = Assert.IsType<WebhookStep.Attempt>(WebhookTransitions.Decide(lost, 2, Now, Options));

        Assert.Equal(2, step.Claimed.Attempts);
        Assert.True(step.Claimed.LeaseUntil > Now);
    }

    [Fact]
    public void AMessageOfARecordedAttempt_SendsTheNextOnesMessage_AtItsTime()
    {
        var recorded = Fresh with { Attempts = 1, NextAttemptAt = Now.AddSeconds(25) };

        var step = Assert.IsType<WebhookStep.Reschedule>(WebhookTransitions.Decide(recorded, 1, Now, Options));

        Assert.Equal(2, step.NextAttempt);
        Assert.Equal(TimeSpan.FromSeconds(25), step.Delay);
    }

    [Theory]
    [InlineData(RunCallback.Delivered, 1, 2)]
    [InlineData(RunCallback.Failed, 6, 6)]
    [InlineData(RunCallback.Pending, 3, 2)]
    [InlineData(RunCallback.Pending, 1, 3)]
    public void OtherMessages_AreDropped(string state, int attempts, int message) =>
        Assert.IsType<WebhookStep.Drop>(WebhookTransitions.Decide(Fresh with { State = state, Attempts = attempts }, message, Now, Options));

    [Fact]
    public void NoCallback_IsDropped() => Assert.IsType<WebhookStep.Drop>(WebhookTransitions.Decide(null, 1, Now, Options));

    [Fact]
    public void A2xx_Delivers()
    {
        var claimed = Fresh with { Attempts = 3, LeaseUntil = Now.AddSeconds(40), LastError = "the receiver answered 500" };

        var next = WebhookTransitions.Outcome(claimed, new WebhookAttempt(204, null), Now, Options);

        Assert.Equal(RunCallback.Delivered, next.State);
        Assert.Equal(204, next.LastStatus);
        Assert.Null(next.LastError);
        Assert.Equal(Now, next.DeliveredAt);
        Assert.Null(next.LeaseUntil);
        Assert.Null(next.NextAttemptAt);
    }

    [Fact]
    public void AFailure_SchedulesTheNextAttempt_AfterADoublingDelay()
    {
        var afterFirst = WebhookTransitions.Outcome(Fresh with { Attempts = 1 }, new WebhookAttempt(500, "the receiver answered 500"), Now, Options);
        var afterThird = WebhookTransitions.Outcome(Fresh with { Attempts = 3 }, new WebhookAttempt(null, "connection refused"), Now, Options);

        Assert.Equal(RunCallback.Pending, afterFirst.State);
        Assert.Equal(Now.AddSeconds(30), afterFirst.NextAttemptAt);
        Assert.Equal(500, afterFirst.LastStatus);
        Assert.Null(afterFirst.LeaseUntil);
        Assert.Equal(Now.AddSeconds(120), afterThird.NextAttemptAt);
        Assert.Equal("connection refused", afterThird.LastError);
    }

    [Fact]
    public void TheLastAttemptsFailure_FailsTheDelivery()
    {
        var next = WebhookTransitions.Outcome(Fresh with { Attempts = Options.MaxAttempts }, new WebhookAttempt(503, "the receiver answered 503"), Now, Options);

        Assert.Equal(RunCallback.Failed, next.State);
        Assert.Null(next.NextAttemptAt);
    }

    [Fact]
    public void ARefusedTarget_FailsTheDelivery_AtOnce()
    {
        var next = WebhookTransitions.Outcome(Fresh with { Attempts = 1 }, new WebhookAttempt(null, "localhost resolves to 127.0.0.1, a loopback address.", Refused: true), Now, Options);

        Assert.Equal(RunCallback.Failed, next.State);
        Assert.Contains("loopback", next.LastError);
    }

    [Fact]
    public void TheDefaultSchedule_MakesAtLeastFiveAttempts_OverAtLeastTenMinutes()
    {
        var span = Enumerable.Range(1, Options.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (total, attempt) => total + Options.RetryDelay(attempt));

        Assert.True(Options.MaxAttempts >= 5);
        Assert.True(span >= TimeSpan.FromMinutes(10), $"{span}");
        Assert.Equal(TimeSpan.FromHours(1), new WebhooksOptions { FirstRetryDelay = TimeSpan.FromMinutes(40) }.RetryDelay(3));
    }
}
